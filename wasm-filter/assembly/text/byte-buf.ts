// A growable byte buffer addressed by raw pointer, reused across requests so the hot paths
// neither allocate nor bounds-check per byte. Callers `reserve` before writing.
export class ByteBuf {
  buf: ArrayBuffer = new ArrayBuffer(256);
  ptr: usize = changetype<usize>(this.buf);
  len: i32 = 0;
  cap: i32 = 256;

  reset(): void { this.len = 0; }

  /** Makes room for `extra` more bytes beyond `len`. */
  reserve(extra: i32): void {
    const need = this.len + extra;
    if (need <= this.cap) return;
    let cap = this.cap;
    while (cap < need) cap = cap < 0x4000000 ? cap << 1 : cap + 0x4000000;
    const nb = new ArrayBuffer(cap);
    memory.copy(changetype<usize>(nb), this.ptr, <usize>this.len);
    this.buf = nb;
    this.ptr = changetype<usize>(nb);
    this.cap = cap;
  }

  push(b: u8): void {
    this.reserve(1);
    store<u8>(this.ptr + <usize>this.len, b);
    this.len++;
  }

  pushString(s: string): void {
    const n = String.UTF8.byteLength(s);
    this.reserve(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.ptr + <usize>this.len);
    this.len += n;
  }

  pushBytes(p: usize, n: i32): void {
    if (n <= 0) return;
    this.reserve(n);
    memory.copy(this.ptr + <usize>this.len, p, <usize>n);
    this.len += n;
  }

  /** The contents as a fresh ArrayBuffer. */
  toArrayBuffer(): ArrayBuffer {
    const out = new ArrayBuffer(this.len);
    memory.copy(changetype<usize>(out), this.ptr, <usize>this.len);
    return out;
  }

  toString(): string { return String.UTF8.decodeUnsafe(this.ptr, <usize>this.len); }
}

/** Writes `cp` as UTF-8 at `p`; returns the number of bytes written. */
// @ts-ignore: decorator
@inline export function putUtf8(p: usize, cp: i32): usize {
  if (cp < 0x80) { store<u8>(p, <u8>cp); return 1; }
  if (cp < 0x800) {
    store<u8>(p, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 2);
    return 3;
  }
  store<u8>(p, <u8>(0xf0 | (cp >> 18)));
  store<u8>(p, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 3);
  return 4;
}
