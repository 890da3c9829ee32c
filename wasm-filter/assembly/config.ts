// The filter configuration: one JSON document (Envoy `configuration`, Istio WasmPlugin
// `pluginConfig`), parsed once by parseConfig() from named defaults. Every field is checked;
// an unknown field, a wrong type or a contradiction is an error that names the field, and the
// filter refuses the whole document (never runs half-configured). See README.md.
import { JValue, Kind, parseJson } from "./json/value";
import { Rule, Action, parseAction, parseDetector, validRuleId, Detector, View } from "./rules";
import { Shape, parseShape } from "./local-reply";
import { builtinRules } from "./detectors/index";

export const DEFAULT_MAX_BODY: i32 = 4 * 1024 * 1024;

export class HeaderDeny {
  id: string = "";
  header: string = "";
  pattern: string = "";
  action: Action = Action.Block;
  ruleIndex: i32 = -1;
}

export class Config {
  monitor: bool = false;
  /** Hold request headers while the body is scanned (needs Envoy's allow_on_headers_stop_iteration). */
  holdHeaders: bool = true;
  shape: Shape = Shape.Auto;
  maxBodyBytes: i32 = DEFAULT_MAX_BODY;
  maxHeaderBytes: i32 = 60 * 1024;
  maxHeaderCount: i32 = 100;
  maxJsonDepth: i32 = 64;
  maxMatches: i32 = 10000;
  allowedMethods: string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  allowedPathPrefixes: string[] = ["/"];
  requiredHeaders: string[] = [];
  llmPathPrefixes: string[] = ["/"];
  requireJson: bool = true;
  allowedEncodings: string[] = ["identity"];
  scanAllStrings: bool = false;
  textFields: string[] = ["content", "text", "system", "prompt", "input", "instructions", "arguments", "query", "messages", "contents", "parts"];
  subtreeFields: string[] = ["functionResponse", "function_response", "tool_result", "toolResult"];
  rules: Rule[] = builtinRules();
  headerDeny: HeaderDeny[] = [];
  /** Response side (response/): scan and redact what the model answers. */
  responseEnabled: bool = true;
  /** Upper bound of answer text held back per stream while streaming; 0: the longest
   *  max_match_bytes of the response rules (response/holdback.ts). */
  holdbackBytes: i32 = 0;
}

export class ConfigResult {
  config: Config | null = null;
  error: string = "";
}

class Ctx {
  error: string = "";
  fail(path: string, msg: string): void {
    if (this.error.length == 0) this.error = path + ": " + msg;
  }
  ok(): bool { return this.error.length == 0; }
}

function checkKeys(ctx: Ctx, v: JValue, path: string, allowed: string[]): void {
  for (let i = 0; i < v.keys.length; i++) {
    if (!allowed.includes(v.keys[i])) {
      ctx.fail(path.length > 0 ? path + "." + v.keys[i] : v.keys[i], "unknown field (allowed: " + allowed.join(", ") + ")");
      return;
    }
  }
}

function obj(ctx: Ctx, v: JValue | null, path: string): JValue | null {
  if (v === null) return null;
  if (v.kind != Kind.Object) { ctx.fail(path, "must be an object"); return null; }
  return v;
}

function str(ctx: Ctx, v: JValue | null, path: string, dflt: string): string {
  if (v === null) return dflt;
  if (v.kind != Kind.String) { ctx.fail(path, "must be a string"); return dflt; }
  return v.s;
}

function bool_(ctx: Ctx, v: JValue | null, path: string, dflt: bool): bool {
  if (v === null) return dflt;
  if (v.kind != Kind.Bool) { ctx.fail(path, "must be true or false"); return dflt; }
  return v.b;
}

function int(ctx: Ctx, v: JValue | null, path: string, dflt: i32, min: i32, max: i32): i32 {
  if (v === null) return dflt;
  if (v.kind != Kind.Number || v.n != Math.floor(v.n)) { ctx.fail(path, "must be an integer"); return dflt; }
  if (v.n < <f64>min || v.n > <f64>max) { ctx.fail(path, "must be between " + min.toString() + " and " + max.toString()); return dflt; }
  return <i32>v.n;
}

function strings(ctx: Ctx, v: JValue | null, path: string, dflt: string[], allowEmpty: bool): string[] {
  if (v === null) return dflt;
  if (v.kind != Kind.Array) { ctx.fail(path, "must be an array of strings"); return dflt; }
  const out: string[] = [];
  for (let i = 0; i < v.items.length; i++) {
    const it = v.items[i];
    if (it.kind != Kind.String) { ctx.fail(path + "[" + i.toString() + "]", "must be a string"); return dflt; }
    if (it.s.length == 0) { ctx.fail(path + "[" + i.toString() + "]", "must not be empty"); return dflt; }
    out.push(it.s);
  }
  if (!allowEmpty && out.length == 0) ctx.fail(path, "must not be empty");
  return out;
}

function isToken(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f || c == 0x2e;
    if (!ok) return false;
  }
  return true;
}

function parseLimits(ctx: Ctx, v: JValue | null, c: Config): void {
  const o = obj(ctx, v, "limits");
  if (o === null) return;
  checkKeys(ctx, o, "limits", ["max_body_bytes", "max_header_bytes", "max_header_count", "max_json_depth", "max_matches"]);
  c.maxBodyBytes = int(ctx, o.get("max_body_bytes"), "limits.max_body_bytes", c.maxBodyBytes, 1, 64 * 1024 * 1024);
  c.maxHeaderBytes = int(ctx, o.get("max_header_bytes"), "limits.max_header_bytes", c.maxHeaderBytes, 256, 1024 * 1024);
  c.maxHeaderCount = int(ctx, o.get("max_header_count"), "limits.max_header_count", c.maxHeaderCount, 1, 10000);
  c.maxJsonDepth = int(ctx, o.get("max_json_depth"), "limits.max_json_depth", c.maxJsonDepth, 1, 1024);
  c.maxMatches = int(ctx, o.get("max_matches"), "limits.max_matches", c.maxMatches, 1, 1000000);
}

function parseResponse(ctx: Ctx, v: JValue | null, c: Config): void {
  const o = obj(ctx, v, "response");
  if (o === null) return;
  checkKeys(ctx, o, "response", ["enabled", "holdback_bytes"]);
  c.responseEnabled = bool_(ctx, o.get("enabled"), "response.enabled", c.responseEnabled);
  c.holdbackBytes = int(ctx, o.get("holdback_bytes"), "response.holdback_bytes", c.holdbackBytes, 0, 1048576);
}

function parseHeaders(ctx: Ctx, v: JValue | null, c: Config): void {
  const o = obj(ctx, v, "headers");
  if (o === null) return;
  checkKeys(ctx, o, "headers", ["allowed_methods", "allowed_path_prefixes", "required", "deny"]);
  c.allowedMethods = strings(ctx, o.get("allowed_methods"), "headers.allowed_methods", c.allowedMethods, false);
  c.allowedPathPrefixes = strings(ctx, o.get("allowed_path_prefixes"), "headers.allowed_path_prefixes", c.allowedPathPrefixes, false);
  for (let i = 0; i < c.allowedPathPrefixes.length; i++) {
    if (!c.allowedPathPrefixes[i].startsWith("/")) ctx.fail("headers.allowed_path_prefixes[" + i.toString() + "]", "must start with /");
  }
  const req = strings(ctx, o.get("required"), "headers.required", [], true);
  c.requiredHeaders = [];
  for (let i = 0; i < req.length; i++) {
    const name = req[i].toLowerCase();
    if (!isToken(name) && !name.startsWith(":")) ctx.fail("headers.required[" + i.toString() + "]", "is not a header name");
    c.requiredHeaders.push(name);
  }
  const deny = o.get("deny");
  if (deny === null) return;
  if (deny.kind != Kind.Array) { ctx.fail("headers.deny", "must be an array"); return; }
  for (let i = 0; i < deny.items.length; i++) {
    const path = "headers.deny[" + i.toString() + "]";
    const d = obj(ctx, deny.items[i], path);
    if (d === null) return;
    checkKeys(ctx, d, path, ["id", "header", "pattern", "action"]);
    const h = new HeaderDeny();
    h.id = str(ctx, d.get("id"), path + ".id", "");
    h.header = str(ctx, d.get("header"), path + ".header", "").toLowerCase();
    h.pattern = str(ctx, d.get("pattern"), path + ".pattern", "");
    const a = parseAction(str(ctx, d.get("action"), path + ".action", "block"));
    if (!validRuleId(h.id) || !h.id.startsWith("filter.header.")) ctx.fail(path + ".id", "must match filter.header.[a-z0-9_.-]+");
    else if (findRule(c.rules, h.id) !== null) ctx.fail(path + ".id", "duplicates rule " + h.id);
    if (h.header.length == 0) ctx.fail(path + ".header", "is required");
    else if (!isToken(h.header)) ctx.fail(path + ".header", "is not a header name");
    if (h.pattern.length == 0) ctx.fail(path + ".pattern", "is required");
    if (a < 0 || a == Action.Redact) ctx.fail(path + ".action", "must be block, flag or log");
    else h.action = <Action>a;
    c.headerDeny.push(h);
    const r = new Rule();
    r.id = h.id;
    r.detector = Detector.Header;
    r.action = h.action;
    r.isRegex = true;
    r.patterns = [h.pattern];
    r.header = h.header;
    r.message = "request header " + h.header + " is not allowed";
    r.maxMatch = 8192;
    c.rules.push(r);
  }
}

function parseBody(ctx: Ctx, v: JValue | null, c: Config): void {
  const o = obj(ctx, v, "body");
  if (o === null) return;
  checkKeys(ctx, o, "body", ["llm_path_prefixes", "require_json", "allowed_content_encodings", "scan", "text_fields", "subtree_fields"]);
  c.llmPathPrefixes = strings(ctx, o.get("llm_path_prefixes"), "body.llm_path_prefixes", c.llmPathPrefixes, true);
  c.requireJson = bool_(ctx, o.get("require_json"), "body.require_json", c.requireJson);
  c.allowedEncodings = strings(ctx, o.get("allowed_content_encodings"), "body.allowed_content_encodings", c.allowedEncodings, false);
  for (let i = 0; i < c.allowedEncodings.length; i++) c.allowedEncodings[i] = c.allowedEncodings[i].toLowerCase();
  const scan = str(ctx, o.get("scan"), "body.scan", "text_fields");
  if (scan == "all_strings") c.scanAllStrings = true;
  else if (scan != "text_fields") ctx.fail("body.scan", "must be \"text_fields\" or \"all_strings\"");
  c.textFields = strings(ctx, o.get("text_fields"), "body.text_fields", c.textFields, true);
  c.subtreeFields = strings(ctx, o.get("subtree_fields"), "body.subtree_fields", c.subtreeFields, true);
}

function findRule(rules: Rule[], id: string): Rule | null {
  for (let i = 0; i < rules.length; i++) if (rules[i].id == id) return rules[i];
  return null;
}

function parseRuleOverrides(ctx: Ctx, v: JValue | null, c: Config): void {
  const o = obj(ctx, v, "rules");
  if (o === null) return;
  for (let i = 0; i < o.keys.length; i++) {
    const id = o.keys[i];
    const path = "rules." + id;
    const r = findRule(c.rules, id);
    if (r === null) { ctx.fail(path, "is not a built-in rule id (custom rules go in custom_rules)"); return; }
    const ro = obj(ctx, o.items[i], path);
    if (ro === null) return;
    checkKeys(ctx, ro, path, ["enabled", "action", "placeholder", "reversible", "response_action"]);
    const ra = str(ctx, ro.get("response_action"), path + ".response_action", r.endStream ? "end_stream" : "redact");
    if (ra == "end_stream") r.endStream = true;
    else if (ra != "redact") ctx.fail(path + ".response_action", "must be redact or end_stream");
    r.reversible = bool_(ctx, ro.get("reversible"), path + ".reversible", r.reversible);
    r.enabled = bool_(ctx, ro.get("enabled"), path + ".enabled", r.enabled);
    const as = ro.get("action");
    if (as !== null) {
      const a = parseAction(str(ctx, as, path + ".action", ""));
      if (a < 0) ctx.fail(path + ".action", "must be block, redact, flag or log");
      else r.action = <Action>a;
    }
    r.placeholder = str(ctx, ro.get("placeholder"), path + ".placeholder", r.placeholder);
    if (!validPlaceholder(r.placeholder)) ctx.fail(path + ".placeholder", "must be 1-64 printable ASCII characters without quotes or backslashes");
    if (r.reversible && (r.detector != Detector.Pii || r.action != Action.Redact)) ctx.fail(path + ".reversible", "only for pii rules whose action is redact");
  }
}

export function validPlaceholder(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c == 0x22 || c == 0x5c) return false;
  }
  return true;
}

function parseCustomRules(ctx: Ctx, v: JValue | null, c: Config): void {
  if (v === null) return;
  if (v.kind != Kind.Array) { ctx.fail("custom_rules", "must be an array"); return; }
  for (let i = 0; i < v.items.length; i++) {
    const path = "custom_rules[" + i.toString() + "]";
    const o = obj(ctx, v.items[i], path);
    if (o === null) return;
    checkKeys(ctx, o, path, ["id", "detector", "kind", "patterns", "action", "placeholder", "message", "max_match_bytes"]);
    const r = new Rule();
    r.id = str(ctx, o.get("id"), path + ".id", "");
    if (!validRuleId(r.id) || !r.id.startsWith("filter.custom.")) { ctx.fail(path + ".id", "must match filter.custom.[a-z0-9_.-]+"); return; }
    if (findRule(c.rules, r.id) !== null) { ctx.fail(path + ".id", "duplicates rule " + r.id); return; }
    const det = parseDetector(str(ctx, o.get("detector"), path + ".detector", "body"));
    if (det < 0 || det == Detector.Header) ctx.fail(path + ".detector", "must be injection, pii, secret or body");
    else r.detector = <Detector>det;
    const kind = str(ctx, o.get("kind"), path + ".kind", "");
    if (kind == "keywords") { r.view = View.Keyword; r.isRegex = false; }
    else if (kind == "regex") { r.view = View.Text; r.isRegex = true; }
    else ctx.fail(path + ".kind", "must be \"keywords\" or \"regex\"");
    r.patterns = strings(ctx, o.get("patterns"), path + ".patterns", [], false);
    if (o.get("patterns") === null) ctx.fail(path + ".patterns", "is required");
    const a = parseAction(str(ctx, o.get("action"), path + ".action", "block"));
    if (a < 0) ctx.fail(path + ".action", "must be block, redact, flag or log");
    else r.action = <Action>a;
    r.placeholder = str(ctx, o.get("placeholder"), path + ".placeholder", "[REDACTED]");
    if (!validPlaceholder(r.placeholder)) ctx.fail(path + ".placeholder", "must be 1-64 printable ASCII characters without quotes or backslashes");
    r.message = str(ctx, o.get("message"), path + ".message", "request blocked by rule " + r.id);
    if (!printable(r.message, 200)) ctx.fail(path + ".message", "must be 1-200 printable ASCII characters without quotes or backslashes");
    r.maxMatch = int(ctx, o.get("max_match_bytes"), path + ".max_match_bytes", 256, 1, 65536);
    c.rules.push(r);
  }
}

function printable(s: string, max: i32): bool {
  if (s.length == 0 || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x20 || ch > 0x7e || ch == 0x22 || ch == 0x5c) return false;
  }
  return true;
}

/** Parses the plugin configuration; an empty document means all defaults. */
export function parseConfig(raw: ArrayBuffer): ConfigResult {
  const res = new ConfigResult();
  const c = new Config();
  const ctx = new Ctx();
  // Empty or whitespace-only configuration: the defaults (DESIGN.md's default policy).
  let blank = true;
  for (let i = 0; i < raw.byteLength; i++) {
    const b = load<u8>(changetype<usize>(raw) + <usize>i);
    if (b != 0x20 && b != 0x0a && b != 0x0d && b != 0x09) { blank = false; break; }
  }
  if (!blank) {
    const pr = parseJson(raw);
    const root = pr.value;
    if (root === null) { res.error = "configuration is not valid JSON: " + pr.error; return res; }
    if (root.kind != Kind.Object) { res.error = "configuration: must be a JSON object"; return res; }
    checkKeys(ctx, root, "", ["mode", "error_shape", "hold_request_headers", "limits", "headers", "body", "rules", "custom_rules", "response"]);
    const mode = str(ctx, root.get("mode"), "mode", "enforce");
    if (mode == "monitor") c.monitor = true;
    else if (mode != "enforce") ctx.fail("mode", "must be \"enforce\" or \"monitor\"");
    const shape = parseShape(str(ctx, root.get("error_shape"), "error_shape", "auto"));
    if (shape < 0) ctx.fail("error_shape", "must be auto, openai, anthropic or google");
    else c.shape = <Shape>shape;
    c.holdHeaders = bool_(ctx, root.get("hold_request_headers"), "hold_request_headers", true);
    parseLimits(ctx, root.get("limits"), c);
    parseHeaders(ctx, root.get("headers"), c);
    parseBody(ctx, root.get("body"), c);
    parseRuleOverrides(ctx, root.get("rules"), c);
    parseCustomRules(ctx, root.get("custom_rules"), c);
    parseResponse(ctx, root.get("response"), c);
    if (!ctx.ok()) { res.error = ctx.error; return res; }
  }
  for (let i = 0; i < c.rules.length; i++) c.rules[i].index = i;
  res.config = c;
  return res;
}
