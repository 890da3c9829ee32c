// The normaliser: one pass from source bytes (a JSON string literal, or raw UTF-8 text) to two
// views that the matchers read, both UTF-8 byte buffers:
//
//   text view     JSON escapes decoded (\uXXXX and surrogate pairs), Unicode compatibility
//                 forms folded (fullwidth, math letters, compatibility spaces...), Hangul
//                 jamo composed to syllables as NFKC does, zero-width/bidi/control characters
//                 removed, whitespace runs collapsed to one space. Case is kept: secrets and
//                 PII detectors read this view.
//   keyword view  the text view case-folded, accents stripped, homoglyphs and leetspeak
//                 mapped to ASCII letters, punctuation turned into spaces, and no space kept
//                 between two Hangul characters (Korean spacing is free). Keyword and phrase
//                 rules read this view; their patterns go through the same normaliser.
//
// No allocation per character; the output buffers are reserved once per body. Positions in
// a view can be mapped back to source offsets (for redaction) by running the same code again
// over one string with a MapRequest (slow path, only when something is to be redacted).
import { ByteBuf, putUtf8 } from "./byte-buf";
import { decodeUtf8, decodedLen, hex4 } from "./utf8";
import { DROP, SPACE, compat, compatJamo, isInvisible, keyAscii, keyFold, tagAscii, ligature, isHangul, isControl, controlMap, KEY_TABLE } from "./fold";

export const enum NormError { None = 0, MalformedJson = 1, InvalidUtf8 = 2 }

/** Output positions to translate to source offsets, sorted by `pos`. */
export class MapRequest {
  view: i32 = 0; // 0 text, 1 keyword
  pos: i32[] = []; // byte index in the view (relative to the buffer start)
  wantEnd: bool[] = []; // true: source end of the char that produced byte pos; false: its start
  out: i32[] = [];
  next: i32 = 0;
}

export class Normaliser {
  text: ByteBuf = new ByteBuf();
  key: ByteBuf = new ByteBuf();
  error: NormError = NormError.None;
  /** When false, only the text view is produced. */
  wantKey: bool = true;

  private tSpace: bool = true;
  private kPending: bool = false;
  private kLastHangul: bool = false;
  private kSpaceS: usize = 0;
  private kSpaceE: usize = 0;
  private pend: i32 = -1; // jamo composition: pending L or LV syllable
  private pendS: usize = 0;
  private pendE: usize = 0;
  private map: MapRequest | null = null;

  reset(reserve: i32): void {
    this.text.reset();
    this.key.reset();
    this.text.reserve(reserve + 16);
    this.key.reserve(reserve + 16);
    this.error = NormError.None;
    this.tSpace = true;
    this.kPending = false;
    this.kLastHangul = false;
    this.pend = -1;
    this.map = null;
  }

  /** Ends one string: a NUL in the text view (no regex match spans two strings), a space in the keyword view. */
  separator(): void {
    this.flushPending();
    this.text.reserve(1);
    store<u8>(this.text.ptr + <usize>this.text.len, 0);
    this.text.len++;
    this.tSpace = true;
    if (this.key.len > 0) this.kPending = true;
  }

  // ---------- emission ----------

  private mapEmit(view: i32, first: i32, n: i32, s: usize, e: usize): void {
    const m = this.map;
    if (m === null || m.view != view) return;
    const lim = first + n;
    while (m.next < m.pos.length && unchecked(m.pos[m.next]) < lim) {
      unchecked(m.out[m.next] = <i32>(unchecked(m.wantEnd[m.next]) ? e : s));
      m.next++;
    }
  }

  private outText(cp: i32, s: usize, e: usize): void {
    const b = this.text;
    b.reserve(4);
    const at = b.len;
    b.len += <i32>putUtf8(b.ptr + <usize>at, cp);
    this.tSpace = false;
    if (this.map !== null) this.mapEmit(0, at, b.len - at, s, e);
  }

  private spaceText(s: usize, e: usize): void {
    if (this.tSpace) return;
    this.outText(0x20, s, e);
    this.tSpace = true;
  }

  private outKey(cp: i32, s: usize, e: usize): void {
    const b = this.key;
    b.reserve(5);
    const hangul = isHangul(cp);
    if (this.kPending) {
      this.kPending = false;
      if (!(hangul && this.kLastHangul)) {
        const at0 = b.len;
        store<u8>(b.ptr + <usize>at0, 0x20);
        b.len++;
        if (this.map !== null) this.mapEmit(1, at0, 1, this.kSpaceS, this.kSpaceE);
      }
    }
    const at = b.len;
    b.len += <i32>putUtf8(b.ptr + <usize>at, cp);
    this.kLastHangul = hangul;
    if (this.map !== null) this.mapEmit(1, at, b.len - at, s, e);
  }

  private spaceKey(s: usize, e: usize): void {
    if (this.kPending || this.key.len == 0) return;
    this.kPending = true;
    this.kSpaceS = s;
    this.kSpaceE = e;
  }

  /** An ASCII character (after compat folding). */
  private ascii(c: i32, s: usize, e: usize): void {
    if (c == 0x20) {
      this.spaceText(s, e);
      if (this.wantKey) this.spaceKey(s, e);
      return;
    }
    this.outText(c, s, e);
    if (this.wantKey) {
      const k = <i32>keyAscii(c);
      if (k == 0x20) this.spaceKey(s, e);
      else this.outKey(k, s, e);
    }
  }

  /** A code point after jamo composition. */
  private emit(cp: i32, s: usize, e: usize): void {
    if (cp < 0x80) {
      if (isControl(cp)) {
        if (controlMap(cp) == SPACE) this.ascii(0x20, s, e);
        return;
      }
      this.ascii(cp, s, e);
      return;
    }
    const t = compat(cp);
    if (t == DROP) return;
    if (t < 0x80) { this.ascii(t, s, e); return; }
    const lig = ligature(t);
    if (lig != 0) {
      let v = lig;
      while (v != 0) { this.ascii(v & 0xff, s, e); v >>= 8; }
      return;
    }
    this.outText(t, s, e);
    if (!this.wantKey) return;
    const k = keyFold(t);
    if (k == DROP) return;
    if (k == SPACE) this.spaceKey(s, e);
    else if (k < 0x80) {
      const ka = <i32>keyAscii(k);
      if (ka == 0x20) this.spaceKey(s, e);
      else this.outKey(ka, s, e);
    } else this.outKey(k, s, e);
  }

  private flushPending(): void {
    if (this.pend < 0) return;
    const cp = this.pend;
    this.pend = -1;
    this.emit(cp, this.pendS, this.pendE);
  }

  /** One decoded code point from the source span [s, e). */
  codePoint(cp: i32, s: usize, e: usize): void {
    if (cp >= 0x1100) {
      if (isInvisible(cp)) {
        if (this.wantKey && cp >= 0xe0020 && cp <= 0xe007e) { this.flushPending(); this.keyOnly(tagAscii(cp), s, e); }
        return;
      }
      if (cp >= 0x3131 && cp <= 0x3163) cp = compatJamo(cp);
      if (cp <= 0x11ff || (cp >= 0xac00 && cp <= 0xd7a3)) { this.jamo(cp, s, e); return; }
    }
    if (this.pend >= 0) this.flushPending();
    this.emit(cp, s, e);
  }

  /** Tag characters: invisible, so only the keyword view (what a model may still read) gets them. */
  private keyOnly(c: i32, s: usize, e: usize): void {
    const k = <i32>keyAscii(c);
    if (k == 0x20) this.spaceKey(s, e);
    else this.outKey(k, s, e);
  }

  private jamo(cp: i32, s: usize, e: usize): void {
    const p = this.pend;
    if (cp >= 0x1161 && cp <= 0x1175 && p >= 0x1100 && p <= 0x1112) { // L + V
      this.pend = 0xac00 + ((p - 0x1100) * 21 + (cp - 0x1161)) * 28;
      this.pendE = e;
      return;
    }
    if (cp >= 0x11a8 && cp <= 0x11c2 && p >= 0xac00 && (p - 0xac00) % 28 == 0) { // LV + T
      this.pend = p + (cp - 0x11a7);
      this.pendE = e;
      this.flushPending();
      return;
    }
    if (p >= 0) this.flushPending();
    if ((cp >= 0x1100 && cp <= 0x1112) || (cp >= 0xac00 && cp <= 0xd7a3 && (cp - 0xac00) % 28 == 0)) {
      this.pend = cp;
      this.pendS = s;
      this.pendE = e;
      return;
    }
    this.emit(cp, s, e);
  }

  // ---------- sources ----------

  /**
   * Normalises the JSON string whose opening quote is at `p - 1`. Returns the position after
   * the closing quote, or 0 with `error` set.
   */
  jsonString(p: usize, end: usize): usize {
    const fast = this.map === null;
    // Output never outgrows the source (see separator()), so one reserve covers the fast path.
    const room = <i32>(end - p) + 8;
    this.text.reserve(room);
    this.key.reserve(room);
    while (p < end) {
      const c = <i32>load<u8>(p);
      if (c == 0x22) { this.flushPending(); return p + 1; }
      if (c >= 0x20 && c < 0x80 && c != 0x5c) {
        if (fast && this.pend < 0) {
          p = this.asciiRun(p, end);
          continue;
        }
        this.codePoint(c, p, p + 1);
        p++;
        continue;
      }
      if (c == 0x5c) {
        const q = this.escape(p, end);
        if (q == 0) return 0;
        p = q;
        continue;
      }
      if (c < 0x20) { this.error = NormError.MalformedJson; return 0; }
      if (c >= 0xea && c <= 0xed && fast && this.pend < 0) {
        const q = this.hangulRun(p, end);
        if (q != p) { p = q; continue; }
      }
      const cp = decodeUtf8(p, end);
      if (cp < 0) { this.error = NormError.InvalidUtf8; return 0; }
      const n = <usize>decodedLen;
      this.codePoint(cp, p, p + n);
      p += n;
    }
    this.error = NormError.MalformedJson;
    return 0;
  }

  /**
   * The ASCII fast path: a run of plain printable ASCII (no quote, backslash or control) goes
   * to both views with the state held in locals. Returns where the run stopped.
   */
  private asciiRun(p: usize, end: usize): usize {
    const tb = this.text;
    const kb = this.key;
    const tptr = tb.ptr;
    const kptr = kb.ptr;
    let tlen = <usize>tb.len;
    let klen = <usize>kb.len;
    let tSpace = this.tSpace;
    let kPending = this.kPending;
    let kSpaceS = this.kSpaceS;
    const wantKey = this.wantKey;
    const table = changetype<usize>(KEY_TABLE);
    let wroteKey = false;
    while (p < end) {
      const c = <u32>load<u8>(p);
      if (c - 0x20 >= 0x60 || c == 0x22 || c == 0x5c) break; // not printable ASCII, or " \
      if (c == 0x20) {
        if (!tSpace) { store<u8>(tptr + tlen, 0x20); tlen++; tSpace = true; }
        if (!kPending && klen > 0) { kPending = true; kSpaceS = p; }
      } else {
        store<u8>(tptr + tlen, <u8>c);
        tlen++;
        tSpace = false;
        if (wantKey) {
          const k = load<u8>(table + <usize>c);
          if (k == 0x20) {
            if (!kPending && klen > 0) { kPending = true; kSpaceS = p; }
          } else {
            if (kPending) { kPending = false; store<u8>(kptr + klen, 0x20); klen++; }
            store<u8>(kptr + klen, k);
            klen++;
            wroteKey = true;
          }
        }
      }
      p++;
    }
    tb.len = <i32>tlen;
    kb.len = <i32>klen;
    this.tSpace = tSpace;
    this.kPending = kPending;
    this.kSpaceS = kSpaceS;
    this.kSpaceE = kSpaceS + 1;
    if (wroteKey) this.kLastHangul = false;
    return p;
  }

  /**
   * The Hangul fast path: precomposed syllables (U+AC00..D7A3, 3 bytes each) are copied to
   * both views as they are. A syllable without a final consonant followed by a conjoining
   * final jamo (which would compose with it) leaves the run to the general path.
   */
  private hangulRun(p: usize, end: usize): usize {
    const tb = this.text;
    const kb = this.key;
    let tlen = <usize>tb.len;
    let klen = <usize>kb.len;
    let kPending = this.kPending;
    let lastHangul = this.kLastHangul;
    const start = p;
    while (p + 2 < end) {
      const b0 = <u32>load<u8>(p);
      if (b0 < 0xea || b0 > 0xed) break;
      const b1 = <u32>load<u8>(p, 1);
      const b2 = <u32>load<u8>(p, 2);
      if ((b1 & 0xc0) != 0x80 || (b2 & 0xc0) != 0x80) break;
      const cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if (cp < 0xac00 || cp > 0xd7a3) break;
      if ((cp - 0xac00) % 28 == 0 && p + 5 < end && load<u8>(p, 3) == 0xe1 && (load<u8>(p, 4) == 0x86 || load<u8>(p, 4) == 0x87)) break;
      store<u16>(tb.ptr + tlen, <u16>(b0 | (b1 << 8)));
      store<u8>(tb.ptr + tlen, <u8>b2, 2);
      tlen += 3;
      if (this.wantKey) {
        if (kPending) {
          kPending = false;
          if (!lastHangul) { store<u8>(kb.ptr + klen, 0x20); klen++; }
        }
        store<u16>(kb.ptr + klen, <u16>(b0 | (b1 << 8)));
        store<u8>(kb.ptr + klen, <u8>b2, 2);
        klen += 3;
        lastHangul = true;
      }
      p += 3;
    }
    if (p == start) return p;
    tb.len = <i32>tlen;
    kb.len = <i32>klen;
    this.tSpace = false;
    this.kPending = kPending;
    this.kLastHangul = lastHangul;
    return p;
  }

  /** One escape sequence at p (a backslash). Returns the position after it, or 0. */
  private escape(p: usize, end: usize): usize {
    if (p + 1 >= end) { this.error = NormError.MalformedJson; return 0; }
    const e = <i32>load<u8>(p, 1);
    let cp = -1;
    switch (e) {
      case 0x22: cp = 0x22; break;
      case 0x5c: cp = 0x5c; break;
      case 0x2f: cp = 0x2f; break;
      case 0x62: cp = 0x08; break;
      case 0x66: cp = 0x0c; break;
      case 0x6e: cp = 0x0a; break;
      case 0x72: cp = 0x0d; break;
      case 0x74: cp = 0x09; break;
      case 0x75: {
        if (p + 6 > end) { this.error = NormError.MalformedJson; return 0; }
        let u = hex4(p + 2);
        if (u < 0) { this.error = NormError.MalformedJson; return 0; }
        if (u >= 0xd800 && u <= 0xdbff) {
          // A high surrogate: pair it with a following \uDC00..\uDFFF, else U+FFFD.
          if (p + 12 <= end && load<u8>(p, 6) == 0x5c && load<u8>(p, 7) == 0x75) {
            const lo = hex4(p + 8);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              this.codePoint(0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00), p, p + 12);
              return p + 12;
            }
          }
          u = 0xfffd;
        } else if (u >= 0xdc00 && u <= 0xdfff) {
          u = 0xfffd;
        }
        this.codePoint(u, p, p + 6);
        return p + 6;
      }
      default:
        this.error = NormError.MalformedJson;
        return 0;
    }
    this.codePoint(cp, p, p + 2);
    return p + 2;
  }

  /** Normalises raw UTF-8 text [p, end). Invalid bytes set `error` and count as a space. */
  raw(p: usize, end: usize): void {
    while (p < end) {
      const c = <i32>load<u8>(p);
      if (c < 0x80) {
        this.codePoint(c, p, p + 1);
        p++;
        continue;
      }
      const cp = decodeUtf8(p, end);
      if (cp < 0) {
        this.error = NormError.InvalidUtf8;
        this.codePoint(0x20, p, p + 1);
        p++;
        continue;
      }
      const n = <usize>decodedLen;
      this.codePoint(cp, p, p + n);
      p += n;
    }
    this.flushPending();
  }

  /**
   * Translates view positions of one string back to source offsets: runs the string again,
   * starting from the state it had at its start (view buffers are written to scratch).
   */
  /** Packed keyword-view state at the start of a string, for mapPositions. */
  keyState(): i32 { return (this.kPending ? 1 : 0) | (this.kLastHangul ? 2 : 0); }

  mapPositions(req: MapRequest, jsonP: usize, end: usize, isJson: bool, textBase: i32, keyBase: i32, keyState: i32): void {
    const t = this.text;
    const k = this.key;
    const savedT = t.len;
    const savedK = k.len;
    // Re-emit into the same buffers at the string's original offsets, then restore lengths.
    t.len = textBase;
    k.len = keyBase;
    this.tSpace = true;
    this.kPending = (keyState & 1) != 0;
    this.kLastHangul = (keyState & 2) != 0;
    this.pend = -1;
    req.next = 0;
    this.map = req;
    const savedError = this.error;
    if (isJson) this.jsonString(jsonP, end);
    else this.raw(jsonP, end);
    this.flushPending();
    this.error = savedError;
    // Any position past the end maps to the end of the string.
    while (req.next < req.pos.length) { unchecked(req.out[req.next] = <i32>end); req.next++; }
    this.map = null;
    t.len = savedT;
    k.len = savedK;
  }
}
