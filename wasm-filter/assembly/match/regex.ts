// The regular-expression subset of configurable rules, parsed to a syntax tree at configure
// time and compiled to DFAs (subset.ts). Matching is on bytes of the text view.
//
// Supported: literals (UTF-8 characters become their byte sequence), escapes \d \D \w \W \s \S
// \. \\ \- \/ \n \r \t \xHH and escaped metacharacters, `.` (any byte but newline and the NUL
// string separator), classes [...] with ASCII ranges and negation, groups ( ) and (?: ),
// alternation |, quantifiers * + ? {n} {n,} {n,m} (lazy forms accepted, matched leftmost-
// longest), a leading (?i). At the edges of the pattern only: ^ and $ (start and end of one
// string), \b, a lookbehind (?<![...]) at the start and a lookahead (?![...]) at the end, all
// checked on the found match. Not supported, refused with an error: backreferences, other
// lookarounds, non-ASCII classes, possessive quantifiers. Nothing here can backtrack.

export const MAX_REPEAT = 1000;

export const enum Node { Set = 0, Cat = 1, Alt = 2, Rep = 3, Empty = 4 }

export class Ast {
  kind: Node;
  set: StaticArray<u32> | null = null; // 256-bit byte set
  kids: Ast[] = [];
  min: i32 = 0;
  max: i32 = 0; // -1: unbounded
  constructor(kind: Node) { this.kind = kind; }
}

/** Edge assertions, checked on a match [s, e) of the text view. */
export class Edges {
  startLine: bool = false;
  endLine: bool = false;
  startWord: bool = false;
  endWord: bool = false;
  notBefore: StaticArray<u32> | null = null;
  notAfter: StaticArray<u32> | null = null;
}

export class Parsed {
  ast: Ast | null = null;
  edges: Edges = new Edges();
  error: string = "";
}

export function newSet(): StaticArray<u32> { return new StaticArray<u32>(8); }
// @ts-ignore: decorator
@inline export function setHas(s: StaticArray<u32>, b: i32): bool { return (unchecked(s[b >> 5]) & (1 << (b & 31))) != 0; }
export function setAdd(s: StaticArray<u32>, b: i32): void { s[b >> 5] |= 1 << (b & 31); }
function setRange(s: StaticArray<u32>, a: i32, b: i32): void { for (let i = a; i <= b; i++) setAdd(s, i); }
function setNot(s: StaticArray<u32>): void { for (let i = 0; i < 8; i++) s[i] = ~s[i]; }
function setUnion(s: StaticArray<u32>, o: StaticArray<u32>): void { for (let i = 0; i < 8; i++) s[i] |= o[i]; }

function classSet(c: i32, neg: bool): StaticArray<u32> {
  const s = newSet();
  if (c == 0x64) setRange(s, 0x30, 0x39); // d
  else if (c == 0x77) { setRange(s, 0x30, 0x39); setRange(s, 0x41, 0x5a); setRange(s, 0x61, 0x7a); setAdd(s, 0x5f); } // w
  else if (c == 0x73) { setAdd(s, 0x20); setAdd(s, 0x09); setAdd(s, 0x0a); setAdd(s, 0x0d); setAdd(s, 0x0b); setAdd(s, 0x0c); } // s
  if (neg) { setNot(s); s[0] &= ~1; } // negated classes never match the NUL separator
  return s;
}

export function isWordByte(b: i32): bool {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
}

class P {
  src: ArrayBuffer;
  p: i32 = 0;
  n: i32;
  icase: bool = false;
  error: string = "";
  constructor(src: ArrayBuffer, start: i32, end: i32) { this.src = src; this.p = start; this.n = end; }

  peek(): i32 { return this.p < this.n ? <i32>load<u8>(changetype<usize>(this.src) + <usize>this.p) : -1; }
  at(i: i32): i32 { return i < this.n && i >= 0 ? <i32>load<u8>(changetype<usize>(this.src) + <usize>i) : -1; }
  fail(msg: string): Ast | null {
    if (this.error.length == 0) this.error = msg + " at offset " + this.p.toString();
    return null;
  }

  alt(depth: i32): Ast | null {
    if (depth > 64) return this.fail("groups nested too deep");
    const first = this.cat(depth);
    if (first === null) return null;
    if (this.peek() != 0x7c) return first;
    const a = new Ast(Node.Alt);
    a.kids.push(first);
    while (this.peek() == 0x7c) {
      this.p++;
      const k = this.cat(depth);
      if (k === null) return null;
      a.kids.push(k);
    }
    return a;
  }

  cat(depth: i32): Ast | null {
    const c = new Ast(Node.Cat);
    while (true) {
      const ch = this.peek();
      if (ch < 0 || ch == 0x7c || ch == 0x29) break;
      let atom = this.atom(depth);
      if (atom === null) return null;
      atom = this.quant(atom);
      if (atom === null) return null;
      c.kids.push(atom);
    }
    if (c.kids.length == 0) return new Ast(Node.Empty);
    return c.kids.length == 1 ? c.kids[0] : c;
  }

  quant(atom: Ast): Ast | null {
    let ch = this.peek();
    let min = -1;
    let max = -1;
    if (ch == 0x2a) { min = 0; max = -1; this.p++; }
    else if (ch == 0x2b) { min = 1; max = -1; this.p++; }
    else if (ch == 0x3f) { min = 0; max = 1; this.p++; }
    else if (ch == 0x7b) {
      const save = this.p;
      this.p++;
      const a = this.num();
      if (a < 0) { this.p = save; return atom; } // a literal "{"
      min = a;
      max = a;
      if (this.peek() == 0x2c) {
        this.p++;
        if (this.peek() == 0x7d) max = -1;
        else {
          max = this.num();
          if (max < 0) return this.fail("bad repetition");
        }
      }
      if (this.peek() != 0x7d) return this.fail("unterminated repetition");
      this.p++;
      if (min > MAX_REPEAT || max > MAX_REPEAT) return this.fail("repetition over " + MAX_REPEAT.toString());
      if (max >= 0 && max < min) return this.fail("repetition {n,m} with m < n");
    } else {
      return atom;
    }
    ch = this.peek();
    if (ch == 0x3f) this.p++; // lazy: same language, leftmost-longest
    else if (ch == 0x2b) return this.fail("possessive quantifiers are not supported");
    const r = new Ast(Node.Rep);
    r.kids.push(atom);
    r.min = min;
    r.max = max;
    const nxt = this.peek();
    if (nxt == 0x2a || nxt == 0x2b || nxt == 0x3f || nxt == 0x7b) return this.fail("nested quantifier");
    return r;
  }

  num(): i32 {
    let v = -1;
    while (true) {
      const c = this.peek();
      if (c < 0x30 || c > 0x39) break;
      v = (v < 0 ? 0 : v) * 10 + (c - 0x30);
      if (v > 100000) return -1;
      this.p++;
    }
    return v;
  }

  byteAst(b: i32): Ast {
    const a = new Ast(Node.Set);
    const s = newSet();
    setAdd(s, b);
    if (this.icase) {
      if (b >= 0x41 && b <= 0x5a) setAdd(s, b + 32);
      else if (b >= 0x61 && b <= 0x7a) setAdd(s, b - 32);
    }
    a.set = s;
    return a;
  }

  atom(depth: i32): Ast | null {
    const ch = this.peek();
    if (ch == 0x28) { // (
      this.p++;
      if (this.peek() == 0x3f) {
        if (this.at(this.p + 1) == 0x3a) this.p += 2;
        else return this.fail("only (?: ) groups are supported inside a pattern");
      }
      const inner = this.alt(depth + 1);
      if (inner === null) return null;
      if (this.peek() != 0x29) return this.fail("missing )");
      this.p++;
      return inner;
    }
    if (ch == 0x5b) return this.klass();
    if (ch == 0x2e) {
      this.p++;
      const a = new Ast(Node.Set);
      const s = newSet();
      setNot(s);
      s[0] &= ~1;
      s[0] &= ~(1 << 0x0a);
      a.set = s;
      return a;
    }
    if (ch == 0x5c) return this.escapeAtom();
    if (ch == 0x5e || ch == 0x24) return this.fail("^ and $ are only supported at the edges of a pattern");
    if (ch == 0x2a || ch == 0x2b || ch == 0x3f) return this.fail("quantifier without an atom");
    if (ch == 0x29) return this.fail("unbalanced )");
    this.p++;
    if (ch >= 0x80) {
      // A UTF-8 character: its bytes in sequence.
      const c = new Ast(Node.Cat);
      c.kids.push(this.byteAst(ch));
      while (this.peek() >= 0x80 && this.peek() < 0xc0) { c.kids.push(this.byteAst(this.peek())); this.p++; }
      return c;
    }
    return this.byteAst(ch);
  }

  escapeByte(): i32 {
    // After a backslash; returns a byte, -2 for a class escape (left in this.lastClass), -1 on error.
    const e = this.peek();
    if (e < 0) return -1;
    this.p++;
    if (e == 0x6e) return 0x0a;
    if (e == 0x72) return 0x0d;
    if (e == 0x74) return 0x09;
    if (e == 0x78) {
      const h = hexByte(this.at(this.p), this.at(this.p + 1));
      if (h < 0) return -1;
      this.p += 2;
      return h;
    }
    if (e == 0x64 || e == 0x77 || e == 0x73 || e == 0x44 || e == 0x57 || e == 0x53) {
      this.lastClass = classSet(e | 0x20, e < 0x60);
      return -2;
    }
    if ((e >= 0x30 && e <= 0x39) || (e >= 0x41 && e <= 0x5a) || (e >= 0x61 && e <= 0x7a)) return -3; // \1, \p, \B ...
    return e; // escaped punctuation
  }

  lastClass: StaticArray<u32> = newSet();

  escapeAtom(): Ast | null {
    this.p++;
    const b = this.escapeByte();
    if (b == -2) {
      const a = new Ast(Node.Set);
      a.set = this.lastClass;
      return a;
    }
    if (b == -3) return this.fail("unsupported escape (backreferences, \\b inside, \\p... are not supported)");
    if (b < 0) return this.fail("bad escape");
    return this.byteAst(b);
  }

  klass(): Ast | null {
    this.p++;
    const s = newSet();
    let neg = false;
    if (this.peek() == 0x5e) { neg = true; this.p++; }
    let first = true;
    while (true) {
      let c = this.peek();
      if (c < 0) return this.fail("unterminated [");
      if (c == 0x5d && !first) { this.p++; break; }
      first = false;
      let lo: i32;
      if (c == 0x5c) {
        this.p++;
        const b = this.escapeByte();
        if (b == -2) { setUnion(s, this.lastClass); continue; }
        if (b < 0) return this.fail("bad escape in class");
        lo = b;
      } else {
        if (c >= 0x80) return this.fail("non-ASCII characters in [...] are not supported");
        this.p++;
        lo = c;
      }
      let hi = lo;
      if (this.peek() == 0x2d && this.at(this.p + 1) != 0x5d && this.at(this.p + 1) >= 0) {
        this.p++;
        c = this.peek();
        if (c == 0x5c) {
          this.p++;
          const b = this.escapeByte();
          if (b < 0) return this.fail("bad range in class");
          hi = b;
        } else {
          if (c >= 0x80) return this.fail("non-ASCII characters in [...] are not supported");
          this.p++;
          hi = c;
        }
        if (hi < lo) return this.fail("bad range in class");
      }
      for (let b = lo; b <= hi; b++) {
        setAdd(s, b);
        if (this.icase) {
          if (b >= 0x41 && b <= 0x5a) setAdd(s, b + 32);
          else if (b >= 0x61 && b <= 0x7a) setAdd(s, b - 32);
        }
      }
    }
    if (neg) { setNot(s); s[0] &= ~1; }
    const a = new Ast(Node.Set);
    a.set = s;
    return a;
  }
}

function hexByte(a: i32, b: i32): i32 {
  const h = hexDigit(a);
  const l = hexDigit(b);
  return h < 0 || l < 0 ? -1 : (h << 4) | l;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function startsWith(b: ArrayBuffer, at: i32, end: i32, lit: string): bool {
  if (at + lit.length > end) return false;
  for (let i = 0; i < lit.length; i++) {
    if (<i32>load<u8>(changetype<usize>(b) + <usize>(at + i)) != lit.charCodeAt(i)) return false;
  }
  return true;
}

function endsWith(b: ArrayBuffer, start: i32, end: i32, lit: string): bool {
  return end - lit.length >= start && startsWith(b, end - lit.length, end, lit);
}

/** A single bracket class at [at, end) of the source (for edge lookarounds). */
function parseEdgeClass(src: ArrayBuffer, at: i32, end: i32, icase: bool, out: Parsed): StaticArray<u32> | null {
  const p = new P(src, at, end);
  p.icase = icase;
  const a = p.klass();
  if (a === null || p.p != end) {
    out.error = p.error.length > 0 ? p.error : "lookarounds must hold one [...] class";
    return null;
  }
  return a.set;
}

export function parseRegex(pattern: string): Parsed {
  const out = new Parsed();
  const src = String.UTF8.encode(pattern);
  let s = 0;
  let e = src.byteLength;
  let icase = false;
  if (startsWith(src, s, e, "(?i)")) { icase = true; s += 4; }
  // Leading edge assertions.
  if (startsWith(src, s, e, "^")) { out.edges.startLine = true; s++; }
  else if (startsWith(src, s, e, "\\b")) { out.edges.startWord = true; s += 2; }
  else if (startsWith(src, s, e, "(?<![")) {
    let q = s + 5;
    while (q < e && !(load<u8>(changetype<usize>(src) + <usize>q) == 0x5d && load<u8>(changetype<usize>(src) + <usize>(q - 1)) != 0x5c && q > s + 5)) q++;
    if (q + 1 >= e || load<u8>(changetype<usize>(src) + <usize>(q + 1)) != 0x29) { out.error = "bad (?<![...]) at the start"; return out; }
    const set = parseEdgeClass(src, s + 4, q + 1, icase, out);
    if (set === null) return out;
    out.edges.notBefore = set;
    s = q + 2;
  }
  // Trailing edge assertions.
  if (endsWith(src, s, e, "$") && !endsWith(src, s, e, "\\$")) { out.edges.endLine = true; e--; }
  else if (endsWith(src, s, e, "\\b") && !endsWith(src, s, e, "\\\\b")) { out.edges.endWord = true; e -= 2; }
  else if (endsWith(src, s, e, "])")) {
    // find the last "(?![" before the end
    let q = e - 2;
    while (q >= s && !startsWith(src, q, e, "(?![")) q--;
    if (q >= s) {
      const set = parseEdgeClass(src, q + 3, e - 1, icase, out);
      if (set === null) return out;
      out.edges.notAfter = set;
      e = q;
    }
  }
  const p = new P(src, s, e);
  p.icase = icase;
  const ast = p.alt(0);
  if (ast !== null && p.p != e) p.fail("unexpected character");
  if (p.error.length > 0) { out.error = p.error; return out; }
  if (ast !== null && ast.kind == Node.Empty) { out.error = "empty pattern"; return out; }
  out.ast = ast;
  return out;
}
