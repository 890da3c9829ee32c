// The request header map as Envoy serialises it (proxy_get_header_map_pairs), parsed into
// offsets over the one buffer: no string per header, keys compared as bytes.

export class HeaderList {
  buf: ArrayBuffer = new ArrayBuffer(0);
  keyOff: i32[] = [];
  keyLen: i32[] = [];
  valOff: i32[] = [];
  valLen: i32[] = [];
  count: i32 = 0;
  /** Sum of key and value bytes. */
  bytes: i32 = 0;
  /** False when the buffer did not parse (then count is 0). */
  ok: bool = true;

  parse(buf: ArrayBuffer): void {
    this.buf = buf;
    this.count = 0;
    this.bytes = 0;
    this.ok = true;
    const size = buf.byteLength;
    if (size < 4) { this.ok = size == 0; return; }
    const base = changetype<usize>(buf);
    const n = <i32>load<u32>(base);
    if (n < 0 || n > (size - 4) / 10) { this.ok = false; return; }
    let data = 4 + 8 * n;
    for (let i = 0; i < n; i++) {
      const kl = <i32>load<u32>(base + 4 + 8 * <usize>i);
      const vl = <i32>load<u32>(base + 8 + 8 * <usize>i);
      if (kl < 0 || vl < 0 || data + kl + vl + 2 > size) { this.ok = false; this.count = 0; return; }
      this.set(i, data, kl, data + kl + 1, vl);
      data += kl + vl + 2;
      this.bytes += kl + vl;
    }
    this.count = n;
  }

  private set(i: i32, ko: i32, kl: i32, vo: i32, vl: i32): void {
    if (i < this.keyOff.length) {
      unchecked(this.keyOff[i] = ko); unchecked(this.keyLen[i] = kl);
      unchecked(this.valOff[i] = vo); unchecked(this.valLen[i] = vl);
    } else {
      this.keyOff.push(ko); this.keyLen.push(kl); this.valOff.push(vo); this.valLen.push(vl);
    }
  }

  keyPtr(i: i32): usize { return changetype<usize>(this.buf) + <usize>unchecked(this.keyOff[i]); }
  valPtr(i: i32): usize { return changetype<usize>(this.buf) + <usize>unchecked(this.valOff[i]); }

  /** Index of the first header named `name` (lower-case ASCII bytes), or -1. */
  find(name: ArrayBuffer): i32 {
    const n = name.byteLength;
    const np = changetype<usize>(name);
    for (let i = 0; i < this.count; i++) {
      if (unchecked(this.keyLen[i]) == n && equalsLower(this.keyPtr(i), np, n)) return i;
    }
    return -1;
  }

  value(i: i32): string {
    return String.UTF8.decodeUnsafe(this.valPtr(i), <usize>unchecked(this.valLen[i]));
  }

  key(i: i32): string {
    return String.UTF8.decodeUnsafe(this.keyPtr(i), <usize>unchecked(this.keyLen[i]));
  }

  /** True when the key starts with `prefix` (lower-case ASCII), case-insensitively. */
  keyStartsWith(i: i32, prefix: ArrayBuffer): bool {
    const n = prefix.byteLength;
    return unchecked(this.keyLen[i]) >= n && equalsLower(this.keyPtr(i), changetype<usize>(prefix), n);
  }
}

/** Compares n bytes of `a` folded to lower case with the lower-case bytes of `b`. */
export function equalsLower(a: usize, b: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u8>(a + <usize>i);
    if (c - 0x41 < 26) c |= 0x20;
    if (c != <u32>load<u8>(b + <usize>i)) return false;
  }
  return true;
}
