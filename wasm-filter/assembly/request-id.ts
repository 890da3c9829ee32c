// The decision id: Envoy's x-request-id when it is a sane token, else one made from the
// clock and a counter. It is echoed in headers and JSON bodies, so only [A-Za-z0-9._:-] pass.
import { nowNanos } from "./runtime/hostcalls";

let counter: u32 = 0;

export function isSaneId(p: usize, n: i32): bool {
  if (n < 1 || n > 128) return false;
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    const ok = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c == 0x2d || c == 0x2e || c == 0x5f || c == 0x3a;
    if (!ok) return false;
  }
  return true;
}

export function generateId(): string {
  counter++;
  return "aegis-" + nowNanos().toString(16) + "-" + counter.toString(16);
}
