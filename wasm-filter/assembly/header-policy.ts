// Header policy of a request: limits, allowed methods and path prefixes, required headers,
// deny patterns, and what the body checks need to know (route, length, encoding, type).
import { HeaderList } from "./headers";
import { AegisRoot } from "./root";
import * as S from "./detectors/structural";

const METHOD = String.UTF8.encode(":method");
const PATH = String.UTF8.encode(":path");
const CONTENT_LENGTH = String.UTF8.encode("content-length");
const CONTENT_ENCODING = String.UTF8.encode("content-encoding");
const CONTENT_TYPE = String.UTF8.encode("content-type");

export class HeaderCheck {
  path: string = "";
  llmRoute: bool = false;
  contentLength: i64 = -1;
  badEncoding: bool = false;
  notJson: bool = false;
  /** Indices of rules that fired, in check order. */
  fired: i32[] = [];
}

export function checkHeaders(root: AegisRoot, hl: HeaderList): HeaderCheck {
  const cfg = root.config;
  const hc = new HeaderCheck();
  const pi = hl.find(PATH);
  hc.path = pi >= 0 ? hl.value(pi) : "/";
  if (hl.count > cfg.maxHeaderCount || hl.bytes > cfg.maxHeaderBytes) hc.fired.push(root.rule(S.HEADER_TOO_LARGE));
  const mi = hl.find(METHOD);
  const method = mi >= 0 ? hl.value(mi) : "";
  if (!cfg.allowedMethods.includes(method)) hc.fired.push(root.rule(S.METHOD_NOT_ALLOWED));
  if (!hasPrefix(cfg.allowedPathPrefixes, hc.path)) hc.fired.push(root.rule(S.PATH_NOT_ALLOWED));
  for (let i = 0; i < cfg.requiredHeaders.length; i++) {
    if (hl.find(String.UTF8.encode(cfg.requiredHeaders[i])) < 0) { hc.fired.push(root.rule(S.REQUIRED_MISSING)); break; }
  }
  root.engine.checkHeaderDeny(hl, hc.fired);
  hc.llmRoute = hasPrefix(cfg.llmPathPrefixes, hc.path);
  const cl = hl.find(CONTENT_LENGTH);
  if (cl >= 0) hc.contentLength = parseLength(hl.valPtr(cl), hl.valLen[cl]);
  const ce = hl.find(CONTENT_ENCODING);
  if (ce >= 0) hc.badEncoding = !encodingsAllowed(hl.value(ce), cfg.allowedEncodings);
  const ct = hl.find(CONTENT_TYPE);
  hc.notJson = ct < 0 || !isJsonType(hl.value(ct));
  return hc;
}

function hasPrefix(prefixes: string[], path: string): bool {
  for (let i = 0; i < prefixes.length; i++) if (path.startsWith(prefixes[i])) return true;
  return false;
}

/** Decimal content-length, or -1 when absent or not a number (Envoy rejects those itself). */
function parseLength(p: usize, n: i32): i64 {
  if (n == 0 || n > 18) return -1;
  let v: i64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <i64>load<u8>(p + <usize>i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function encodingsAllowed(value: string, allowed: string[]): bool {
  const parts = value.toLowerCase().split(",");
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i].trim();
    if (t.length == 0) continue;
    if (!allowed.includes(t)) return false;
  }
  return true;
}

/** application/json, or any application/*+json, parameters ignored. */
export function isJsonType(value: string): bool {
  let v = value;
  const semi = v.indexOf(";");
  if (semi >= 0) v = v.substring(0, semi);
  v = v.trim().toLowerCase();
  return v == "application/json" || (v.startsWith("application/") && v.endsWith("+json"));
}
