// The heuristic half of the injection detector: weighted signals over the normalised views
// of a text and of whatever its encoded spans decode to. Each family of attack counts its
// strongest signal (plus half of the others, up to half a point); families add up. A raw score of 1
// is the detection line: one strong signal, or two weaker ones from different families.
import { decodeSpans } from './decode.js';
import { views, type TextViews } from './normalise.js';
import type { Family, Signal } from './signal.js';
import { EN_COMPACT_SIGNALS, EN_SIGNALS, INDIRECT_SIGNALS, MARKUP_SIGNALS, PAYLOAD_SIGNALS } from './signals-en.js';
import { KO_SIGNALS } from './signals-ko.js';

export interface HeuristicResult {
  /** Sum over families; 1 or more means detected. */
  readonly raw: number;
  /** Ids of the signals that matched, in table order. */
  readonly hits: readonly string[];
  /** Some signal matched in decoded (base64, hex, URL, escaped) text. */
  readonly decoded: boolean;
}

export const HEURISTIC_THRESHOLD = 1;
/** Extra weight when an encoded span decodes to something suspicious: hiding it is a signal. */
const ENCODED_BONUS = 0.4;
/** Within a family, the other signals count half, up to half a point. */
const MORE_OF_THE_SAME = 0.5;
const MORE_OF_THE_SAME_CAP = 0.5;
const HANGUL = /[\uac00-\ud7a3]/;

const LATIN_ONLY: readonly Signal[] = [...EN_SIGNALS, ...EN_COMPACT_SIGNALS, ...MARKUP_SIGNALS, ...INDIRECT_SIGNALS, ...PAYLOAD_SIGNALS];
const ALL_SIGNALS: readonly Signal[] = [...LATIN_ONLY, ...KO_SIGNALS];
/** What an indirect signal needs around it: the text holds a document. */
const DOCUMENT_WEIGHT = 0.45;
const TABLE = /(?:^|\n)[ \t]*\|[^\n]*\|[^\n]*\n[ \t]*\|[^\n]*\|/;
const EMAIL = /(?:^|\n|\|)[ \t]*(?:subject|email_from|from|to|received date|date|cc)[ \t]*:[^\n]*(?:\n|\|)[\s\S]{0,400}(?:^|\n|\|)[ \t]*(?:subject|email_from|from|to|received date|date|content|cc)[ \t]*:/i;
const CODE = /```|(?:^|\n)[ \t]*(?:def \w+\(|import [\w{*]|from [\w.]+ import |class \w+[ :({]|function \w*\(|(?:const|let|var) [\w$]+ ?=|public (?:static|class|void|final)|#include <|package [\w.]+;)/;

/** Scores the text and its decoded spans. `v` may be passed when the caller has the views already. */
export function scoreHeuristics(raw: string, v: TextViews = views(raw)): HeuristicResult {
  const plain = scoreViews(v);
  let best = plain;
  let decoded = false;
  for (const d of decodeSpans(raw)) {
    const inner = scoreViews(views(d.text));
    if (inner.raw < 0.5) continue;
    const boosted = inner.raw + ENCODED_BONUS;
    if (boosted > best.raw) best = { raw: boosted, hits: [...new Set([...plain.hits, ...inner.hits])], decoded: true };
    decoded = true;
  }
  return { ...best, decoded };
}

export function scoreViews(v: TextViews): HeuristicResult {
  const table = HANGUL.test(v.compact) ? ALL_SIGNALS : LATIN_ONLY;
  const byFamily = new Map<Family, number[]>();
  const hits: string[] = [];
  for (const s of table) {
    if (!s.pattern.test(v[s.view])) continue;
    hits.push(s.id);
    const list = byFamily.get(s.family);
    if (list) list.push(s.weight);
    else byFamily.set(s.family, [s.weight]);
  }
  if (byFamily.has('indirect') && holdsDocument(v.text)) {
    hits.push('doc.context');
    byFamily.set('context', [DOCUMENT_WEIGHT]);
  } else byFamily.delete('indirect');
  return { raw: sumFamilies(byFamily), hits: hits.filter((h) => byFamily.has(familyOf(h)) || h === 'doc.context'), decoded: false };
}

function holdsDocument(text: string): boolean {
  return TABLE.test(text) || EMAIL.test(text) || CODE.test(text);
}

function familyOf(id: string): Family {
  return id.split('.')[1] as Family;
}

function sumFamilies(byFamily: ReadonlyMap<Family, number[]>): number {
  let total = 0;
  for (const weights of byFamily.values()) {
    const strongest = Math.max(...weights);
    const others = weights.reduce((sum, w) => sum + w, 0) - strongest;
    total += strongest + Math.min(MORE_OF_THE_SAME_CAP, MORE_OF_THE_SAME * others);
  }
  return Math.round(total * 1000) / 1000;
}
