// Micro benchmark of the filter in the Node host (not a timed test): scan throughput on
// English and Korean prompts, headers-only filter time, linear time on catastrophic-
// backtracking inputs, and linear memory over many requests.
//   npx tsx wasm-filter/bench/scan.bench.ts [--quick]
import { ProxyWasmHost } from '../host/index.js';

const quick = process.argv.includes('--quick');
const MB = 1024 * 1024;

function body(text: string): string {
  return JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }] });
}

function fill(unit: string, bytes: number): string {
  let s = '';
  while (Buffer.byteLength(s) < bytes) s += unit;
  return s;
}

function time(host: ProxyWasmHost, b: string, reps: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) {
    const ex = host.exchange({ body: b, headers: { 'content-type': 'application/json' }, response: { body: '' } });
    if (ex.status !== 200) throw new Error(`unexpected ${ex.status}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9 / reps;
}

const host = await ProxyWasmHost.load({ config: { limits: { max_body_bytes: 16 * MB } } });
const size = quick ? 1 * MB : 4 * MB;
const en = body(fill('The quick brown fox jumps over the lazy dog while the committee reviews quarterly numbers. ', size));
const ko = body(fill('오늘 회의에서 다음 분기 계획과 예산을 검토하고 일정에 대해 논의했습니다. ', size));
for (const [name, b] of [['english', en], ['korean', ko]] as const) {
  time(host, b, 1);
  const s = time(host, b, quick ? 2 : 5);
  console.log(`${name.padEnd(8)} ${(Buffer.byteLength(b) / MB).toFixed(1)} MiB  ${(Buffer.byteLength(b) / MB / s).toFixed(0)} MiB/s (host overhead included)`);
}

// Headers-only request.
{
  const n = quick ? 2000 : 20000;
  for (let i = 0; i < 500; i++) host.exchange({ method: 'GET', path: '/v1/models', response: { body: '' } });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) host.exchange({ method: 'GET', path: '/v1/models', response: { body: '' } });
  console.log(`headers-only exchange ${(Number(process.hrtime.bigint() - t0) / 1e3 / n).toFixed(1)} µs (host + filter, request and response)`);
  const headers: Array<[string, string]> = [[':method', 'GET'], [':path', '/v1/models'], [':authority', 'api.example.com'], [':scheme', 'https'],
    ['user-agent', 'OpenAI/Python 1.50'], ['accept', 'application/json'], ['authorization', 'Bearer aegis-xyz'], ['x-request-id', 'abc-123'], ['x-aegis-findings', 'forged']];
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const s = host.stream();
    const t1 = process.hrtime.bigint();
    s.sendRequestHeaders(headers, true);
    total += process.hrtime.bigint() - t1;
    s.finish();
  }
  console.log(`request headers callback ${(Number(total) / 1e3 / n).toFixed(2)} µs (filter plus this host's host functions)`);
}

// Catastrophic-backtracking inputs: time per byte must stay flat as input grows.
{
  const cfg = { limits: { max_body_bytes: 16 * MB }, custom_rules: [
    { id: 'filter.custom.redos1', kind: 'regex', patterns: ['(a+)+b'], action: 'flag' },
    { id: 'filter.custom.redos2', kind: 'regex', patterns: ['(a|aa)*c'], action: 'flag' },
    { id: 'filter.custom.redos3', kind: 'regex', patterns: ['(a|a)*d'], action: 'flag' },
    { id: 'filter.custom.redos4', kind: 'regex', patterns: ['(.*a){12}x'], action: 'flag' },
  ] };
  const h = await ProxyWasmHost.load({ config: cfg });
  for (const n of [64 * 1024, 256 * 1024, 1024 * 1024]) {
    const b = body('a'.repeat(n) + '!');
    time(h, b, 1);
    const s = time(h, b, 3);
    console.log(`redos input ${String(n).padStart(8)} bytes  ${((s * 1e9) / n).toFixed(2)} ns/byte`);
  }
}

// Linear memory over many requests.
{
  const n = quick ? 10000 : 100000;
  const b = body('hello my email is someone@example.com, call 010-1234-5678');
  const before = host.memoryBytes();
  for (let i = 0; i < n; i++) host.exchange({ body: b, headers: { 'content-type': 'application/json' }, response: { body: '' } });
  console.log(`memory: ${before} -> ${host.memoryBytes()} bytes after ${n} requests, live streams ${host.liveStreams()}`);
}
