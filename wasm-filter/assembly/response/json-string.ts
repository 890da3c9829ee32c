// JSON string bodies (the bytes between the quotes) to UTF-8 text and back. The response side
// scans the decoded text a user reads and writes the released text back as a valid string.
import { ByteBuf, putUtf8 } from "../text/byte-buf";

function hex(b: i32): i32 {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

function hex4(p: usize, end: usize): i32 {
  if (p + 4 > end) return -1;
  let v = 0;
  for (let i: usize = 0; i < 4; i++) {
    const h = hex(<i32>load<u8>(p + i));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

/** Decodes the string body [p, end) into `out` (escapes resolved, lone surrogates as U+FFFD). */
export function decodeJsonString(p: usize, end: usize, out: ByteBuf): void {
  out.reserve(<i32>(end - p) + 4);
  while (p < end) {
    const b = <i32>load<u8>(p);
    if (b != 0x5c) { out.push(<u8>b); p++; continue; }
    if (p + 1 >= end) break;
    const e = <i32>load<u8>(p + 1);
    p += 2;
    if (e == 0x6e) out.push(0x0a);
    else if (e == 0x74) out.push(0x09);
    else if (e == 0x72) out.push(0x0d);
    else if (e == 0x62) out.push(0x08);
    else if (e == 0x66) out.push(0x0c);
    else if (e == 0x75) {
      let cp = hex4(p, end);
      if (cp < 0) continue;
      p += 4;
      if (cp >= 0xd800 && cp < 0xdc00) {
        const lo = p + 1 < end && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75 ? hex4(p + 2, end) : -1;
        if (lo >= 0xdc00 && lo < 0xe000) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); p += 6; }
        else cp = 0xfffd;
      } else if (cp >= 0xdc00 && cp < 0xe000) cp = 0xfffd;
      out.reserve(4);
      out.len += <i32>putUtf8(out.ptr + <usize>out.len, cp);
    } else out.push(<u8>e); // \" \\ \/
  }
}

const HEX = "0123456789abcdef";

/** Appends UTF-8 text [p, p+n) to `out` escaped as a JSON string body. */
export function escapeJsonString(p: usize, n: i32, out: ByteBuf): void {
  out.reserve(n + 8);
  const end = p + <usize>n;
  while (p < end) {
    const b = <i32>load<u8>(p++);
    if (b == 0x22 || b == 0x5c) { out.push(0x5c); out.push(<u8>b); }
    else if (b >= 0x20) out.push(<u8>b);
    else if (b == 0x0a) { out.push(0x5c); out.push(0x6e); }
    else if (b == 0x0d) { out.push(0x5c); out.push(0x72); }
    else if (b == 0x09) { out.push(0x5c); out.push(0x74); }
    else {
      out.pushString("\\u00");
      out.push(<u8>HEX.charCodeAt(b >> 4));
      out.push(<u8>HEX.charCodeAt(b & 15));
    }
  }
}
