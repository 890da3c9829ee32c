// The Node proxy-wasm host, the way tests and the bench use it:
//
//   const host = await ProxyWasmHost.load({ wasm: 'build/aegis_filter.wasm', config: {...} });
//   const ex = host.exchange({ method: 'POST', path: '/v1/chat/completions', body: {...} });
//   ex.localReply?.status, ex.upstream?.headers.get('x-aegis-findings'), ex.downstream.headers ...
//
// `load` runs the VM start sequence Envoy runs (instantiate, _start, root context create,
// proxy_on_vm_start, proxy_on_configure); `exchange` drives one request/response through
// the filter (stream.ts has the Envoy semantics); `stream()` gives the callbacks one by one.
import { BufferType, type HeaderPairs, type LogLevelName } from './abi.js';
import { HeaderMap } from './header-map.js';
import { HttpStream, type DownstreamResponse, type LocalReply, type UpstreamRequest } from './stream.js';
import { Vm, WasmTrap, type LogEntry, type Metric, type VmOptions } from './vm.js';

export { HeaderMap, HttpStream, Vm, WasmTrap, BufferType };
export type { DownstreamResponse, LocalReply, UpstreamRequest, LogEntry, Metric, HeaderPairs, LogLevelName };

export interface HostOptions extends Omit<VmOptions, 'wasm'> {
  /** The .wasm to load; defaults to the release artefact build/aegis_filter.wasm. */
  wasm?: string | Uint8Array;
  /** Plugin configuration: a JSON string, or an object to stringify. Omitted: empty (defaults). */
  config?: string | object;
  /** Envoy's decoder/encoder buffer limit (per_connection_buffer_limit_bytes). */
  bufferLimitBytes?: number;
  /** Envoy PluginConfig.allow_on_headers_stop_iteration (default true, as our Envoy config sets it). */
  allowOnHeadersStopIteration?: boolean;
}

export interface ExchangeRequest {
  method?: string;
  path?: string;
  authority?: string;
  headers?: HeaderPairs | Record<string, string>;
  /** A string, bytes, or an object sent as JSON. */
  body?: string | Buffer | object;
  /** Deliver the body in chunks of this many bytes (default: one chunk), or these exact chunks. */
  chunkSize?: number;
  chunks?: Array<string | Buffer>;
  trailers?: HeaderPairs | Record<string, string>;
  /** Add content-length for the body (default true; false sends it as if chunked). */
  contentLength?: boolean;
  /** A later filter (ext_authz) that may answer instead of the upstream, given what reached it. */
  laterFilter?: (upstream: UpstreamRequest) => { status: number; body?: string; headers?: HeaderPairs } | null;
  /** The upstream's answer; default 200 with a small JSON body. */
  response?: { status?: number; headers?: HeaderPairs | Record<string, string>; body?: string | Buffer; chunks?: Array<string | Buffer> };
}

export interface Exchange {
  stream: HttpStream;
  /** What the next filter / the upstream received, or null when the request never got there. */
  upstream: UpstreamRequest | null;
  /** What the client received. */
  downstream: DownstreamResponse | null;
  localReply: LocalReply | null;
  /** Convenience: the client's status and JSON body (null when not JSON). */
  status: number;
  json: unknown;
}

export const DEFAULT_WASM = new URL('../../build/aegis_filter.wasm', import.meta.url).pathname;

export class ProxyWasmHost {
  readonly vm: Vm;
  bufferLimitBytes: number;
  /** proxy_on_configure's answer for the last configuration. */
  configured = false;

  allowOnHeadersStopIteration: boolean;

  private constructor(vm: Vm, bufferLimitBytes: number, allowStop: boolean) {
    this.vm = vm;
    this.bufferLimitBytes = bufferLimitBytes;
    this.allowOnHeadersStopIteration = allowStop;
  }

  static async load(opts: HostOptions = {}): Promise<ProxyWasmHost> {
    const vm = await Vm.create({ ...opts, wasm: opts.wasm ?? DEFAULT_WASM });
    const host = new ProxyWasmHost(vm, opts.bufferLimitBytes ?? 16 * 1024 * 1024, opts.allowOnHeadersStopIteration ?? true);
    vm.rootContextId = vm.nextContextId++;
    vm.effectiveContext = vm.rootContextId;
    vm.call('proxy_on_context_create', vm.rootContextId, 0);
    if (vm.call('proxy_on_vm_start', vm.rootContextId, vm.vmConfiguration.length) === 0) {
      throw new Error('proxy_on_vm_start returned false');
    }
    host.configure(opts.config);
    return host;
  }

  /** proxy_on_configure with this configuration (Envoy: a config update). Returns its answer. */
  configure(config?: string | object): boolean {
    const text = config === undefined ? '' : typeof config === 'string' ? config : JSON.stringify(config);
    const buf = Buffer.from(text, 'utf8');
    this.vm.pluginConfiguration = buf;
    this.vm.effectiveContext = this.vm.rootContextId;
    try {
      this.configured = this.vm.call('proxy_on_configure', this.vm.rootContextId, buf.length) !== 0;
    } finally {
      this.vm.pluginConfiguration = null;
    }
    return this.configured;
  }

  /** proxy_validate_configuration (no state change). */
  validate(config: string | object): boolean {
    const text = typeof config === 'string' ? config : JSON.stringify(config);
    const buf = Buffer.from(text, 'utf8');
    this.vm.pluginConfiguration = buf;
    try {
      return this.vm.call('proxy_validate_configuration', this.vm.rootContextId, buf.length) !== 0;
    } finally {
      this.vm.pluginConfiguration = null;
    }
  }

  stream(): HttpStream {
    return new HttpStream(this.vm, this.bufferLimitBytes, this.allowOnHeadersStopIteration);
  }

  /** One request and its response through the filter, as Envoy would run it. */
  exchange(req: ExchangeRequest): Exchange {
    const s = this.stream();
    try {
      const body = encodeBody(req.body);
      const chunks = req.chunks?.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8'))) ?? splitChunks(body, req.chunkSize);
      const total = chunks.reduce((n, c) => n + c.length, 0);
      const h = new HeaderMap([
        [':method', req.method ?? (total > 0 ? 'POST' : 'GET')],
        [':path', req.path ?? '/v1/chat/completions'],
        [':authority', req.authority ?? 'gateway.local'],
        [':scheme', 'http'],
      ]);
      const extra = req.headers ? (Array.isArray(req.headers) ? req.headers : Object.entries(req.headers)) : [];
      const hasType = extra.some(([k]) => k.toLowerCase() === 'content-type');
      if (total > 0 && !hasType && req.body !== undefined && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
        h.add('content-type', 'application/json');
      }
      for (const [k, v] of extra) h.add(k, v);
      if (total > 0 && req.contentLength !== false && !h.has('content-length')) h.add('content-length', String(total));
      if (!h.has('x-request-id')) h.add('x-request-id', `req-${s.id}`);
      const noBody = chunks.length === 0 && !req.trailers;
      s.sendRequestHeaders(h, noBody);
      for (let i = 0; i < chunks.length && !s.decoderAborted; i++) {
        s.sendRequestBody(chunks[i]!, i === chunks.length - 1 && !req.trailers);
      }
      if (req.trailers && !s.decoderAborted) s.sendRequestTrailers(req.trailers);
      if (!s.decoderAborted && s.upstream?.complete) {
        const later = req.laterFilter?.(s.upstream) ?? null;
        if (later) {
          s.laterFilterReply(later.status, later.body ?? '', later.headers ?? []);
        } else {
          this.respond(s, req.response ?? {});
        }
      }
      return result(s);
    } finally {
      if (!this.vm.trapped) s.finish();
    }
  }

  private respond(s: HttpStream, r: NonNullable<ExchangeRequest['response']>): void {
    const chunks = r.chunks?.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c))) ??
      (r.body === undefined ? [Buffer.from('{"ok":true}')] : [Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body)]).filter((c) => c.length > 0);
    const h = new HeaderMap([[':status', String(r.status ?? 200)]]);
    const extra = r.headers ? (Array.isArray(r.headers) ? r.headers : Object.entries(r.headers)) : [['content-type', 'application/json'] as [string, string]];
    for (const [k, v] of extra) h.add(k, v);
    s.sendResponseHeaders(h, chunks.length === 0);
    chunks.forEach((c, i) => s.sendResponseBody(c, i === chunks.length - 1));
  }

  // ---------------- observations ----------------

  get logs(): LogEntry[] {
    return this.vm.logs;
  }

  get trapped(): WasmTrap | null {
    return this.vm.trapped;
  }

  /** A metric's value by the name the filter defined (Envoy shows it as wasmcustom.<name>). */
  metric(name: string): number {
    return Number(this.vm.metricByName(name)?.value ?? 0n);
  }

  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of this.vm.metrics.values()) out[m.name] = Number(m.value);
    return out;
  }

  memoryBytes(): number {
    return this.vm.memoryBytes();
  }

  /** Stream contexts the filter still holds (its own export; 0 between requests). */
  liveStreams(): number {
    return this.vm.hasExport('aegis_live_streams') ? this.vm.call('aegis_live_streams') : -1;
  }
}

function encodeBody(body: ExchangeRequest['body']): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function splitChunks(body: Buffer, size?: number): Buffer[] {
  if (body.length === 0) return [];
  if (!size || size >= body.length) return [body];
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, i + size));
  return out;
}

function result(s: HttpStream): Exchange {
  const d = s.downstream;
  let json: unknown = null;
  if (d && /json/.test(d.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(d.body.toString('utf8'));
    } catch {
      json = null;
    }
  }
  return { stream: s, upstream: s.upstream, downstream: d, localReply: s.localReply, status: d?.status ?? 0, json };
}
