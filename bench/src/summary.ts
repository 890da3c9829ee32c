// One line per scenario and mix, from the rows: saturation throughput from the closed
// loop (the best of the concurrency sweep), latency from the open loop at the mix's
// fixed rate. What the tables, the chart and the figures check read.
import type { Row } from './results.js';

export interface Summary {
  scenario: string;
  mix: string;
  baseline?: string;
  status: Row['status'];
  note?: string;
  sat_rps?: number;
  sat_connections?: number;
  ratio?: number | null;
  rate?: number;
  p50_ms?: number | null;
  p99_ms?: number | null;
  p99_added_ms?: number | null;
  ttfb_p99_ms?: number;
  ttfb_added_ms?: number;
  errors: number;
  gateway_cpu_us_per_req?: number;
  /** What one core of the system under test could serve at that CPU cost (1e6 / µs per request). */
  per_core_rps?: number;
  /** Gateway CPU per request, baseline's over this one's: the throughput ratio with a free upstream. */
  cpu_ratio?: number;
  service_p99_ms?: number;
  /** The most CPU the rest of the machine used during this scenario's runs, in cores. */
  other_cores: number;
  rss_mb: Record<string, number>;
}

function best(rows: Row[]): Row | undefined {
  return rows.reduce<Row | undefined>((a, r) => (!a || (r.rps ?? 0) > (a.rps ?? 0) ? r : a), undefined);
}

export function summarize(rows: Row[]): Summary[] {
  const keys = [...new Set(rows.filter((r) => r.mode !== 'micro').map((r) => `${r.scenario}\u0000${r.mix}`))];
  const out = keys.map((key) => {
    const [scenario, mix] = key.split('\u0000') as [string, string];
    const mine = rows.filter((r) => r.scenario === scenario && r.mix === mix);
    const ok = mine.filter((r) => r.status === 'ok');
    const sat = best(ok.filter((r) => r.mode === 'closed'));
    const open = ok.find((r) => r.mode === 'open');
    const bad = mine.find((r) => r.status !== 'ok');
    const s: Summary = {
      scenario,
      mix,
      ...(mine[0]?.baseline ? { baseline: mine[0].baseline } : {}),
      status: ok.length ? 'ok' : (bad?.status ?? 'failed'),
      ...(bad?.note ? { note: bad.note } : ok.find((r) => r.note) ? { note: ok.find((r) => r.note)?.note } : {}),
      errors: ok.reduce((n, r) => n + (r.errors ?? 0), 0),
      other_cores: Math.max(0, ...ok.map((r) => (r.cpu_s.other ?? 0) / (r.duration_s || 1))),
      rss_mb: (open ?? sat)?.rss_mb ?? {},
    };
    if (sat) {
      Object.assign(s, { sat_rps: sat.rps, sat_connections: sat.connections, gateway_cpu_us_per_req: sat.gateway_cpu_us_per_req });
      if (sat.gateway_cpu_us_per_req) s.per_core_rps = Math.round(1e6 / sat.gateway_cpu_us_per_req);
    }
    if (open) Object.assign(s, { rate: open.rate, p50_ms: open.p50_ms, p99_ms: open.p99_ms, p99_added_ms: open.p99_added_ms, ttfb_p99_ms: open.ttfb_p99_ms, service_p99_ms: open.service_p99_ms ?? sat?.service_p99_ms });
    return s;
  });
  for (const s of out) {
    const base = out.find((b) => b.scenario === s.baseline && b.mix === s.mix);
    if (base?.sat_rps && s.sat_rps) s.ratio = Math.round((s.sat_rps / base.sat_rps) * 1000) / 1000;
    if (base?.gateway_cpu_us_per_req && s.gateway_cpu_us_per_req) s.cpu_ratio = Math.round((base.gateway_cpu_us_per_req / s.gateway_cpu_us_per_req) * 1000) / 1000;
    if (base?.ttfb_p99_ms !== undefined && s.ttfb_p99_ms !== undefined) s.ttfb_added_ms = Math.round((s.ttfb_p99_ms - base.ttfb_p99_ms) * 1000) / 1000;
  }
  return out;
}
