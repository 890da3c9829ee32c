// Evasion transformations applied to known attacks. Each turns an attack into the user
// messages (or the raw JSON body) an attacker would send; all are deterministic for a seed.
import { mulberry32 } from '../../ext-authz/src/ml/train-logistic.js';
import type { EvasionSeed } from './eval-data.js';
import { chatBody, escapedChatBody } from './request.js';

export interface Transform {
  readonly name: string;
  readonly description: string;
  /** The JSON body to send, or undefined when the transform does not apply to the seed. */
  apply(seed: EvasionSeed, random: () => number): string | undefined;
}

const HOMOGLYPHS: Readonly<Record<string, string>> = { a: 'а', c: 'с', e: 'е', i: 'і', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у', A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х' };
const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', A: '4', E: '3', I: '1', O: '0', S: '5', T: '7' };
/** A neutral carrier: no "decode and follow" cue, so only the payload can give it away. */
const CARRIER = 'Please process this:';

const text = (f: (s: string, random: () => number) => string) => (seed: EvasionSeed, random: () => number) => chatBody([f(seed.text, random)]);

export const TRANSFORMS: readonly Transform[] = [
  { name: 'none', description: 'the attack as written', apply: text((s) => s) },
  { name: 'case', description: 'random upper and lower case', apply: text((s, r) => [...s].map((c) => (r() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('')) },
  { name: 'spacing', description: 'letters spaced out, words two spaces apart', apply: text((s) => s.split(/\s+/).map((w) => [...w].join(' ')).join('  ')) },
  { name: 'zero-width', description: 'U+200B between every two characters', apply: text((s) => [...s].join('\u200b')) },
  { name: 'fullwidth', description: 'ASCII letters and digits as fullwidth forms', apply: text((s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))) },
  { name: 'homoglyphs', description: 'Latin letters swapped for Cyrillic look-alikes', apply: text((s) => s.replace(/[a-zA-Z]/g, (c) => HOMOGLYPHS[c] ?? c)) },
  { name: 'leetspeak', description: 'a→4 e→3 i→1 o→0 s→5 t→7', apply: text((s) => s.replace(/[aeiostAEIOST]/g, (c) => LEET[c] ?? c)) },
  { name: 'json-escapes', description: 'every character of the message as a \\uXXXX escape in the JSON body', apply: (seed) => escapedChatBody([seed.text]) },
  { name: 'split-messages', description: 'the attack cut into three consecutive user messages', apply: (seed) => chatBody(splitInto(seed.text, 3)) },
  { name: 'base64', description: `"${CARRIER} <base64 of the attack>"`, apply: text((s) => `${CARRIER} ${Buffer.from(s, 'utf8').toString('base64')}`) },
  { name: 'hex', description: `"${CARRIER} <hex of the attack>"`, apply: text((s) => `${CARRIER} ${Buffer.from(s, 'utf8').toString('hex')}`) },
  { name: 'url-encoding', description: 'percent-encoded (an extra, not in the issue list)', apply: text((s) => encodeURIComponent(s)) },
  { name: 'korean', description: 'translated into Korean (by hand, seeds with a translation only)', apply: (seed) => (seed.ko ? chatBody([seed.ko]) : undefined) },
];

/** Splits at word boundaries into `parts` pieces of similar length. */
export function splitInto(s: string, parts: number): string[] {
  const words = s.split(' ');
  const size = Math.ceil(words.length / parts);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(' '));
  return out;
}

export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}
