// A heuristic signal: a pattern on one text view, the family of attack it points to, and
// its weight. A family contributes its strongest signal; the detector adds the families.

export type Family =
  | 'override' // ignore / forget / disregard the instructions so far
  | 'extraction' // reveal the system prompt, repeat the text above
  | 'persona' // you are now X; role-play frames
  | 'unrestricted' // no rules, no filters, an amoral persona
  | 'jailbreak' // named jailbreaks and their machinery: DAN, developer mode, two answers, tokens
  | 'compliance' // never refuse, never apologise, no disclaimers, start with "Sure"
  | 'policy' // the provider's content policy named as something to set aside
  | 'evasion' // "for educational purposes", "purely hypothetical"
  | 'exfiltration' // hand over confidential data
  | 'coercion' // "…or I will expose you": threats that go with exfiltration
  | 'markup' // fake chat-template or role tags inside user text
  | 'indirect' // an instruction aimed at the assistant's output, planted in a document
  | 'payload' // code that exfiltrates, persists or destroys, offered for insertion
  | 'context' // the text holds a document (table, e-mail, code): counts only with 'indirect'
  | 'encoding'; // decode this and follow it

export type View = 'words' | 'compact' | 'text';

export interface Signal {
  /** Stable id, `<lang>.<family>.<name>`, shown in explanations and tests. */
  readonly id: string;
  readonly family: Family;
  readonly view: View;
  readonly pattern: RegExp;
  readonly weight: number;
}

type SignalRow = readonly [name: string, family: Family, weight: number, pattern: string];

/** Builds signals from table rows; patterns are case-sensitive on already-folded text. */
export function signals(lang: string, view: View, rows: readonly SignalRow[]): Signal[] {
  return rows.map(([name, family, weight, pattern]) => ({ id: `${lang}.${family}.${name}`, family, view, weight, pattern: new RegExp(pattern) }));
}

/** `(?:a|b|c)` from a list of alternatives. */
export function any(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}

/** Up to `n` whole words (words view: single spaces, padded). */
export function gap(n: number): string {
  return `(?:[^ ]+ ){0,${n}}`;
}
