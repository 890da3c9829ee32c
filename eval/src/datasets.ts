// Where the labelled public data lives and how to read it. The repository commits none of
// it: the eval and the trainer read it from AEGIS_DATASETS, by default the folder
// `../shared/datasets` next to the repository. Without it they stop with a clear message.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findRepoRoot } from '../../ext-authz/src/repo-root.js';

/** Rows whose licence lets the shipped model be trained on them (datasets README). */
export const TRAINABLE_LICENSES: ReadonlySet<string> = new Set(['Apache-2.0', 'MIT']);

export type Split = 'train' | 'val' | 'test';

export interface InjectionRow {
  readonly id: string;
  readonly text: string;
  readonly label: 0 | 1;
  readonly lang: string;
  readonly source: string;
  readonly category: string;
  readonly license: string;
  readonly split: Split;
}

export class DatasetMissingError extends Error {
  constructor(readonly path: string, readonly dir: string) {
    super(
      `dataset file not found: ${path}\n` +
        `The labelled data is not part of the repository. Point AEGIS_DATASETS at the folder that holds ` +
        `injection/, pii/ and secrets/ (currently ${dir}), for example:\n` +
        `  AEGIS_DATASETS=/path/to/shared/datasets npm run eval     (or: npm run train)`,
    );
    this.name = 'DatasetMissingError';
  }
}

export function datasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['AEGIS_DATASETS']?.trim();
  if (configured) return resolve(configured);
  return resolve(dirname(findRepoRoot()), 'shared', 'datasets');
}

/** The absolute path of a dataset file, or DatasetMissingError. */
export function datasetFile(dir: string, relative: string): string {
  const path = join(dir, relative);
  if (!existsSync(path)) throw new DatasetMissingError(path, dir);
  return path;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path}:${i + 1}: not a JSON line`);
      }
    });
}

export function readInjectionRows(dir: string): InjectionRow[] {
  return readJsonl<InjectionRow>(datasetFile(dir, 'injection/prompts.jsonl'));
}

export function isTrainable(row: InjectionRow): boolean {
  return TRAINABLE_LICENSES.has(row.license);
}
