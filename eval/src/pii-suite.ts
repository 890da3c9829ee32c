// PII through the filter, span by span: each text goes through build/aegis_filter.wasm in
// the Node host; the forwarded body is aligned with the original to find what was replaced
// and by which placeholder ([CARD], [EMAIL]…); a gold span counts as found when a
// redaction of its type overlaps it, a redaction that overlaps no gold span of its type is
// a false positive. Gold identifiers that fail their own checksum (a Luhn-invalid "card")
// are left out both ways and counted in the note.
import { readFileSync } from 'node:fs';
import { ibanValid, luhnValid } from './checksums.js';
import { datasetFile } from './datasets.js';
import type { FilterHost } from './filter-runner.js';
import { chatBody } from './request.js';
import { emptyConfusion, type Confusion } from './metrics.js';
import { toRow, type ResultRow } from './rows.js';
import { generateRrnSamples } from './rrn.js';

export type PiiType = 'card' | 'phone' | 'email' | 'iban' | 'us_ssn' | 'kr_rrn';

export interface GoldSpan {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

export interface PiiText {
  readonly text: string;
  readonly spans: readonly GoldSpan[];
}

export interface Redaction {
  readonly type: PiiType | 'other';
  readonly start: number;
  readonly end: number;
}

const PLACEHOLDER_TYPES: Readonly<Record<string, PiiType>> = { CARD: 'card', PHONE: 'phone', EMAIL: 'email', IBAN: 'iban', SSN: 'us_ssn', KR_RRN: 'kr_rrn' };
const PRESIDIO_TYPES: Readonly<Record<string, PiiType>> = { CREDIT_CARD: 'card', PHONE_NUMBER: 'phone', EMAIL_ADDRESS: 'email', IBAN_CODE: 'iban', US_SSN: 'us_ssn' };
const KO_FINANCE_TYPES: Readonly<Record<string, PiiType>> = { credit_card_number: 'card', phone_number: 'phone', email: 'email', iban: 'iban', ssn: 'us_ssn' };
const PLACEHOLDER = /\[[A-Z][A-Z0-9_]*\]/g;

export function presidioTexts(dir: string): PiiText[] {
  const records = JSON.parse(readFileSync(datasetFile(dir, 'pii/presidio_synth_dataset_v2.json'), 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
  }[];
  return records.map((r) => ({
    text: r.full_text,
    spans: r.spans.filter((s) => PRESIDIO_TYPES[s.entity_type]).map((s) => ({ type: PRESIDIO_TYPES[s.entity_type]!, start: s.start_position, end: s.end_position, value: s.entity_value })),
  }));
}

/** Gold spans are every occurrence of an answer string in the (translated) text. */
export function koFinanceTexts(dir: string): PiiText[] {
  const path = datasetFile(dir, 'pii/ko_finance_pii_translated.jsonl');
  const records = readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as { query: string; answer: { form: string; label: string }[] }] : [];
    } catch {
      return []; // three upstream lines carry invalid escapes; they are skipped
    }
  });
  return records.map((r) => ({ text: r.query, spans: occurrences(r.query, r.answer) }));
}

function occurrences(text: string, answers: readonly { form: string; label: string }[]): GoldSpan[] {
  const spans = new Map<string, GoldSpan>();
  for (const a of answers) {
    const type = KO_FINANCE_TYPES[a.label];
    if (!type || a.form.trim() === '') continue;
    for (let i = text.indexOf(a.form); i >= 0; i = text.indexOf(a.form, i + 1)) spans.set(`${i}:${type}`, { type, start: i, end: i + a.form.length, value: a.form });
  }
  return [...spans.values()];
}

export function rrnTexts(count: number, seed: number): { positives: PiiText[]; negatives: string[] } {
  const samples = generateRrnSamples(count, seed);
  const positives = samples.filter((s) => s.valid).map((s) => {
    const start = s.text.indexOf(s.value);
    return { text: s.text, spans: [{ type: 'kr_rrn' as const, start, end: start + s.value.length, value: s.value }] };
  });
  return { positives, negatives: samples.filter((s) => !s.valid).map((s) => s.text) };
}

/** Where the forwarded text differs from the original, and the placeholder that took each place. */
export function alignRedactions(original: string, forwarded: string): Redaction[] | undefined {
  const placeholders = forwarded.match(PLACEHOLDER) ?? [];
  if (placeholders.length === 0) return forwarded === original ? [] : undefined;
  const literals = forwarded.split(PLACEHOLDER);
  const source = literals.map(escapeRegExp).join('([\\s\\S]+?)');
  const m = new RegExp(`^${source}$`, 'd').exec(original);
  if (!m?.indices) return undefined;
  return placeholders.map((p, i) => {
    const [start, end] = m.indices![i + 1]!;
    return { type: PLACEHOLDER_TYPES[p.slice(1, -1)] ?? 'other', start, end };
  });
}

export interface PiiTally {
  readonly confusion: Map<PiiType, Confusion>;
  readonly invalid: Map<PiiType, number>;
  readonly ms: number[];
  unaligned: number;
  blocked: number;
}

export function newPiiTally(): PiiTally {
  return { confusion: new Map(), invalid: new Map(), ms: [], unaligned: 0, blocked: 0 };
}

export function scoreText(host: FilterHost, item: PiiText, tally: PiiTally): void {
  const ex = host.exchange(chatBody([item.text]));
  tally.ms.push(ex.ms);
  if (ex.forwarded === undefined) {
    tally.blocked++;
    return;
  }
  const forwarded = userContent(ex.forwarded);
  const redactions = forwarded === undefined ? undefined : alignRedactions(item.text, forwarded);
  if (!redactions) {
    tally.unaligned++;
    return;
  }
  const gold = item.spans.filter(checksumOk);
  const invalid = item.spans.filter((g) => !checksumOk(g));
  for (const g of invalid) bump(tally.invalid, g.type);
  for (const g of gold) {
    const c = confusionOf(tally, g.type);
    if (redactions.some((r) => r.type === g.type && overlaps(r, g))) c.tp++;
    else c.fn++;
  }
  for (const r of redactions) {
    if (r.type === 'other') continue;
    const matched = gold.some((g) => g.type === r.type && overlaps(r, g)) || invalid.some((g) => overlaps(r, g));
    if (!matched) confusionOf(tally, r.type).fp++;
  }
}

export function piiRows(dataset: string, lang: string, tally: PiiTally, types: readonly PiiType[]): ResultRow[] {
  return types.map((type) => {
    const c = tally.confusion.get(type) ?? emptyConfusion();
    const notes = [`span-level; ${tally.invalid.get(type) ?? 0} gold spans failing their checksum left out`];
    if (tally.blocked) notes.push(`${tally.blocked} texts blocked by the filter (not scored)`);
    if (tally.unaligned) notes.push(`${tally.unaligned} forwarded texts could not be aligned (not scored)`);
    const row = toRow(`filter.pii.${type}`, dataset, lang, c, tally.ms, notes.join('; '));
    return { ...row, n: c.tp + c.fn, positives: c.tp + c.fn, negatives: 0, fpr: null };
  });
}

function userContent(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { messages?: { role: string; content: unknown }[] };
    const content = json.messages?.find((m) => m.role === 'user')?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

function checksumOk(g: GoldSpan): boolean {
  if (g.type === 'card') return luhnValid(g.value);
  if (g.type === 'iban') return ibanValid(g.value);
  return true;
}

function confusionOf(tally: PiiTally, type: PiiType): Confusion {
  let c = tally.confusion.get(type);
  if (!c) tally.confusion.set(type, (c = emptyConfusion()));
  return c;
}

function bump(map: Map<PiiType, number>, type: PiiType): void {
  map.set(type, (map.get(type) ?? 0) + 1);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
