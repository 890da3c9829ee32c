// UTF-8 decoding with full validation (overlongs, surrogates and out-of-range rejected).

/** Decoded code point, or -1 when the sequence at p is invalid or truncated. `decodedLen` holds its length. */
export let decodedLen: i32 = 0;

export function decodeUtf8(p: usize, end: usize): i32 {
  const b0 = <i32>load<u8>(p);
  if (b0 < 0x80) { decodedLen = 1; return b0; }
  if (b0 < 0xc2) return -1;
  if (b0 < 0xe0) {
    if (p + 1 >= end) return -1;
    const b1 = <i32>load<u8>(p, 1);
    if ((b1 & 0xc0) != 0x80) return -1;
    decodedLen = 2;
    return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  }
  if (b0 < 0xf0) {
    if (p + 2 >= end) return -1;
    const b1 = <i32>load<u8>(p, 1);
    const b2 = <i32>load<u8>(p, 2);
    if ((b1 & 0xc0) != 0x80 || (b2 & 0xc0) != 0x80) return -1;
    if (b0 == 0xe0 && b1 < 0xa0) return -1;
    if (b0 == 0xed && b1 > 0x9f) return -1;
    decodedLen = 3;
    return ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  }
  if (b0 > 0xf4 || p + 3 >= end) return -1;
  const b1 = <i32>load<u8>(p, 1);
  const b2 = <i32>load<u8>(p, 2);
  const b3 = <i32>load<u8>(p, 3);
  if ((b1 & 0xc0) != 0x80 || (b2 & 0xc0) != 0x80 || (b3 & 0xc0) != 0x80) return -1;
  if (b0 == 0xf0 && b1 < 0x90) return -1;
  if (b0 == 0xf4 && b1 > 0x8f) return -1;
  decodedLen = 4;
  return ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
}

/** Value of one hex digit, or -1. */
// @ts-ignore: decorator
@inline export function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Four hex digits at p (caller checked p+4 <= end), or -1. */
export function hex4(p: usize): i32 {
  const a = hexVal(<i32>load<u8>(p));
  const b = hexVal(<i32>load<u8>(p, 1));
  const c = hexVal(<i32>load<u8>(p, 2));
  const d = hexVal(<i32>load<u8>(p, 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}
