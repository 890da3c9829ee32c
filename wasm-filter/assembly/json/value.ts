// A small strict JSON parser that builds a tree, for the configuration only (parsed once at
// configure time). Request bodies never go through it: see json-text.ts.

export const enum Kind { Null, Bool, Number, String, Array, Object }

export class JValue {
  kind: Kind;
  b: bool = false;
  n: f64 = 0;
  s: string = "";
  items: JValue[] = [];
  keys: string[] = [];
  constructor(kind: Kind) { this.kind = kind; }

  get(key: string): JValue | null {
    for (let i = 0; i < this.keys.length; i++) {
      if (unchecked(this.keys[i]) == key) return unchecked(this.items[i]);
    }
    return null;
  }
}

export class ParseResult {
  value: JValue | null = null;
  error: string = "";
}

const MAX_DEPTH = 64;

class Parser {
  p: usize;
  end: usize;
  start: usize;
  error: string = "";
  constructor(start: usize, len: usize) {
    this.start = start;
    this.p = start;
    this.end = start + len;
  }

  fail(msg: string): JValue | null {
    if (this.error.length == 0) this.error = msg + " at byte " + (this.p - this.start).toString();
    return null;
  }

  ws(): void {
    while (this.p < this.end) {
      const c = load<u8>(this.p);
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) this.p++;
      else break;
    }
  }

  value(depth: i32): JValue | null {
    if (depth > MAX_DEPTH) return this.fail("nesting too deep");
    this.ws();
    if (this.p >= this.end) return this.fail("unexpected end of input");
    const c = load<u8>(this.p);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      if (s === null) return null;
      const v = new JValue(Kind.String);
      v.s = s;
      return v;
    }
    if (c == 0x74) return this.literal("true", Kind.Bool, true);
    if (c == 0x66) return this.literal("false", Kind.Bool, false);
    if (c == 0x6e) return this.literal("null", Kind.Null, false);
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail("unexpected character");
  }

  literal(word: string, kind: Kind, b: bool): JValue | null {
    const n = <usize>word.length;
    if (this.p + n > this.end) return this.fail("invalid literal");
    for (let i: usize = 0; i < n; i++) {
      if (<i32>load<u8>(this.p + i) != word.charCodeAt(<i32>i)) return this.fail("invalid literal");
    }
    this.p += n;
    const v = new JValue(kind);
    v.b = b;
    return v;
  }

  number(): JValue | null {
    const s = this.p;
    if (this.p < this.end && load<u8>(this.p) == 0x2d) this.p++;
    if (this.p >= this.end) return this.fail("invalid number");
    const first = load<u8>(this.p);
    if (first == 0x30) this.p++;
    else if (first >= 0x31 && first <= 0x39) this.digits();
    else return this.fail("invalid number");
    if (this.p < this.end && load<u8>(this.p) == 0x2e) {
      this.p++;
      if (this.digits() == 0) return this.fail("invalid number");
    }
    if (this.p < this.end && (load<u8>(this.p) | 0x20) == 0x65) {
      this.p++;
      if (this.p < this.end && (load<u8>(this.p) == 0x2b || load<u8>(this.p) == 0x2d)) this.p++;
      if (this.digits() == 0) return this.fail("invalid number");
    }
    const v = new JValue(Kind.Number);
    v.n = parseFloat(String.UTF8.decodeUnsafe(s, this.p - s));
    return v;
  }

  digits(): i32 {
    let n = 0;
    while (this.p < this.end) {
      const c = load<u8>(this.p);
      if (c < 0x30 || c > 0x39) break;
      this.p++;
      n++;
    }
    return n;
  }

  hex4(): i32 {
    if (this.p + 4 > this.end) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = <i32>load<u8>(this.p + <usize>i);
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    this.p += 4;
    return v;
  }

  string(): string | null {
    this.p++; // opening quote
    let out = "";
    let runStart = this.p;
    while (true) {
      if (this.p >= this.end) { this.fail("unterminated string"); return null; }
      const c = load<u8>(this.p);
      if (c == 0x22) {
        out += String.UTF8.decodeUnsafe(runStart, this.p - runStart);
        this.p++;
        return out;
      }
      if (c < 0x20) { this.fail("control character in string"); return null; }
      if (c != 0x5c) { this.p++; continue; }
      out += String.UTF8.decodeUnsafe(runStart, this.p - runStart);
      this.p++;
      if (this.p >= this.end) { this.fail("unterminated string"); return null; }
      const e = load<u8>(this.p++);
      if (e == 0x22) out += "\"";
      else if (e == 0x5c) out += "\\";
      else if (e == 0x2f) out += "/";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x6e) out += "\n";
      else if (e == 0x72) out += "\r";
      else if (e == 0x74) out += "\t";
      else if (e == 0x75) {
        const u = this.hex4();
        if (u < 0) { this.fail("invalid \\u escape"); return null; }
        out += String.fromCharCode(u);
      } else { this.fail("invalid escape"); return null; }
      runStart = this.p;
    }
  }

  array(depth: i32): JValue | null {
    this.p++;
    const v = new JValue(Kind.Array);
    this.ws();
    if (this.p < this.end && load<u8>(this.p) == 0x5d) { this.p++; return v; }
    while (true) {
      const item = this.value(depth + 1);
      if (item === null) return null;
      v.items.push(item);
      this.ws();
      if (this.p >= this.end) return this.fail("unterminated array");
      const c = load<u8>(this.p++);
      if (c == 0x5d) return v;
      if (c != 0x2c) { this.p--; return this.fail("expected ',' or ']'"); }
    }
  }

  object(depth: i32): JValue | null {
    this.p++;
    const v = new JValue(Kind.Object);
    this.ws();
    if (this.p < this.end && load<u8>(this.p) == 0x7d) { this.p++; return v; }
    while (true) {
      this.ws();
      if (this.p >= this.end || load<u8>(this.p) != 0x22) return this.fail("expected a key");
      const key = this.string();
      if (key === null) return null;
      if (v.get(key) !== null) return this.fail("duplicate key \"" + key + "\"");
      this.ws();
      if (this.p >= this.end || load<u8>(this.p) != 0x3a) return this.fail("expected ':'");
      this.p++;
      const item = this.value(depth + 1);
      if (item === null) return null;
      v.keys.push(key);
      v.items.push(item);
      this.ws();
      if (this.p >= this.end) return this.fail("unterminated object");
      const c = load<u8>(this.p++);
      if (c == 0x7d) return v;
      if (c != 0x2c) { this.p--; return this.fail("expected ',' or '}'"); }
    }
  }
}

/** Parses a complete JSON document; on failure `error` says what and where. */
export function parseJson(buf: ArrayBuffer): ParseResult {
  const r = new ParseResult();
  const p = new Parser(changetype<usize>(buf), <usize>buf.byteLength);
  const v = p.value(0);
  if (v !== null) {
    p.ws();
    if (p.p != p.end) {
      p.fail("trailing characters");
    } else {
      r.value = v;
      return r;
    }
  }
  r.error = p.error;
  return r;
}
