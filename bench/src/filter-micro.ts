// Filter micro benchmarks in the Node proxy-wasm host (wasm-filter/host/): the compiled
// build/aegis_filter.wasm driven callback by callback, as Envoy drives it, with no network
// and no Envoy (V8 runs the Wasm here as it does inside Envoy), side by side with a no-op
// filter built with the same SDK (noop-filter.ts) in the same run:
//   - scan throughput: 64 KB chat bodies, English and Korean, MB/s of request body;
//   - headers-only: a GET with no body, µs per request;
//   - VM memory: linear memory after a warm-up and after 100k requests (flat = no growth).
// Each `filter-micro` figure is net of the host: the Aegis filter's time minus the no-op
// filter's for the same work. The gross times are in the note and in the
// `filter-micro-noop` rows.
import { performance } from 'node:perf_hooks';
import { buildMix, sizedChatBody } from './mixes.js';
import { buildNoopFilter } from './noop-filter.js';
import { round } from './proc-stats.js';
import type { Row } from './results.js';

interface Host {
  exchange(req: object): { status: number; localReply: { status: number; body?: string } | null };
  memoryBytes(): number;
  trapped: Error | null;
}

interface HostModule {
  ProxyWasmHost: { load(opts: { wasm?: string; config?: object }): Promise<Host> };
}

const SCENARIO = 'filter-micro';
const BASELINE = 'filter-micro-noop';
const PAGE = 64 * 1024;
const SCAN_BYTES = 64 * 1024;

type Extra = Partial<Row>;

function microRow(scenario: string, mix: string, value: number, unit: string, extra: Extra = {}): Row {
  return { scenario, mix, mode: 'micro', status: 'ok', rps: null, p50_ms: null, p99_ms: null, errors: 0, cpu_s: {}, rss_mb: {}, value, unit, ...(scenario === SCENARIO ? { baseline: BASELINE } : {}), ...extra };
}

function failedRow(mix: string, why: string, scenario = SCENARIO): Row {
  return { scenario, mix, mode: 'micro', status: 'failed', note: why, rps: null, p50_ms: null, p99_ms: null, errors: null, cpu_s: {}, rss_mb: {} };
}

const post = (body: string): object => ({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', authorization: 'Bearer bench' }, body });

/** Seconds per call of `fn`, over `n` calls after a warm-up. */
function timeIt(n: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(200, n); i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return (performance.now() - t0) / 1000 / n;
}

/** Seconds per call on each host, interleaved in rounds so drift on a shared machine hits both alike. */
function timePair(aegis: Host, noop: Host, n: number, req: (i: number) => object): [number, number] {
  let a = 0;
  let b = 0;
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    a += timeIt(Math.ceil(n / rounds), (i) => aegis.exchange(req(i)));
    b += timeIt(Math.ceil(n / rounds), (i) => noop.exchange(req(i)));
  }
  return [a / rounds, b / rounds];
}

function refused(host: Host, req: object): string | undefined {
  const ex = host.exchange(req);
  return ex.localReply ? `the filter answered ${ex.localReply.status} to a benign request: ${ex.localReply.body?.slice(0, 160) ?? ''}` : undefined;
}

function scanRows(aegis: Host, noop: Host, language: 'en' | 'ko', n: number, minMbps: number): Row[] {
  const mix = `scan-${language}-64k`;
  const bodies = [0, 1, 2, 3].map((i) => sizedChatBody(language, SCAN_BYTES, i));
  const problem = refused(aegis, post(bodies[0] as string));
  if (problem) return [failedRow(mix, problem)];
  const [a, b] = timePair(aegis, noop, n, (i) => post(bodies[i % bodies.length] as string));
  const net = Math.max(a - b, 1e-9);
  const mbps = round(SCAN_BYTES / net / 1e6, 1);
  const note = `net of the host: ${round(a * 1e6, 1)} µs per 64 KB request with Aegis, ${round(b * 1e6, 1)} µs with the no-op filter (gross ${round(SCAN_BYTES / a / 1e6, 1)} MB/s)`;
  return [
    microRow(BASELINE, mix, round(b * 1e6, 1), 'µs/request'),
    microRow(SCENARIO, mix, mbps, 'MB/s', { target: `≥ ${minMbps} MB/s`, met: mbps >= minMbps, note }),
  ];
}

function headersOnlyRows(aegis: Host, noop: Host, n: number): Row[] {
  const req = { method: 'GET', path: '/v1/models', headers: { authorization: 'Bearer bench' }, response: { status: 200, headers: { 'content-type': 'application/json' }, body: '' } };
  const problem = refused(aegis, req);
  if (problem) return [failedRow('headers-only', problem)];
  const [a, b] = timePair(aegis, noop, n, () => req);
  const us = round(Math.max(0, a - b) * 1e6, 2);
  return [
    microRow(BASELINE, 'headers-only', round(b * 1e6, 2), 'µs/request'),
    microRow(SCENARIO, 'headers-only', us, 'µs/request', { target: '≤ 5 µs', met: us <= 5, note: `net of the host: ${round(a * 1e6, 2)} µs with Aegis, ${round(b * 1e6, 2)} µs with the no-op filter` }),
  ];
}

function memoryRow(aegis: Host, n: number): Row {
  const bodies = buildMix('4k').bodies;
  for (let i = 0; i < 1000; i++) aegis.exchange(post(bodies[i % bodies.length] as string));
  const start = aegis.memoryBytes();
  for (let i = 0; i < n; i++) aegis.exchange(post(bodies[i % bodies.length] as string));
  const end = aegis.memoryBytes();
  const note = `linear memory ${round(start / 2 ** 20, 2)} MiB after a 1,000-request warm-up, ${round(end / 2 ** 20, 2)} MiB after ${n.toLocaleString('en')} more (4k mix)`;
  return microRow(SCENARIO, `vm-memory-${n / 1000}k`, round((end - start) / 1024, 0), 'KiB growth', { target: 'flat (≤ one 64 KiB page)', met: end - start <= PAGE, note, baseline: undefined, wall_clock: false });
}

async function loadHosts(config: object): Promise<{ aegis: Host; noop: Host } | string> {
  let mod: HostModule;
  try {
    mod = (await import('../../wasm-filter/host/index.js')) as unknown as HostModule;
  } catch (err) {
    return `the Node proxy-wasm host did not load: ${(err as Error).message.split('\n')[0]}`;
  }
  const noopWasm = buildNoopFilter();
  if ('error' in noopWasm) return noopWasm.error;
  try {
    return { aegis: await mod.ProxyWasmHost.load({ config }), noop: await mod.ProxyWasmHost.load({ wasm: noopWasm.wasm }) };
  } catch (err) {
    return `the filter did not start in the Node host: ${(err as Error).message.split('\n')[0]}`;
  }
}

export async function runFilterMicro(quick: boolean, config: object = {}): Promise<Row[]> {
  const hosts = await loadHosts(config);
  if (typeof hosts === 'string') return [failedRow('-', hosts)];
  const { aegis, noop } = hosts;
  const rows: Row[] = [];
  const steps = [
    () => scanRows(aegis, noop, 'en', quick ? 60 : 800, 300),
    () => scanRows(aegis, noop, 'ko', quick ? 60 : 800, 150),
    () => headersOnlyRows(aegis, noop, quick ? 2000 : 40_000),
    () => [memoryRow(aegis, quick ? 5_000 : 100_000)],
  ];
  for (const step of steps) {
    try {
      rows.push(...step());
    } catch (err) {
      rows.push(failedRow('-', `${(err as Error).message.split('\n')[0]}${aegis.trapped ? ' (the VM trapped)' : ''}`));
      break;
    }
  }
  return rows;
}
