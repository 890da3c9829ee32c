// Decoding before detection: an attack wrapped in base64, hex, URL-encoding, backslash or
// HTML escapes is still text a model can be asked to decode and follow. This finds such
// spans in a prompt and returns what they decode to, when that is readable text, so the
// detector can look at it too. Bounded: at most MAX_DECODED characters, two levels deep
// (base64 inside hex), spans capped at MAX_SPAN characters.

export type Encoding = 'base64' | 'hex' | 'url' | 'escape' | 'html';

export interface Decoded {
  readonly encoding: Encoding;
  readonly text: string;
}

const MAX_DECODED = 64 * 1024;
const MAX_SPAN = 16 * 1024;
const MAX_DEPTH = 2;

const BASE64_SPAN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_SPAN = /(?<![0-9A-Za-z])(?:(?:\\x|0x|%)?[0-9A-Fa-f]{2}[\s,:-]?){8,}/g;
const URL_ENCODED = /%[0-9A-Fa-f]{2}(?:[^%]{0,12}%[0-9A-Fa-f]{2}){2}/;
const BACKSLASH_ESCAPE = /\\u\{[0-9A-Fa-f]{1,6}\}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\[0-7]{3}/;
const HTML_ENTITY = /&#(?:x[0-9A-Fa-f]{1,6}|[0-9]{1,7});/;

/** Readable text hidden in encoded spans of `raw` (empty when there is none). */
export function decodeSpans(raw: string): Decoded[] {
  const out: Decoded[] = [];
  collect(raw, 1, out, { left: MAX_DECODED });
  return out;
}

interface Budget {
  left: number;
}

function collect(text: string, depth: number, out: Decoded[], budget: Budget): void {
  const found: Decoded[] = [...escapes(text), ...spans(text, BASE64_SPAN, 'base64', fromBase64), ...spans(text, HEX_SPAN, 'hex', fromHex)];
  for (const d of found) {
    if (budget.left <= 0) return;
    const text = d.text.slice(0, budget.left);
    budget.left -= text.length;
    out.push({ encoding: d.encoding, text });
    if (depth < MAX_DEPTH) collect(text, depth + 1, out, budget);
  }
}

function spans(text: string, pattern: RegExp, encoding: Encoding, decode: (span: string) => string | undefined): Decoded[] {
  const out: Decoded[] = [];
  for (const m of text.matchAll(pattern)) {
    const decoded = decode(m[0].slice(0, MAX_SPAN));
    if (decoded !== undefined && readable(decoded)) out.push({ encoding, text: decoded });
  }
  return out;
}

function escapes(text: string): Decoded[] {
  const out: Decoded[] = [];
  if (BACKSLASH_ESCAPE.test(text)) out.push({ encoding: 'escape', text: unescapeBackslashes(text) });
  if (HTML_ENTITY.test(text)) out.push({ encoding: 'html', text: unescapeHtml(text) });
  if (URL_ENCODED.test(text)) out.push({ encoding: 'url', text: fromUrl(text) });
  return out;
}

export function fromBase64(span: string): string | undefined {
  const clean = span.replace(/=+$/, '');
  if (clean.length < 16 || !/[A-Z]/.test(clean) || !/[a-z0-9]/.test(clean)) return undefined;
  if (clean.length % 4 === 1) return undefined;
  return utf8(Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export function fromHex(span: string): string | undefined {
  const digits = span.replace(/\\x|0x|%|[\s,:-]/gi, '');
  if (digits.length % 2 !== 0 || digits.length < 16) return undefined;
  return utf8(Buffer.from(digits, 'hex'));
}

/** %XX runs decoded where they are UTF-8 (left as they are where not); `+` is a space in a text without spaces. */
export function fromUrl(text: string): string {
  const spaced = /\s/.test(text) ? text : text.replace(/\+/g, ' ');
  return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

export function unescapeBackslashes(text: string): string {
  const units = text.replace(/\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\([0-7]{3})/g, (_m, cp: string, u: string, x: string, o: string) => {
    if (cp) return codePoint(parseInt(cp, 16));
    if (u) return String.fromCharCode(parseInt(u, 16));
    return String.fromCharCode(x ? parseInt(x, 16) : parseInt(o, 8));
  });
  return units.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export function unescapeHtml(text: string): string {
  return text.replace(/&#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}));/g, (_m, hex: string, dec: string) => codePoint(hex ? parseInt(hex, 16) : parseInt(dec, 10)));
}

function codePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}

/** Strict UTF-8 decode; undefined when the bytes are not UTF-8. */
function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Mostly letters, digits, spaces and punctuation, with at least one run of letters. */
export function readable(text: string): boolean {
  if (text.length < 4) return false;
  let good = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xa0 && /\p{L}/u.test(ch))) good++;
  }
  return good / [...text].length >= 0.9 && /\p{L}{3}/u.test(text);
}
