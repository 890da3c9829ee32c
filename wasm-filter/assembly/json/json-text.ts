// JSON-aware extraction of the text a model reads, in one pass over the body bytes.
//
// The whole document is validated (RFC 8259: structure, escapes, numbers, literals, UTF-8,
// nesting limit) while string values that hold prompt text go through the normaliser and
// are recorded as segments (their source span and their offsets in both views). Which
// strings count as text is decided by the member key that holds them: `text_fields` (the
// value itself, or the strings of an array under it) and `subtree_fields` (every string
// below). The defaults cover OpenAI chat/responses, Anthropic messages and Google
// generateContent bodies (see README). Keys are compared after unescaping. Iterative, with an
// explicit stack: deep nesting cannot overflow anything.
import { Normaliser, NormError } from "../text/normalise";
import { decodeUtf8, decodedLen, hex4 } from "../text/utf8";
import { ByteBuf } from "../text/byte-buf";

export const enum ScanResult { Ok = 0, Malformed = 1, InvalidUtf8 = 2, TooDeep = 3 }

const F_TEXT: u8 = 1; // strings here are text
const F_SUBTREE: u8 = 2; // every string below is text
const C_OBJ: u8 = 4; // container is an object (else array)

/** One scanned string: source span (without quotes) and where its text starts in each view. */
export class Segments {
  srcStart: i32[] = [];
  srcEnd: i32[] = [];
  textStart: i32[] = [];
  keyStart: i32[] = [];
  keyState: i32[] = [];
  count: i32 = 0;

  reset(): void { this.count = 0; }

  add(s: i32, e: i32, t: i32, k: i32, ks: i32): void {
    const i = this.count;
    if (i < this.srcStart.length) {
      unchecked(this.srcStart[i] = s); unchecked(this.srcEnd[i] = e);
      unchecked(this.textStart[i] = t); unchecked(this.keyStart[i] = k); unchecked(this.keyState[i] = ks);
    } else {
      this.srcStart.push(s); this.srcEnd.push(e); this.textStart.push(t); this.keyStart.push(k); this.keyState.push(ks);
    }
    this.count++;
  }
}

/** A set of member names, compared as bytes. */
export class KeySet {
  names: ArrayBuffer[] = [];
  add(name: string): void { this.names.push(String.UTF8.encode(name)); }
  has(p: usize, n: i32): bool {
    for (let i = 0; i < this.names.length; i++) {
      const k = unchecked(this.names[i]);
      if (k.byteLength == n && memory.compare(changetype<usize>(k), p, <usize>n) == 0) return true;
    }
    return false;
  }
}

export class TextExtractor {
  textFields: KeySet = new KeySet();
  subtreeFields: KeySet = new KeySet();
  allStrings: bool = false;
  maxDepth: i32 = 64;
  segments: Segments = new Segments();
  private stack: StaticArray<u8> = new StaticArray<u8>(1);
  private keyBuf: ByteBuf = new ByteBuf();
  errorAt: i32 = 0;

  /** Scans the JSON document [base, base+len); text goes to `norm` (already reset). */
  scan(norm: Normaliser, base: usize, len: i32): ScanResult {
    this.segments.reset();
    if (this.stack.length < this.maxDepth + 1) this.stack = new StaticArray<u8>(this.maxDepth + 1);
    const stack = this.stack;
    const end = base + <usize>len;
    let p = base;
    // A UTF-8 byte order mark is tolerated.
    if (len >= 3 && load<u8>(p) == 0xef && load<u8>(p, 1) == 0xbb && load<u8>(p, 2) == 0xbf) p += 3;
    let depth = 0;
    let flags: u8 = this.allStrings ? F_TEXT | F_SUBTREE : 0; // flags of the value about to be read
    while (true) {
      // ---- a value ----
      p = skipWs(p, end);
      if (p >= end) return this.fail(p, base, ScanResult.Malformed);
      let c = load<u8>(p);
      if (c == 0x7b || c == 0x5b) {
        if (depth >= this.maxDepth) return this.fail(p, base, ScanResult.TooDeep);
        const isObj = c == 0x7b;
        unchecked(stack[depth] = (flags & (F_TEXT | F_SUBTREE)) | (isObj ? C_OBJ : 0));
        depth++;
        p = skipWs(p + 1, end);
        if (p >= end) return this.fail(p, base, ScanResult.Malformed);
        c = load<u8>(p);
        if (c == (isObj ? 0x7d : 0x5d)) {
          depth--;
          p++;
        } else if (isObj) {
          const q = this.member(p, end, stack[depth - 1]);
          if (q == 0) return this.fail(p, base, ScanResult.Malformed);
          p = q;
          flags = this.memberFlags;
          continue;
        } else {
          flags = stack[depth - 1] & (F_TEXT | F_SUBTREE);
          continue;
        }
      } else if (c == 0x22) {
        let q: usize;
        if ((flags & (F_TEXT | F_SUBTREE)) != 0) {
          norm.separator();
          const ts = norm.text.len;
          const ks = norm.key.len;
          const st = norm.keyState();
          q = norm.jsonString(p + 1, end);
          if (q == 0) return this.fail(p, base, norm.error == NormError.InvalidUtf8 ? ScanResult.InvalidUtf8 : ScanResult.Malformed);
          this.segments.add(<i32>(p + 1 - base), <i32>(q - 1 - base), ts, ks, st);
        } else {
          q = skipString(p + 1, end);
          if (q == 0) return this.fail(p, base, skipError == 2 ? ScanResult.InvalidUtf8 : ScanResult.Malformed);
        }
        p = q;
      } else {
        const q = skipScalar(p, end);
        if (q == 0) return this.fail(p, base, ScanResult.Malformed);
        p = q;
      }
      // ---- after a value: close containers or move to the next element ----
      while (true) {
        if (depth == 0) {
          p = skipWs(p, end);
          return p == end ? ScanResult.Ok : this.fail(p, base, ScanResult.Malformed);
        }
        p = skipWs(p, end);
        if (p >= end) return this.fail(p, base, ScanResult.Malformed);
        c = load<u8>(p);
        const top = unchecked(stack[depth - 1]);
        const isObj = (top & C_OBJ) != 0;
        if (c == 0x2c) {
          p = skipWs(p + 1, end);
          if (isObj) {
            const q = this.member(p, end, top);
            if (q == 0) return this.fail(p, base, ScanResult.Malformed);
            p = q;
            flags = this.memberFlags;
          } else {
            flags = top & (F_TEXT | F_SUBTREE);
          }
          break;
        }
        if (c == (isObj ? 0x7d : 0x5d)) {
          depth--;
          p++;
          continue;
        }
        return this.fail(p, base, ScanResult.Malformed);
      }
    }
  }

  private memberFlags: u8 = 0;

  /** Reads `"key" :` at p; sets memberFlags for the value. Returns the position after ':' or 0. */
  private member(p: usize, end: usize, parent: u8): usize {
    if (p >= end || load<u8>(p) != 0x22) return 0;
    const ks = p + 1;
    const q = skipString(ks, end);
    if (q == 0) return 0;
    let f: u8 = parent & F_SUBTREE;
    if (f != 0) f |= F_TEXT;
    else {
      let kp = ks;
      let kn = <i32>(q - 1 - ks);
      if (hasBackslash(ks, q - 1)) {
        unescapeKey(this.keyBuf, ks, q - 1);
        kp = this.keyBuf.ptr;
        kn = this.keyBuf.len;
      }
      if (this.subtreeFields.has(kp, kn)) f = F_TEXT | F_SUBTREE;
      else if (this.textFields.has(kp, kn)) f = F_TEXT;
    }
    this.memberFlags = f;
    let r = skipWs(q, end);
    if (r >= end || load<u8>(r) != 0x3a) return 0;
    return r + 1;
  }

  private fail(p: usize, base: usize, r: ScanResult): ScanResult {
    this.errorAt = <i32>(p - base);
    return r;
  }
}

// @ts-ignore: decorator
@inline function skipWs(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
    p++;
  }
  return p;
}

function hasBackslash(p: usize, end: usize): bool {
  while (p < end) { if (load<u8>(p) == 0x5c) return true; p++; }
  return false;
}

/** Decodes a (validated) key with escapes into `out`; \u escapes become UTF-8. */
function unescapeKey(out: ByteBuf, p: usize, end: usize): void {
  out.reset();
  out.reserve(<i32>(end - p) + 4);
  while (p < end) {
    const c = load<u8>(p);
    if (c != 0x5c) { out.push(c); p++; continue; }
    const e = load<u8>(p, 1);
    if (e == 0x75) {
      const u = hex4(p + 2);
      p += 6;
      if (u < 0x80) out.push(<u8>u);
      else if (u < 0x800) { out.push(<u8>(0xc0 | (u >> 6))); out.push(<u8>(0x80 | (u & 0x3f))); }
      else { out.push(<u8>(0xe0 | (u >> 12))); out.push(<u8>(0x80 | ((u >> 6) & 0x3f))); out.push(<u8>(0x80 | (u & 0x3f))); }
      continue;
    }
    let d: u8 = e;
    if (e == 0x6e) d = 0x0a; else if (e == 0x74) d = 0x09; else if (e == 0x72) d = 0x0d;
    else if (e == 0x62) d = 0x08; else if (e == 0x66) d = 0x0c;
    out.push(d);
    p += 2;
  }
}

let skipError: i32 = 0;

/** Validates a string whose opening quote is at p-1; returns the position after the closing quote, or 0. */
function skipString(p: usize, end: usize): usize {
  while (p < end) {
    const c = <i32>load<u8>(p);
    if (c == 0x22) return p + 1;
    if (c >= 0x20 && c < 0x80 && c != 0x5c) { p++; continue; }
    if (c == 0x5c) {
      if (p + 1 >= end) break;
      const e = <i32>load<u8>(p, 1);
      if (e == 0x75) {
        if (p + 6 > end || hex4(p + 2) < 0) break;
        p += 6;
        continue;
      }
      if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) { p += 2; continue; }
      break;
    }
    if (c < 0x20) break;
    if (decodeUtf8(p, end) < 0) { skipError = 2; return 0; }
    p += <usize>decodedLen;
  }
  skipError = 1;
  return 0;
}

/** A number or literal at p; returns the position after it, or 0. */
function skipScalar(p: usize, end: usize): usize {
  const c = load<u8>(p);
  if (c == 0x74) return lit(p, end, 0x65757274, 4); // true
  if (c == 0x6e) return lit(p, end, 0x6c6c756e, 4); // null
  if (c == 0x66) {
    if (p + 5 > end || load<u32>(p, 1) != 0x65736c61) return 0; // alse
    return p + 5;
  }
  let q = p;
  if (load<u8>(q) == 0x2d) q++;
  if (q >= end) return 0;
  let d = load<u8>(q);
  if (d == 0x30) q++;
  else if (d >= 0x31 && d <= 0x39) { while (q < end && isDigit(load<u8>(q))) q++; }
  else return 0;
  if (q < end && load<u8>(q) == 0x2e) {
    q++;
    const s = q;
    while (q < end && isDigit(load<u8>(q))) q++;
    if (q == s) return 0;
  }
  if (q < end && (load<u8>(q) | 0x20) == 0x65) {
    q++;
    if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) q++;
    const s = q;
    while (q < end && isDigit(load<u8>(q))) q++;
    if (q == s) return 0;
  }
  return q;
}

function lit(p: usize, end: usize, word: u32, n: usize): usize {
  if (p + n > end || load<u32>(p) != word) return 0;
  return p + n;
}

// @ts-ignore: decorator
@inline function isDigit(b: u8): bool { return <u32>b - 0x30 < 10; }
