// Safe wrappers over the proxy-wasm host functions (ABI 0.2.1) the filter uses.
//
// The SDK's wrappers were tested against Envoy and several are wrong or unsafe for a filter
// that must never trap: get_metric calls proxy_record_metric, CHECK_RESULT throws on any
// non-Ok result, the shared return slot is not cleared so a zero-length answer (Envoy does
// not write the slots when length is 0) hands back the previous buffer a second time, and
// log() writes to WASI stdout instead of proxy_log. These wrappers only use the SDK's
// `@external` declarations (imports.ts), never its wrappers.
import * as imports from "@gcoredev/proxy-wasm-sdk-as/assembly/imports";

export const enum LogLevel { Trace = 0, Debug = 1, Info = 2, Warn = 3, Error = 4, Critical = 5 }
export const enum MapType { RequestHeaders = 0, RequestTrailers = 1, ResponseHeaders = 2, ResponseTrailers = 3 }
export const enum BufferType { RequestBody = 0, ResponseBody = 1, PluginConfiguration = 7 }
export const enum StreamType { Request = 0, Response = 1 }
export const enum MetricType { Counter = 0, Gauge = 1, Histogram = 2 }
export const enum Result { Ok = 0, NotFound = 1, BadArgument = 2 }

// Two u32 out-slots the host writes: [0] pointer, [4] size. Static memory, no allocation.
const RET: usize = memory.data(16);

function clearRet(): void {
  store<u32>(RET, 0);
  store<u32>(RET, 0, 4);
}

/** The buffer the host allocated through our `malloc` export, or an empty one. */
function takeRet(): ArrayBuffer {
  const ptr = <usize>load<u32>(RET);
  const size = load<u32>(RET, 4);
  if (ptr == 0) return new ArrayBuffer(0);
  // `malloc` returned a pinned ArrayBuffer of exactly `size` bytes; hand it to the GC.
  __unpin(ptr);
  const buf = changetype<ArrayBuffer>(ptr);
  if (<i32>size != buf.byteLength) return buf.slice(0, <i32>size);
  return buf;
}

let logLevelCache: i32 = LogLevel.Info;

export function refreshLogLevel(): void {
  store<u32>(RET, LogLevel.Info, 8);
  if (imports.proxy_get_log_level(RET + 8) == Result.Ok) {
    logLevelCache = <i32>load<u32>(RET, 8);
  }
}

export function logEnabled(level: LogLevel): bool {
  return <i32>level >= logLevelCache;
}

export function log(level: LogLevel, message: string): void {
  if (<i32>level < logLevelCache) return;
  const buf = String.UTF8.encode(message);
  imports.proxy_log(<usize>level, changetype<usize>(buf), <usize>buf.byteLength);
}

export function nowNanos(): u64 {
  store<u64>(RET, 0, 8);
  imports.proxy_get_current_time_nanoseconds(RET + 8);
  return load<u64>(RET, 8);
}

// ---- header maps ----

/** proxy_get_header_map_pairs, serialised as Envoy does (count, sizes, NUL-terminated data). */
export function getHeaderPairsRaw(map: MapType): ArrayBuffer {
  clearRet();
  if (imports.proxy_get_header_map_pairs(map, RET, RET + 4) != Result.Ok) return new ArrayBuffer(0);
  return takeRet();
}

/** The first value of a header, or null when absent. */
export function getHeader(map: MapType, name: string): ArrayBuffer | null {
  const key = String.UTF8.encode(name);
  clearRet();
  const r = imports.proxy_get_header_map_value(map, changetype<usize>(key), key.byteLength, RET, RET + 4);
  if (r != Result.Ok) return null;
  return takeRet();
}

export function removeHeaderBytes(map: MapType, keyPtr: usize, keyLen: usize): void {
  imports.proxy_remove_header_map_value(map, keyPtr, keyLen);
}

export function removeHeader(map: MapType, name: string): void {
  const key = String.UTF8.encode(name);
  imports.proxy_remove_header_map_value(map, changetype<usize>(key), key.byteLength);
}

/** Envoy's replace is setCopy: replaces the value, or adds the header when absent. */
export function setHeader(map: MapType, name: string, value: string): void {
  const key = String.UTF8.encode(name);
  const val = String.UTF8.encode(value);
  imports.proxy_replace_header_map_value(map, changetype<usize>(key), key.byteLength, changetype<usize>(val), val.byteLength);
}

export function addHeader(map: MapType, name: string, value: string): void {
  const key = String.UTF8.encode(name);
  const val = String.UTF8.encode(value);
  imports.proxy_add_header_map_value(map, changetype<usize>(key), key.byteLength, changetype<usize>(val), val.byteLength);
}

// ---- buffers ----

export function getBuffer(type: BufferType, start: u32, length: u32): ArrayBuffer {
  clearRet();
  if (length == 0) return new ArrayBuffer(0);
  if (imports.proxy_get_buffer_bytes(type, start, length, RET, RET + 4) != Result.Ok) return new ArrayBuffer(0);
  return takeRet();
}

/** Replaces `length` bytes from `start` (Envoy: start 0 and length >= size replaces all). */
export function setBuffer(type: BufferType, start: u32, length: u32, data: ArrayBuffer): bool {
  return imports.proxy_set_buffer_bytes(type, start, length, changetype<usize>(data), data.byteLength) == Result.Ok;
}

// ---- replies and stream control ----

/** Serialises header pairs as the host expects: count, (key len, value len)*, key\0 value\0 ... */
export function serializePairs(keys: string[], values: string[]): ArrayBuffer {
  const n = keys.length;
  const ks = new Array<ArrayBuffer>(n);
  const vs = new Array<ArrayBuffer>(n);
  let size = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    ks[i] = String.UTF8.encode(keys[i]);
    vs[i] = String.UTF8.encode(values[i]);
    size += ks[i].byteLength + vs[i].byteLength + 2;
  }
  const out = new ArrayBuffer(size);
  const base = changetype<usize>(out);
  store<u32>(base, n);
  let p = base + 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const k = ks[i];
    const v = vs[i];
    store<u32>(base + 4 + 8 * i, k.byteLength);
    store<u32>(base + 8 + 8 * i, v.byteLength);
    memory.copy(p, changetype<usize>(k), k.byteLength);
    p += k.byteLength;
    store<u8>(p++, 0);
    memory.copy(p, changetype<usize>(v), v.byteLength);
    p += v.byteLength;
    store<u8>(p++, 0);
  }
  return out;
}

export function sendLocalResponse(status: u32, details: string, body: ArrayBuffer, headers: ArrayBuffer): void {
  const d = String.UTF8.encode(details);
  // grpc_status -1: no grpc-status (Envoy maps out-of-range codes to "none").
  imports.proxy_send_local_response(status, changetype<usize>(d), d.byteLength, changetype<usize>(body), body.byteLength,
    changetype<usize>(headers), headers.byteLength, <u32>-1);
}

export function continueStream(stream: StreamType): void {
  imports.proxy_continue_stream(stream);
}

// ---- properties ----

export function getProperty(path: string): ArrayBuffer | null {
  const p = String.UTF8.encode(path);
  clearRet();
  if (imports.proxy_get_property(changetype<usize>(p), p.byteLength, RET, RET + 4) != Result.Ok) return null;
  return takeRet();
}

// ---- metrics ----

/** Defines a metric; 0 means "not available" (ids from Envoy are never 0). */
export function defineMetric(type: MetricType, name: string): u32 {
  const n = String.UTF8.encode(name);
  store<u32>(RET, 0, 8);
  if (imports.proxy_define_metric(type, changetype<usize>(n), n.byteLength, RET + 8) != Result.Ok) return 0;
  return load<u32>(RET, 8);
}

export function incrementMetric(id: u32, delta: i64): void {
  if (id != 0) imports.proxy_increment_metric(id, delta);
}

export function recordMetric(id: u32, value: u64): void {
  if (id != 0) imports.proxy_record_metric(id, value);
}

/** proxy_get_metric (the SDK calls proxy_record_metric here by mistake). */
export function getMetric(id: u32): u64 {
  store<u64>(RET, 0, 8);
  if (id == 0 || imports.proxy_get_metric(id, RET + 8) != Result.Ok) return 0;
  return load<u64>(RET, 8);
}
