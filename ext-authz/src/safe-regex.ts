// Patterns that tenants supply (banned topics, tool-argument checks) run on RE2, an engine
// whose matching time is linear in the input: no backtracking, so no ReDoS. RE2 refuses what
// it cannot run in linear time (backreferences, lookahead, lookbehind) with a syntax error,
// which the policy loader reports as a policy error naming the file, line and field.
import RE2 from 're2';

export type SafeRegExp = InstanceType<typeof RE2>;
export type SafeRegExpSet = InstanceType<typeof RE2.Set>;

export const MAX_PATTERN_LENGTH = 1000;

export type PatternCheck = { readonly ok: true; readonly re: SafeRegExp } | { readonly ok: false; readonly reason: string };

/** Compiles one pattern (`u` flag: code points, UTF-8 inside RE2); `(?i)` for case-insensitive. */
export function compileSafePattern(source: string): PatternCheck {
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    return { ok: true, re: new RE2(source, 'u') };
  } catch (err) {
    return { ok: false, reason: `not a linear-time (RE2) pattern: ${(err as Error).message}` };
  }
}

/** Many patterns matched in one pass; `match(text)` answers the indices of those that matched. */
export function compileSafeSet(sources: readonly string[]): SafeRegExpSet {
  return new RE2.Set(sources, 'u');
}

/** A literal phrase as an RE2 source: case-insensitive, any whitespace between words, whole words at ASCII word edges. */
export function phraseSource(phrase: string): string {
  const words = phrase.trim().split(/\s+/).map(escapeLiteral);
  const start = /^\w/.test(phrase.trim()) ? '\\b' : '';
  const end = /\w$/.test(phrase.trim()) ? '\\b' : '';
  return `(?i:${start}${words.join('\\s+')}${end})`;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
