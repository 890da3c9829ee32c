// One HTTP stream through the filter, driven as Envoy's filter manager drives a Wasm HTTP
// filter (Envoy 1.36 context.cc decodeHeaders/decodeData/encodeHeaders/encodeData):
//
// - Header maps are reachable only while the filter holds them: during the headers callback,
//   and after it returned StopIteration until the stream continues (then they are gone and
//   host calls on them answer BadArgument).
// - Body callbacks get the current chunk; after StopIterationAndBuffer the next chunk is
//   appended to the buffered data first (addDecodedData), so body_buffer_length is the
//   cumulative buffered size, and exceeding the buffer limit makes Envoy send 413 itself.
// - Continue from a data callback resumes stopped headers: headers (as mutated), the buffered
//   body and this chunk go to the next filter (here: recorded as `upstream`).
// - A local reply is sent after the callback returns; the decoder chain stops whatever the
//   filter returned, and the reply runs through the encoder path, this filter's included.
import { FilterDataStatus, FilterHeadersStatus, HeaderMapType, BufferType, type HeaderPairs } from './abi.js';
import { HeaderMap } from './header-map.js';
import type { CallScope, LocalReplyRequest, Vm } from './vm.js';

export interface UpstreamRequest {
  headers: HeaderMap;
  body: Buffer;
  trailers: HeaderMap | null;
  /** True once end of stream reached the upstream. */
  complete: boolean;
}

export interface DownstreamResponse {
  status: number;
  headers: HeaderMap;
  body: Buffer;
  complete: boolean;
}

export interface LocalReply {
  status: number;
  details: string;
  body: Buffer;
  headers: HeaderPairs;
  /** Who sent it: this filter, a later filter (ext_authz), or Envoy (buffer limit). */
  source: 'filter' | 'later-filter' | 'envoy';
}

export class HttpStream {
  readonly id: number;
  requestHeaders: HeaderMap | null = null;
  requestTrailers: HeaderMap | null = null;
  responseHeaders: HeaderMap | null = null;
  /** Header maps the filter may still touch. */
  private reqHeadersHeld = false;
  private respHeadersHeld = false;
  private reqBuffering = false;
  private respBuffering = false;
  private reqBuffer: Buffer = Buffer.alloc(0);
  private respBuffer: Buffer = Buffer.alloc(0);
  private current: { req: Buffer | null; resp: Buffer | null } = { req: null, resp: null };
  private reqStopped = false;
  private respStopped = false;
  decoderAborted = false;
  upstream: UpstreamRequest | null = null;
  downstream: DownstreamResponse | null = null;
  localReply: LocalReply | null = null;
  /** Every local reply the filter asked for (Envoy sends only the first). */
  localReplyRequests: LocalReplyRequest[] = [];
  /** Status codes the filter returned, in call order: e.g. ["request_headers:1", ...]. */
  statuses: string[] = [];
  done = false;

  /** Headers answered StopIteration without Envoy's allow_on_headers_stop_iteration: StopAll. */
  stoppedAll = false;

  constructor(
    private readonly vm: Vm,
    readonly bufferLimit: number,
    readonly allowOnHeadersStopIteration = true,
  ) {
    this.id = vm.nextContextId++;
    this.vm.call('proxy_on_context_create', this.id, this.vm.rootContextId);
  }

  // ---------------- request ----------------

  sendRequestHeaders(headers: HeaderPairs | Record<string, string> | HeaderMap, endOfStream: boolean): number {
    this.requestHeaders = HeaderMap.from(headers);
    this.reqHeadersHeld = true;
    const status = this.invoke('request_headers', 'proxy_on_request_headers', this.requestHeaders.size, endOfStream ? 1 : 0);
    if (this.decoderAborted) return status;
    if (status === FilterHeadersStatus.Continue || status === FilterHeadersStatus.ContinueAndEndStream) {
      this.forwardHeaders();
      if (endOfStream) this.upstream!.complete = true;
    } else {
      this.reqStopped = true;
      // proxy-wasm-cpp-host turns StopIteration into StopAllIterationAndWatermark unless the
      // plugin sets allow_on_headers_stop_iteration (Envoy >= 1.35): then body callbacks never
      // come until the filter calls continue_stream, and the stream stalls.
      if (status === FilterHeadersStatus.StopIteration && !this.allowOnHeadersStopIteration) this.stoppedAll = true;
      if (status === FilterHeadersStatus.StopAllIterationAndBuffer || status === FilterHeadersStatus.StopAllIterationAndWatermark) this.stoppedAll = true;
    }
    return status;
  }

  sendRequestBody(chunk: Buffer | string, endOfStream: boolean): number {
    if (this.decoderAborted) return FilterDataStatus.Continue;
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8');
    if (this.stoppedAll) {
      this.reqBuffer = Buffer.concat([this.reqBuffer, data]);
      return FilterDataStatus.StopIterationAndBuffer;
    }
    if (this.reqBuffering) {
      this.reqBuffer = Buffer.concat([this.reqBuffer, data]);
      if (this.reqBuffer.length > this.bufferLimit) {
        // Envoy: buffered request over the limit -> 413 from the filter manager itself.
        this.runLocalReply({ status: 413, details: 'request_payload_too_large', body: Buffer.from('Payload Too Large'), headers: [], grpcStatus: -1 }, 'envoy');
        return FilterDataStatus.StopIterationAndBuffer;
      }
      this.current.req = this.reqBuffer;
    } else {
      this.current.req = data;
    }
    const size = this.current.req.length;
    const status = this.invoke('request_body', 'proxy_on_request_body', size, endOfStream ? 1 : 0);
    const buffered = this.current.req;
    this.current.req = null;
    if (this.decoderAborted) return status;
    if (status === FilterDataStatus.Continue) {
      this.reqBuffering = false;
      this.reqBuffer = Buffer.alloc(0);
      if (this.reqStopped) this.forwardHeaders();
      this.upstream!.body = Buffer.concat([this.upstream!.body, buffered]);
      if (endOfStream) this.upstream!.complete = true;
    } else if (status === FilterDataStatus.StopIterationAndBuffer || status === FilterDataStatus.StopIterationAndWatermark) {
      this.reqBuffering = true;
      this.reqBuffer = buffered;
    }
    // StopIterationNoBuffer: the chunk is neither passed on nor kept.
    return status;
  }

  sendRequestTrailers(trailers: HeaderPairs | Record<string, string>): number {
    if (this.decoderAborted) return 0;
    this.requestTrailers = HeaderMap.from(trailers);
    // Envoy: while the filter buffers, the decoding buffer is reachable from decodeTrailers.
    if (this.reqBuffering) this.current.req = this.reqBuffer;
    const status = this.invoke('request_trailers', 'proxy_on_request_trailers', this.requestTrailers.size);
    if (this.current.req !== null) this.reqBuffer = this.current.req;
    this.current.req = null;
    if (this.decoderAborted) return status;
    if (status === 0) {
      if (this.reqStopped) this.forwardHeaders();
      this.upstream!.body = Buffer.concat([this.upstream!.body, this.reqBuffer]);
      this.reqBuffer = Buffer.alloc(0);
      this.reqBuffering = false;
      this.upstream!.trailers = this.requestTrailers.clone();
      this.upstream!.complete = true;
    }
    return status;
  }

  // ---------------- response ----------------

  sendResponseHeaders(headers: HeaderPairs | Record<string, string> | HeaderMap, endOfStream: boolean): number {
    this.responseHeaders = HeaderMap.from(headers);
    this.respHeadersHeld = true;
    const status = this.invoke('response_headers', 'proxy_on_response_headers', this.responseHeaders.size, endOfStream ? 1 : 0);
    if (status === FilterHeadersStatus.Continue || status === FilterHeadersStatus.ContinueAndEndStream) {
      this.forwardResponseHeaders();
      if (endOfStream) this.downstream!.complete = true;
    } else {
      this.respStopped = true;
    }
    return status;
  }

  sendResponseBody(chunk: Buffer | string, endOfStream: boolean): number {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8');
    if (this.respBuffering) {
      this.respBuffer = Buffer.concat([this.respBuffer, data]);
      this.current.resp = this.respBuffer;
    } else {
      this.current.resp = data;
    }
    const status = this.invoke('response_body', 'proxy_on_response_body', this.current.resp.length, endOfStream ? 1 : 0);
    const buffered = this.current.resp;
    this.current.resp = null;
    if (status === FilterDataStatus.Continue) {
      this.respBuffering = false;
      this.respBuffer = Buffer.alloc(0);
      if (this.respStopped) this.forwardResponseHeaders();
      this.downstream!.body = Buffer.concat([this.downstream!.body, buffered]);
      if (endOfStream) this.downstream!.complete = true;
    } else if (status === FilterDataStatus.StopIterationAndBuffer || status === FilterDataStatus.StopIterationAndWatermark) {
      this.respBuffering = true;
      this.respBuffer = buffered;
    }
    return status;
  }

  /** A later filter (ext_authz) or Envoy replies locally: the reply runs through this filter's encoder path. */
  laterFilterReply(status: number, body: string | Buffer, headers: HeaderPairs = []): void {
    this.runLocalReply({ status, details: 'later_filter', body: Buffer.isBuffer(body) ? body : Buffer.from(body), headers, grpcStatus: -1 }, 'later-filter');
  }

  /** End of stream: proxy_on_done, proxy_on_log, proxy_on_delete. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.reqHeadersHeld = false;
    this.respHeadersHeld = false;
    this.vm.call('proxy_on_done', this.id);
    this.vm.call('proxy_on_log', this.id);
    this.vm.call('proxy_on_delete', this.id);
  }

  // ---------------- internals ----------------

  private forwardHeaders(): void {
    this.reqStopped = false;
    this.reqHeadersHeld = false;
    this.upstream = { headers: this.requestHeaders!.clone(), body: Buffer.alloc(0), trailers: null, complete: false };
  }

  private forwardResponseHeaders(): void {
    this.respStopped = false;
    this.respHeadersHeld = false;
    const h = this.responseHeaders!.clone();
    this.downstream = { status: Number(h.get(':status') ?? 0), headers: h, body: Buffer.alloc(0), complete: false };
  }

  private scope(): CallScope {
    return {
      contextId: this.id,
      headerMap: (type: number): HeaderMap | null => {
        if (type === HeaderMapType.RequestHeaders) return this.reqHeadersHeld ? this.requestHeaders : null;
        if (type === HeaderMapType.ResponseHeaders) return this.respHeadersHeld ? this.responseHeaders : null;
        if (type === HeaderMapType.RequestTrailers) return this.requestTrailers;
        return null;
      },
      buffer: (type: number) => {
        if (type === BufferType.HttpRequestBody && this.current.req !== null) {
          return { get: () => this.current.req!, set: (b: Buffer) => { this.current.req = b; } };
        }
        if (type === BufferType.HttpResponseBody && this.current.resp !== null) {
          return { get: () => this.current.resp!, set: (b: Buffer) => { this.current.resp = b; } };
        }
        return null;
      },
      localReplies: [],
      continues: [],
    };
  }

  private invoke(label: string, fn: string, ...args: number[]): number {
    const scope = this.scope();
    this.vm.scope = scope;
    this.vm.effectiveContext = this.id;
    let status: number;
    try {
      status = this.vm.call(fn, this.id, ...args);
    } finally {
      this.vm.scope = null;
    }
    this.statuses.push(`${label}:${status}`);
    // Deferred actions, after the VM call, in Envoy's order.
    this.localReplyRequests.push(...scope.localReplies);
    const first = scope.localReplies[0];
    if (first && !this.localReply) {
      if (label.startsWith('request')) this.current.req = null;
      this.runLocalReply(first, 'filter');
    }
    return status;
  }

  private runLocalReply(r: LocalReplyRequest, source: LocalReply['source']): void {
    this.decoderAborted = true;
    this.reqHeadersHeld = false;
    this.localReply = { status: r.status, details: r.details, body: r.body, headers: r.headers, source };
    // Envoy Utility::encodeLocalReply: :status, modify_headers (addCopy), then content-length and
    // a text/plain content-type only when none was given.
    const h = new HeaderMap([[':status', String(r.status)]]);
    for (const [k, v] of r.headers) h.add(k, v);
    if (r.body.length > 0) {
      h.replace('content-length', String(r.body.length));
      if (!h.has('content-type')) h.add('content-type', 'text/plain');
    }
    this.respBuffering = false;
    this.respBuffer = Buffer.alloc(0);
    this.sendResponseHeaders(h, r.body.length === 0);
    if (r.body.length > 0) this.sendResponseBody(r.body, true);
  }
}
