// Finds, in one provider JSON document (a whole response or one SSE event's data), the string
// values a user reads, without building a tree: OpenAI `choices[].delta.content` /
// `choices[].message.content`, Anthropic `delta.text` / `content[].text`, Google
// `candidates[].content.parts[].text`. Also the channel (choice / block / candidate index) and
// whether the document ends that text (finish_reason, stop events). Linear, depth-bounded.

// Path steps: member names as codes (index in KEYS), -1 any other member, -2 an array element.
const KEYS: string[] = ["choices", "delta", "content", "message", "text", "candidates", "parts", "index",
  "finish_reason", "finishReason", "stop_reason", "type"];
const KEY_BYTES: ArrayBuffer[] = KEYS.map<ArrayBuffer>((k: string): ArrayBuffer => String.UTF8.encode(k));
const A: i32 = -2;
const TEXT_PATHS: i32[][] = [
  [0, A, 1, 2], [0, A, 3, 2], [1, 4], [2, A, 4], [5, A, 2, 6, A, 4],
];
const INDEX_PATHS: i32[][] = [[0, A, 7], [7], [5, A, 7]];
const END_PATHS: i32[][] = [[0, A, 8], [5, A, 9], [1, 10]];
const TYPE_PATH: i32[] = [11];
const END_TYPES: ArrayBuffer[] = [String.UTF8.encode("content_block_stop"), String.UTF8.encode("message_delta"), String.UTF8.encode("message_stop")];
const MAX_DEPTH = 64;

function keyCode(p: usize, n: i32): i32 {
  for (let i = 0; i < KEY_BYTES.length; i++) {
    const k = unchecked(KEY_BYTES[i]);
    if (k.byteLength == n && memory.compare(p, changetype<usize>(k), <usize>n) == 0) return i;
  }
  return -1;
}

function bytesIn(list: ArrayBuffer[], p: usize, n: i32): bool {
  for (let i = 0; i < list.length; i++) {
    const k = unchecked(list[i]);
    if (k.byteLength == n && memory.compare(p, changetype<usize>(k), <usize>n) == 0) return true;
  }
  return false;
}

export class DocInfo {
  ok: bool = false;
  /** Text string bodies as [start, end) byte offsets (between the quotes). */
  texts: i32[] = [];
  channel: i32 = 0;
  ends: bool = false;
}

class Walker {
  path: StaticArray<i32> = new StaticArray<i32>(MAX_DEPTH + 2);
  depth: i32 = 0;
  info: DocInfo = new DocInfo();
  base: usize = 0;
  p: usize = 0;
  end: usize = 0;

  reset(base: usize, len: i32): void {
    this.base = base; this.p = base; this.end = base + <usize>len; this.depth = 0;
    const i = this.info;
    i.ok = false; i.texts.length = 0; i.channel = 0; i.ends = false;
  }

  /** The current path is one of `paths`. */
  at(paths: i32[][]): bool {
    for (let k = 0; k < paths.length; k++) if (this.is(unchecked(paths[k]))) return true;
    return false;
  }

  is(path: i32[]): bool {
    if (path.length != this.depth) return false;
    for (let i = 0; i < path.length; i++) if (unchecked(path[i]) != unchecked(this.path[i])) return false;
    return true;
  }

  ws(): void {
    while (this.p < this.end) {
      const b = load<u8>(this.p);
      if (b != 0x20 && b != 0x0a && b != 0x0d && b != 0x09) return;
      this.p++;
    }
  }

  /** Skips a string starting at the quote; returns the offset of its closing quote or -1. */
  str(): i32 {
    this.p++;
    while (this.p < this.end) {
      const b = load<u8>(this.p);
      if (b == 0x22) { const q = <i32>(this.p - this.base); this.p++; return q; }
      this.p += b == 0x5c ? 2 : 1;
    }
    return -1;
  }

  value(depth: i32): bool {
    if (depth > MAX_DEPTH) return false;
    this.ws();
    if (this.p >= this.end) return false;
    const b = load<u8>(this.p);
    if (b == 0x7b) return this.object(depth);
    if (b == 0x5b) return this.array(depth);
    if (b == 0x22) {
      const s = <i32>(this.p - this.base) + 1;
      const e = this.str();
      if (e < 0) return false;
      if (this.at(TEXT_PATHS)) { this.info.texts.push(s); this.info.texts.push(e); }
      else if (this.is(TYPE_PATH) && bytesIn(END_TYPES, this.base + <usize>s, e - s)) this.info.ends = true;
      else if (this.at(END_PATHS)) this.info.ends = true;
      return true;
    }
    const start = this.p;
    while (this.p < this.end) {
      const c = load<u8>(this.p);
      if (c == 0x2c || c == 0x7d || c == 0x5d || c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) break;
      this.p++;
    }
    if (this.p == start) return false;
    if (load<u8>(start) >= 0x30 && load<u8>(start) <= 0x39 && this.at(INDEX_PATHS)) {
      let v = 0;
      for (let q = start; q < this.p && v < 1 << 20; q++) {
        const d = <i32>load<u8>(q) - 0x30;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      this.info.channel = v;
    }
    return true;
  }

  object(depth: i32): bool {
    this.p++;
    this.ws();
    if (this.p < this.end && load<u8>(this.p) == 0x7d) { this.p++; return true; }
    while (this.p < this.end) {
      this.ws();
      if (this.p >= this.end || load<u8>(this.p) != 0x22) return false;
      const ks = this.p + 1;
      const ke = this.str();
      if (ke < 0) return false;
      this.ws();
      if (this.p >= this.end || load<u8>(this.p) != 0x3a) return false;
      this.p++;
      unchecked(this.path[this.depth++] = keyCode(ks, <i32>(this.base + <usize>ke - ks)));
      const ok = this.value(depth + 1);
      this.depth--;
      if (!ok) return false;
      this.ws();
      if (this.p >= this.end) return false;
      const c = load<u8>(this.p++);
      if (c == 0x7d) return true;
      if (c != 0x2c) return false;
    }
    return false;
  }

  array(depth: i32): bool {
    this.p++;
    this.ws();
    if (this.p < this.end && load<u8>(this.p) == 0x5d) { this.p++; return true; }
    unchecked(this.path[this.depth++] = A);
    while (this.p < this.end) {
      if (!this.value(depth + 1)) { this.depth--; return false; }
      this.ws();
      if (this.p >= this.end) break;
      const c = load<u8>(this.p++);
      if (c == 0x5d) { this.depth--; return true; }
      if (c != 0x2c) break;
    }
    this.depth--;
    return false;
  }
}

const walker = new Walker();

/** Walks the JSON document [base, base+len). `ok` is false when it is not well-formed. The
 *  result is shared scratch: read it before the next call. */
export function walkDoc(base: usize, len: i32): DocInfo {
  const w = walker;
  w.reset(base, len);
  w.info.ok = w.value(0);
  return w.info;
}
