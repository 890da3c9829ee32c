// A whole (non-streamed) JSON answer: every text string the user reads is decoded, scanned
// and released at once, then written back escaped; the rest of the document is copied as is.
import { ByteBuf } from "../text/byte-buf";
import { OutputRules, Pending, release } from "./holdback";
import { walkDoc } from "./json-walk";
import { Vault } from "./vault";
import { decodeJsonString, escapeJsonString } from "./json-string";

export class JsonRewrite {
  /** The rewritten body, or null when nothing changed (or the body is not JSON). */
  body: ArrayBuffer | null = null;
  redactions: i32 = 0;
  hits: i32[] = [];
}

export function rewriteJson(rules: OutputRules, base: usize, len: i32, vault: Vault | null = null): JsonRewrite {
  const res = new JsonRewrite();
  const doc = walkDoc(base, len);
  if (!doc.ok || doc.texts.length == 0) return res;
  const out = new ByteBuf();
  const text = new ByteBuf();
  out.reserve(len + 64);
  let at = 0;
  let changed = false;
  for (let i = 0; i < doc.texts.length; i += 2) {
    const s = doc.texts[i];
    const e = doc.texts[i + 1];
    const pend = new Pending();
    decodeJsonString(base + <usize>s, base + <usize>e, pend.buf);
    text.reset();
    const restored = vault !== null ? vault.restored : 0;
    const n = release(rules, pend, true, text, res.hits, vault, false);
    if (n == 0 && (vault === null || vault.restored == restored)) continue;
    changed = true;
    res.redactions += n;
    out.pushBytes(base + <usize>at, s - at);
    escapeJsonString(text.ptr, text.len, out);
    at = e;
  }
  if (!changed) return res;
  out.pushBytes(base + <usize>at, len - at);
  res.body = out.toArrayBuffer();
  return res;
}
