// Constants and wire formats of the proxy-wasm ABI 0.2.1, as Envoy (proxy-wasm-cpp-host)
// implements them.

export const WasmResult = {
  Ok: 0,
  NotFound: 1,
  BadArgument: 2,
  SerializationFailure: 3,
  ParseFailure: 4,
  InvalidMemoryAccess: 6,
  Empty: 7,
  Unimplemented: 12,
} as const;

export const LogLevel = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, critical: 5 } as const;
export type LogLevelName = keyof typeof LogLevel;
export const LOG_LEVEL_NAMES: LogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error', 'critical'];

export const HeaderMapType = {
  RequestHeaders: 0,
  RequestTrailers: 1,
  ResponseHeaders: 2,
  ResponseTrailers: 3,
} as const;

export const BufferType = {
  HttpRequestBody: 0,
  HttpResponseBody: 1,
  VmConfiguration: 6,
  PluginConfiguration: 7,
} as const;

export const FilterHeadersStatus = {
  Continue: 0,
  StopIteration: 1,
  ContinueAndEndStream: 2,
  StopAllIterationAndBuffer: 3,
  StopAllIterationAndWatermark: 4,
} as const;

export const FilterDataStatus = {
  Continue: 0,
  StopIterationAndBuffer: 1,
  StopIterationAndWatermark: 2,
  StopIterationNoBuffer: 3,
} as const;

export const MetricType = { Counter: 0, Gauge: 1, Histogram: 2 } as const;

export type HeaderPairs = Array<[string, string]>;

/** Envoy's header map serialisation: u32 count, (u32 key len, u32 value len)*, then key\0value\0 ... */
export function serializePairs(pairs: HeaderPairs): Buffer {
  const keys = pairs.map(([k]) => Buffer.from(k, 'utf8'));
  const values = pairs.map(([, v]) => Buffer.from(v, 'utf8'));
  let size = 4 + 8 * pairs.length;
  for (let i = 0; i < pairs.length; i++) size += keys[i]!.length + values[i]!.length + 2;
  const out = Buffer.alloc(size);
  out.writeUInt32LE(pairs.length, 0);
  let p = 4 + 8 * pairs.length;
  for (let i = 0; i < pairs.length; i++) {
    out.writeUInt32LE(keys[i]!.length, 4 + 8 * i);
    out.writeUInt32LE(values[i]!.length, 8 + 8 * i);
    keys[i]!.copy(out, p);
    p += keys[i]!.length + 1;
    values[i]!.copy(out, p);
    p += values[i]!.length + 1;
  }
  return out;
}

/** Inverse of serializePairs; throws on a malformed buffer (Envoy answers BadArgument). */
export function deserializePairs(buf: Buffer): HeaderPairs {
  if (buf.length === 0) return [];
  if (buf.length < 4) throw new Error('pairs buffer too short');
  const n = buf.readUInt32LE(0);
  if (4 + 8 * n > buf.length) throw new Error('pairs buffer too short for its count');
  const out: HeaderPairs = [];
  let p = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const kl = buf.readUInt32LE(4 + 8 * i);
    const vl = buf.readUInt32LE(8 + 8 * i);
    if (p + kl + vl + 2 > buf.length) throw new Error('pairs buffer truncated');
    out.push([buf.subarray(p, p + kl).toString('utf8'), buf.subarray(p + kl + 1, p + kl + 1 + vl).toString('utf8')]);
    p += kl + vl + 2;
  }
  return out;
}
