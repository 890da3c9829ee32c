// The project's own evaluation sets, committed under eval/data/ (written for Aegis, no
// dataset rows): the Korean attack and look-alike set, English hard negatives, and the
// attack seeds of the evasion suite (with Korean translations).
import { join } from 'node:path';
import { findRepoRoot } from '../../ext-authz/src/repo-root.js';
import { readJsonl } from './datasets.js';

export interface LabelledText {
  readonly id: string;
  readonly text: string;
  readonly label: 0 | 1;
  readonly category: string;
  /** The Korean set: `dev` (read while writing the Korean signals) or `holdout` (never read). */
  readonly split?: 'dev' | 'holdout';
}

export interface EvasionSeed {
  readonly id: string;
  readonly text: string;
  /** A Korean translation, for the translation transform. */
  readonly ko?: string;
}

const DATA = join(findRepoRoot(), 'eval', 'data');

export function koreanSet(): LabelledText[] {
  return readJsonl<LabelledText>(join(DATA, 'ko-injection.jsonl'));
}

export function englishHardNegatives(): LabelledText[] {
  return readJsonl<LabelledText>(join(DATA, 'hard-negatives-en.jsonl'));
}

export function evasionSeeds(): EvasionSeed[] {
  return readJsonl<EvasionSeed>(join(DATA, 'evasion-seeds.jsonl'));
}
