// One HTTP stream. Request side: strip client-sent x-aegis-* headers, set the request id and
// x-aegis-filter, header policy, then buffer the body (headers held back with StopIteration
// so the body's findings can still be added to them and content-length fixed), scan it and
// block, redact or flag. Response side: x-aegis-request-id on every response, local replies
// of later filters included; on LLM routes the answer (SSE stream or JSON) is scanned with the
// response rule set and redacted, reversible placeholders restored (response/).
import { StreamContext } from "./runtime/contexts";
import { MapType, BufferType, LogLevel, getHeaderPairsRaw, removeHeaderBytes, removeHeader, setHeader, getHeader, getBuffer, setBuffer, log, logEnabled } from "./runtime/hostcalls";
import { AegisRoot } from "./root";
import { isSaneId, generateId } from "./request-id";
import { Shape, shapeForPath, sendError } from "./local-reply";
import { Action, Rule, detectorName } from "./rules";
import { ScanResult } from "./json/json-text";
import * as S from "./detectors/structural";
import { checkHeaders } from "./header-policy";
import { applyRedactions } from "./redact";
import { SseRewriter } from "./response/sse";
import { rewriteJson } from "./response/json-body";
import { Vault } from "./response/vault";

/** How the response body is handled (response/). */
const enum RespMode { Pass = 0, Sse = 1, Json = 2 }

const enum Status { Continue = 0, Stop = 1 }
const enum DataStatus { Continue = 0, StopAndBuffer = 1, StopNoBuffer = 3 }

const X_AEGIS = String.UTF8.encode("x-aegis-");
const X_REQUEST_ID = String.UTF8.encode("x-request-id");

export class AegisStream extends StreamContext {
  root: AegisRoot;
  requestId: string = "";
  shape: Shape = Shape.OpenAi;
  scanBody: bool = false;
  replied: bool = false;
  finished: bool = false;
  bodySize: u32 = 0;
  hadContentLength: bool = false;
  /** Request headers already passed on (hold_request_headers false): body findings only logged. */
  headersGone: bool = false;
  /** Rule indices of non-blocking findings made before the body (header stage). */
  early: i32[] = [];
  /** The request went to an LLM route: its answer is scanned. */
  llmRoute: bool = false;
  respMode: RespMode = RespMode.Pass;
  respHeadersHeld: bool = false;
  sse: SseRewriter | null = null;
  /** Values replaced by numbered placeholders in this request, restored in its answer. */
  vault: Vault = new Vault();

  constructor(id: u32, root: AegisRoot) {
    super(id, root);
    this.root = root;
  }

  // ---------------- request headers ----------------

  onRequestHeadersRaw(n: u32, endOfStream: bool): i32 {
    const root = this.root;
    const cfg = root.config;
    if (!root.configured) {
      // Never half-configured: without a good configuration every request is refused.
      this.requestId = generateId();
      sendError(Shape.OpenAi, 503, "filter.config.invalid", "gateway filter configuration is invalid", this.requestId);
      this.replied = true;
      return Status.Stop;
    }
    root.metrics.inc(root.metrics.requests);
    const hl = root.headers;
    hl.parse(getHeaderPairsRaw(MapType.RequestHeaders));
    // 1. No client-sent x-aegis-* header survives, whatever happens next.
    for (let i = 0; i < hl.count; i++) {
      if (hl.keyStartsWith(i, X_AEGIS)) removeHeaderBytes(MapType.RequestHeaders, hl.keyPtr(i), <usize>hl.keyLen[i]);
    }
    // 2. The decision id and the filter's mark.
    const rid = hl.find(X_REQUEST_ID);
    this.requestId = rid >= 0 && isSaneId(hl.valPtr(rid), hl.valLen[rid]) ? hl.value(rid) : generateId();
    setHeader(MapType.RequestHeaders, "x-aegis-request-id", this.requestId);
    setHeader(MapType.RequestHeaders, "x-aegis-filter", cfg.monitor ? "v1;mode=monitor" : "v1;mode=enforce");
    // 3. Header policy.
    const hc = checkHeaders(root, hl);
    this.shape = cfg.shape == Shape.Auto ? shapeForPath(hc.path) : cfg.shape;
    for (let i = 0; i < hc.fired.length; i++) {
      if (this.fire(hc.fired[i])) return Status.Stop;
    }
    // The answer must come back readable to be scanned: ask the upstream for no encoding.
    this.llmRoute = hc.llmRoute;
    if (hc.llmRoute && root.output.active && !cfg.monitor) setHeader(MapType.RequestHeaders, "accept-encoding", "identity");
    // 4. The body: inspected on LLM routes, after its own header checks.
    if (endOfStream) return this.finishHeadersOnly();
    if (!hc.llmRoute) return this.finishHeadersOnly();
    if (hc.contentLength > <i64>cfg.maxBodyBytes && this.fire(root.rule(S.BODY_TOO_LARGE))) return Status.Stop;
    if (hc.badEncoding && this.fire(root.rule(S.UNSUPPORTED_ENCODING))) return Status.Stop;
    if (hc.notJson && cfg.requireJson && this.fire(root.rule(S.CONTENT_TYPE))) return Status.Stop;
    if (hc.contentLength > <i64>cfg.maxBodyBytes || hc.badEncoding) return this.finishHeadersOnly();
    this.scanBody = true;
    this.hadContentLength = hc.contentLength >= 0;
    if (cfg.holdHeaders) {
      // Held until the body is scanned: findings and a fixed content-length go into these headers.
      return Status.Stop;
    }
    // Headers go on now (Istio cannot set allow_on_headers_stop_iteration): a redacted body may
    // change size, so the length is dropped and Envoy frames the body itself.
    this.headersGone = true;
    if (this.hadContentLength && root.engine.mayRedact && !cfg.monitor) {
      removeHeader(MapType.RequestHeaders, "content-length");
      this.hadContentLength = false;
    }
    this.finishHeadersOnly();
    this.early = [];
    return Status.Continue;
  }

  private finishHeadersOnly(): i32 {
    if (this.early.length > 0) {
      const f = this.root.findings;
      f.reset(this.root.rules().length);
      for (let i = 0; i < this.early.length; i++) f.hit(this.early[i]);
      this.report();
    }
    return Status.Continue;
  }

  /**
   * A rule fired outside the body scan. Returns true when a reply was sent (the caller stops);
   * otherwise the finding is kept for the findings header.
   */
  private fire(index: i32): bool {
    if (index < 0) return false;
    const root = this.root;
    const r = root.rules()[index];
    if (!r.enabled) return false;
    root.metrics.ruleMatches(index, 1);
    if (r.action == Action.Block && !root.config.monitor) {
      this.reply(r);
      return true;
    }
    if (r.action == Action.Block) root.metrics.inc(root.metrics.monitored);
    this.early.push(index);
    return false;
  }

  private reply(r: Rule): void {
    const root = this.root;
    root.metrics.inc(root.metrics.blocked);
    const msg = r.status == 403 ? "Request blocked by policy: " + r.message : r.message;
    log(LogLevel.Info, "aegis filter: request_id=" + this.requestId + " blocked rule=" + r.id + " status=" + r.status.toString());
    sendError(this.shape, <u32>r.status, r.id, msg, this.requestId);
    this.replied = true;
  }

  // ---------------- request body ----------------

  onRequestBodyRaw(size: u32, endOfStream: bool): i32 {
    if (!this.scanBody || this.finished) return DataStatus.Continue;
    if (this.replied) return DataStatus.StopNoBuffer;
    this.bodySize = size;
    const root = this.root;
    if (size > <u32>root.config.maxBodyBytes) {
      this.finished = true;
      if (this.fire(root.rule(S.BODY_TOO_LARGE))) return DataStatus.StopNoBuffer;
      this.setFindingsFromEarly();
      return DataStatus.Continue; // monitor mode or not blocking: passes unscanned
    }
    if (!endOfStream) return DataStatus.StopAndBuffer;
    return this.finishBody(size) ? DataStatus.StopNoBuffer : DataStatus.Continue;
  }

  onRequestTrailersRaw(n: u32): i32 {
    // The body ended with trailers (no end_of_stream data frame): scan what was buffered.
    if (!this.scanBody || this.finished || this.replied) return 0;
    return this.finishBody(this.bodySize) ? 1 : 0;
  }

  private setFindingsFromEarly(): void {
    this.finishHeadersOnly();
  }

  /** Scans the complete body. Returns true when a reply was sent. */
  private finishBody(size: u32): bool {
    this.finished = true;
    const root = this.root;
    const f = root.findings;
    const rules = root.rules();
    f.reset(rules.length);
    for (let i = 0; i < this.early.length; i++) f.hit(this.early[i]);
    if (size == 0) { this.report(); return false; }
    const body = getBuffer(BufferType.RequestBody, 0, size);
    const len = body.byteLength;
    const norm = root.norm;
    norm.reset(len);
    const res = root.extractor.scan(norm, changetype<usize>(body), len);
    if (res != ScanResult.Ok) {
      const code = res == ScanResult.InvalidUtf8 ? S.INVALID_UTF8 : (res == ScanResult.TooDeep ? S.TOO_DEEP : S.MALFORMED_JSON);
      const idx = root.rule(code);
      if (this.fire(idx)) return true;
      if (idx >= 0 && root.rules()[idx].enabled) f.hit(idx);
      this.report();
      return false;
    }
    root.engine.scan(norm, f);
    for (let i = 0; i < rules.length; i++) {
      const c = f.counts[i];
      if (c > 0 && !rules[i].structural) root.metrics.ruleMatches(i, c);
    }
    const block = f.firstBlock(rules);
    if (block >= 0) {
      if (!root.config.monitor) { this.reply(rules[block]); return true; }
      root.metrics.inc(root.metrics.monitored);
    }
    if (f.matches > 0 && !root.config.monitor) {
      if (f.truncated) {
        const idx = root.rule(S.TOO_MANY_MATCHES);
        if (this.fire(idx)) return true;
      } else if (applyRedactions(root, body, f, this.hadContentLength, this.vault)) {
        root.metrics.inc(root.metrics.redacted);
      }
    }
    this.report();
    return false;
  }

  /** Findings header (for ext_authz), metrics and log lines of what was found. */
  private report(): void {
    const root = this.root;
    const f = root.findings;
    if (!f.any) return;
    const rules = root.rules();
    if (!this.headersGone) setHeader(MapType.RequestHeaders, "x-aegis-findings", f.header(rules));
    if (f.has(rules, Action.Flag)) root.metrics.inc(root.metrics.flagged);
    if (logEnabled(LogLevel.Info)) {
      log(LogLevel.Info, "aegis filter: request_id=" + this.requestId + " findings=" + f.header(rules) +
        (root.config.monitor ? " mode=monitor" : ""));
    }
  }

  // ---------------- response ----------------

  onResponseHeadersRaw(n: u32, endOfStream: bool): i32 {
    if (this.requestId.length > 0) setHeader(MapType.ResponseHeaders, "x-aegis-request-id", this.requestId);
    const root = this.root;
    if (this.replied || endOfStream || !this.llmRoute || root.config.monitor) return Status.Continue;
    if (!root.output.active && this.vault.count() == 0) return Status.Continue;
    const enc = headerString(MapType.ResponseHeaders, "content-encoding");
    const ct = headerString(MapType.ResponseHeaders, "content-type");
    if (enc.length > 0 && enc != "identity") {
      log(LogLevel.Warn, "aegis filter: request_id=" + this.requestId + " response not scanned: content-encoding " + enc);
      return Status.Continue;
    }
    if (ct.startsWith("text/event-stream")) {
      // Events change size as text is held back and released: Envoy frames the body itself.
      this.respMode = RespMode.Sse;
      const sse = new SseRewriter(root.output, this.vault);
      sse.shape = this.shape;
      sse.requestId = this.requestId;
      this.sse = sse;
      removeHeader(MapType.ResponseHeaders, "content-length");
      return Status.Continue;
    }
    if (ct.startsWith("application/json") && headerString(MapType.ResponseHeaders, ":status").startsWith("2")) {
      this.respMode = RespMode.Json;
      if (root.config.holdHeaders && headerString(MapType.ResponseHeaders, "content-length").length > 0) {
        this.respHeadersHeld = true; // content-length is fixed once the body is rewritten
        return Status.Stop;
      }
      removeHeader(MapType.ResponseHeaders, "content-length");
    }
    return Status.Continue;
  }

  onResponseBodyRaw(size: u32, endOfStream: bool): i32 {
    if (this.respMode == RespMode.Sse) return this.streamBody(size, endOfStream);
    if (this.respMode == RespMode.Json) return this.jsonBody(size, endOfStream);
    return DataStatus.Continue;
  }

  private streamBody(size: u32, endOfStream: bool): i32 {
    const sse = this.sse as SseRewriter;
    const chunk = getBuffer(BufferType.ResponseBody, 0, size);
    const out = sse.feed(changetype<usize>(chunk), chunk.byteLength, endOfStream);
    setBuffer(BufferType.ResponseBody, 0, size, out);
    if (endOfStream) this.reportResponse(sse.hits, sse.redactions + (sse.stopped >= 0 ? 1 : 0));
    if (endOfStream && sse.stopped >= 0) {
      log(LogLevel.Info, "aegis filter: request_id=" + this.requestId + " response stream ended rule=" + this.root.output.rules[sse.stopped].id);
      this.root.metrics.inc(this.root.metrics.responsesStopped);
    }
    if (endOfStream) this.reportRestored();
    return DataStatus.Continue;
  }

  private jsonBody(size: u32, endOfStream: bool): i32 {
    if (!endOfStream) return DataStatus.StopAndBuffer;
    this.respMode = RespMode.Pass;
    const body = getBuffer(BufferType.ResponseBody, 0, size);
    const rw = rewriteJson(this.root.output, changetype<usize>(body), body.byteLength, this.vault);
    const nb = rw.body;
    if (nb !== null) setBuffer(BufferType.ResponseBody, 0, size, nb);
    if (this.respHeadersHeld) setHeader(MapType.ResponseHeaders, "content-length", (nb !== null ? nb.byteLength : body.byteLength).toString());
    this.reportResponse(rw.hits, rw.redactions);
    this.reportRestored();
    return DataStatus.Continue;
  }

  /** Reversible redaction: how many placeholders were given back (never the values). */
  private reportRestored(): void {
    const n = this.vault.restored;
    if (n == 0) return;
    this.root.metrics.restored(n);
    if (logEnabled(LogLevel.Info)) log(LogLevel.Info, "aegis filter: request_id=" + this.requestId + " response restored=" + n.toString());
  }

  /** Metrics and one log line per redacted answer: rule ids and counts, never a value. */
  private reportResponse(hits: i32[], total: i32): void {
    if (total == 0) return;
    const root = this.root;
    root.metrics.inc(root.metrics.responsesRedacted);
    const rules = root.output.rules;
    let list = "";
    for (let i = 0; i < hits.length; i++) {
      if (hits[i] == 0) continue;
      root.metrics.responseRedactions(i, hits[i]);
      if (list.length > 0) list += ",";
      list += detectorName(rules[i].detector) + ":" + rules[i].id + ":redact:" + hits[i].toString();
    }
    if (logEnabled(LogLevel.Info)) log(LogLevel.Info, "aegis filter: request_id=" + this.requestId + " response redacted=" + list);
  }
}

function headerString(map: MapType, name: string): string {
  const v = getHeader(map, name);
  return v === null ? "" : String.UTF8.decode(v).toLowerCase();
}
