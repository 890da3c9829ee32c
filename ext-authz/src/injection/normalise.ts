// Text views the injection detector matches on. Every view starts from the same fold:
// NFKC (fullwidth, ligatures, maths letters, compatibility jamo), invisible characters
// removed (zero-width, bidi controls, variation selectors, soft hyphen), Unicode tag
// characters turned back into the ASCII they smuggle, Latin diacritics stripped, lower case,
// and Cyrillic/Greek look-alikes folded to Latin. Then:
//   text     the fold with spaces collapsed, line breaks kept (punctuation kept): markup signals
//            and the ML's punctuation features read it
//   words    letters and digits only, leetspeak folded in mixed tokens, l e t t e r - s p a c e d
//            runs joined, single spaces, padded with a space at both ends: the English
//            signals and the ML's n-grams read it
//   compact  `words` with every space removed: Korean signals are written without spaces, so
//            spacing and particle spacing variations do not matter; a few long English phrases
//            are matched here too ("i gnore al l previous…")
// One pass per view over the characters; no Unicode property regexes (they are slow in V8).

export interface TextViews {
  readonly text: string;
  readonly words: string;
  readonly compact: string;
}

const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;
const TAG_CHARS = /\udb40[\udc20-\udc7e]/g;
const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const HAS_COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Cyrillic, Greek, Armenian and small-capital letters that look like Latin ones (after lower-casing). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', и: 'u', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g', ɩ: 'i', ı: 'i',
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o',
  ς: 'c', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j', ո: 'n', ս: 'u', օ: 'o', ց: 'g', հ: 'h', ɑ: 'a', ꭰ: 'd',
  ʀ: 'r', ʏ: 'y', ᴀ: 'a', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ꞯ: 'q', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z',
};
const HOMOGLYPH_CHARS = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

/** Leetspeak digits and symbols, folded only inside tokens that also hold letters. */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't', '€': 'e' };
/** Separators that may sit between the letters of a spaced-out word ("i.g.n.o.r.e"): space . - _ * / ' · , ~ + */
function isSpacer(c: number): boolean {
  return c === 32 || c === 0x2e || c === 0x2d || c === 0x5f || c === 0x2a || c === 0x2f || c === 0x27 || c === 0xb7 || c === 0x2c || c === 0x7e || c === 0x2b;
}

/** The keys of LEET, by code: digits 0 1 3 4 5 7 8 9 and @ $ ! | + €. */
function isLeetChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39 && c !== 0x32 && c !== 0x36) || c === 0x40 || c === 0x24 || c === 0x21 || c === 0x7c || c === 0x2b || c === 0x20ac;
}

/** The shared fold: NFKC, invisibles out, tags decoded, diacritics out, lower case, homoglyphs. */
export function fold(raw: string): string {
  let s = raw.replace(TAG_CHARS, (c) => String.fromCharCode(c.charCodeAt(1) - 0xdc00));
  s = s.replace(INVISIBLE, '');
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  s = s.normalize('NFKC');
  if (HAS_COMBINING.test(s)) s = s.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  return s.toLowerCase().replace(HOMOGLYPH_CHARS, (c) => HOMOGLYPHS[c] ?? c);
}

export function views(raw: string): TextViews {
  const folded = fold(raw);
  const words = wordsOf(folded);
  return { text: textOf(folded), words, compact: compactOf(words) };
}

/** Letters and digits of the scripts prompts are written in (ASCII fast path first). */
export function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return (
    (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || // Latin-1 and Latin Extended letters
    (c >= 0x370 && c <= 0x3ff) || // Greek
    (c >= 0x400 && c <= 0x52f) || // Cyrillic
    (c >= 0x1100 && c <= 0x11ff) || // Hangul jamo
    (c >= 0x3131 && c <= 0x318e) || // Hangul compatibility jamo
    (c >= 0x3040 && c <= 0x30ff) || // kana
    (c >= 0x4e00 && c <= 0x9fff) || // CJK ideographs
    (c >= 0x530 && c <= 0x58f) || // Armenian
    (c >= 0x5d0 && c <= 0x5ea) || // Hebrew letters
    (c >= 0x620 && c <= 0x64a) || // Arabic letters
    (c >= 0x900 && c <= 0x97f) || // Devanagari
    (c >= 0xe00 && c <= 0xe7f) || // Thai
    (c >= 0x1d00 && c <= 0x1dbf) || // phonetic extensions (small capitals)
    (c >= 0x1e00 && c <= 0x1eff) // Latin Extended Additional
  );
}

// Token boundaries and flags of the current text, in reusable buffers (no allocation per token).
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);
let flags = new Uint8Array(1024);
let out = new Uint16Array(4096);
const TIGHT = 1; // one spacer character before the token
const LETTERS = 2; // holds a-z
const LEETS = 4; // holds a leet digit or symbol
const SYMBOLS = 8; // holds a character that is not a word character (a leet symbol)

/**
 * The `words` view: tokens of word characters (and leet symbols inside them), one space
 * apart, padded. Runs of one-character tokens set one spacer apart ("i.g.n.o.r.e") are
 * joined: four or more in ordinary text; in a text spaced out letter by letter (most
 * tokens one character) two or more, so "i g n o r e  a l l" reads "ignore all". Tokens
 * mixing letters with leet digits or symbols are folded ("1gn0r3" → "ignore").
 */
function wordsOf(s: string): string {
  const count = tokenize(s);
  if (count === 0) return '';
  let singles = 0;
  for (let t = 0; t < count; t++) if (ends[t]! - starts[t]! === 1) singles++;
  const minRun = count >= 8 && singles * 2 > count ? 2 : 4;
  if (out.length < s.length + 2) out = new Uint16Array(s.length * 2 + 2);
  let n = 0;
  out[n++] = 32;
  for (let t = 0; t < count; ) {
    let u = t + 1;
    if (ends[t]! - starts[t]! === 1) while (u < count && ends[u]! - starts[u]! === 1 && (flags[u]! & TIGHT) !== 0) u++;
    if (u - t >= minRun) {
      for (let k = t; k < u; k++) out[n++] = s.charCodeAt(starts[k]!);
      t = u;
    } else {
      n = writeToken(s, t, n);
      t++;
    }
    out[n++] = 32;
  }
  return decode(n);
}

/** Fills starts/ends/flags; returns the number of tokens. */
function tokenize(s: string): number {
  let count = 0;
  let start = -1;
  let gapStart = 0;
  let f = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const word = isWordChar(c);
    const inToken = word || (start >= 0 && isLeetSymbol(c) && i + 1 < s.length && isWordChar(s.charCodeAt(i + 1)));
    if (inToken) {
      if (start < 0) {
        start = i;
        f = i - gapStart === 1 && isSpacer(s.charCodeAt(i - 1)) ? TIGHT : 0;
      }
      if (c >= 0x61 && c <= 0x7a) f |= LETTERS;
      else if (isLeetChar(c)) f |= LEETS;
      if (!word) f |= SYMBOLS;
      continue;
    }
    if (start >= 0) {
      if (count === starts.length) grow();
      starts[count] = start;
      ends[count] = i;
      flags[count] = f;
      count++;
      start = -1;
      gapStart = i;
    }
  }
  return count;
}

/** Writes token t (leet folded when it mixes letters and leet, symbols dropped otherwise). */
function writeToken(s: string, t: number, n: number): number {
  const f = flags[t]!;
  const fold = (f & LETTERS) !== 0 && (f & LEETS) !== 0;
  for (let i = starts[t]!; i < ends[t]!; i++) {
    const c = s.charCodeAt(i);
    if (fold) {
      const mapped = LEET[s[i]!];
      out[n++] = mapped === undefined ? c : mapped.charCodeAt(0);
    } else if ((f & SYMBOLS) === 0 || isWordChar(c)) out[n++] = c;
  }
  return n;
}

function grow(): void {
  const size = starts.length * 2;
  const [s0, e0, f0] = [starts, ends, flags];
  starts = new Int32Array(size);
  ends = new Int32Array(size);
  flags = new Uint8Array(size);
  starts.set(s0);
  ends.set(e0);
  flags.set(f0);
}

const UTF16 = new TextDecoder('utf-16le');

/** `words` without its spaces. */
function compactOf(words: string): string {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const c = words.charCodeAt(i);
    if (c !== 32) out[n++] = c;
  }
  return decode(n);
}

function decode(n: number): string {
  return UTF16.decode(out.subarray(0, n));
}

function isLeetSymbol(c: number): boolean {
  return c === 0x40 || c === 0x24 || c === 0x21 || c === 0x7c || c === 0x2b || c === 0x20ac;
}

/** Spaces collapsed, line breaks kept (one per run of blank space), trimmed. */
function textOf(s: string): string {
  if (out.length < s.length + 2) out = new Uint16Array(s.length * 2 + 2);
  let n = 0;
  let pending = 0; // 0 none, 32 a space, 10 a line break
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      if (n > 0 && pending !== 10) pending = c === 10 ? 10 : 32;
      continue;
    }
    if (pending !== 0) out[n++] = pending;
    pending = 0;
    out[n++] = c;
  }
  return decode(n);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
