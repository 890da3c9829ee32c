// Closed loop over HTTP with autocannon: a fixed number of connections, each sending its
// next request as soon as the previous answer ends. It finds saturation throughput; its
// latencies are not quoted as latency figures, since a closed loop slows its own sending
// when the server slows (coordinated omission) and so hides queueing.
import autocannon from 'autocannon';
import type { HttpTarget, LoadResult } from './load-types.js';

export async function runClosedHttp(target: HttpTarget, connections: number, durationS: number): Promise<LoadResult> {
  const requests = target.bodies.map((body) => ({ method: 'POST', path: target.path, headers: target.headers, body }));
  const instance = autocannon({ url: target.url, connections, duration: durationS, timeout: 30, requests });
  const r = await instance;
  const requestsDone = r['2xx'] + r.non2xx;
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `${s.count}× HTTP ${code}`);
  return {
    requests: requestsDone,
    // Throughput counts answers that succeeded; failures are in `errors`.
    rps: Math.round((r['2xx'] / r.duration) * 10) / 10,
    p50_ms: r.latency.p50,
    p90_ms: r.latency.p90,
    p99_ms: r.latency.p99,
    max_ms: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
    non2xx: r.non2xx,
    generator: `autocannon closed loop, ${connections} connections`,
    ...(codes.length || r.errors ? { first_error: [...codes, r.errors ? `${r.errors} socket errors, ${r.timeouts} timeouts` : ''].filter(Boolean).join(', ') } : {}),
  };
}
