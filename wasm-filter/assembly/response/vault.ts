// Reversible redaction: the request's values replaced by numbered placeholders ([EMAIL_1]; the
// same value gets the same number) and the map back, restored in the answer. It lives in the
// stream's context only and dies with it; values are never logged.
import { ByteBuf } from "../text/byte-buf";
import { decodeJsonString } from "./json-string";

const scratch = new ByteBuf();

export class Vault {
  private labels: string[] = [];
  private labelBytes: ArrayBuffer[] = [];
  private values: ArrayBuffer[] = [];
  private bases: string[] = [];
  private numbers: i32[] = [];
  longest: i32 = 0;
  restored: i32 = 0;

  count(): i32 { return this.labels.length; }

  /** The numbered placeholder for the JSON string source [p, e) (whole escapes). */
  label(placeholder: string, p: usize, e: usize): string {
    scratch.reset();
    decodeJsonString(p, e, scratch);
    const n = scratch.len;
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (this.bases[i] == placeholder && v.byteLength == n && memory.compare(changetype<usize>(v), scratch.ptr, <usize>n) == 0) return this.labels[i];
    }
    let num = 1;
    for (let i = 0; i < this.bases.length; i++) if (this.bases[i] == placeholder && this.numbers[i] >= num) num = this.numbers[i] + 1;
    const label = placeholder.endsWith("]")
      ? placeholder.slice(0, placeholder.length - 1) + "_" + num.toString() + "]"
      : placeholder + "_" + num.toString();
    this.labels.push(label);
    const lb = String.UTF8.encode(label);
    this.labelBytes.push(lb);
    if (lb.byteLength > this.longest) this.longest = lb.byteLength;
    this.values.push(scratch.toArrayBuffer());
    this.bases.push(placeholder);
    this.numbers.push(num);
    return label;
  }

  /** The first q in [from, len) where [q, len) is a proper prefix of a label (may still become one), or len. */
  partialAt(base: usize, from: i32, len: i32): i32 {
    let q = len - this.longest + 1;
    if (q < from) q = from;
    for (; q < len; q++) {
      for (let i = 0; i < this.labelBytes.length; i++) {
        const lb = this.labelBytes[i];
        const n = len - q;
        if (n < lb.byteLength && memory.compare(base + <usize>q, changetype<usize>(lb), <usize>n) == 0) return q;
      }
    }
    return len;
  }

  /** Appends [p, p+n) to `out` with every whole label replaced by its value. */
  restore(p: usize, n: i32, out: ByteBuf): void {
    if (this.labels.length == 0) { out.pushBytes(p, n); return; }
    let at = 0;
    let i = 0;
    while (i < n) {
      if (load<u8>(p + <usize>i) != 0x5b) { i++; continue; } // '['
      let hit = -1;
      for (let k = 0; k < this.labelBytes.length; k++) {
        const lb = this.labelBytes[k];
        if (i + lb.byteLength <= n && memory.compare(p + <usize>i, changetype<usize>(lb), <usize>lb.byteLength) == 0) { hit = k; break; }
      }
      if (hit < 0) { i++; continue; }
      out.pushBytes(p + <usize>at, i - at);
      const v = this.values[hit];
      out.pushBytes(changetype<usize>(v), v.byteLength);
      this.restored++;
      i += this.labelBytes[hit].byteLength;
      at = i;
    }
    out.pushBytes(p + <usize>at, n - at);
  }
}
