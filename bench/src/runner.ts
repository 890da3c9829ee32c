// Runs the selected scenarios in two passes. Pass 1, closed loop: each scenario and mix
// over the concurrency sweep, for saturation throughput. Pass 2, open loop: every
// scenario of a mix at one fixed rate — a fraction (half by default) of the full Aegis
// chain's saturation — for latency, so each p99 is compared at equal offered load.
import { grpcRequests, httpTarget, preflight } from './targets.js';
import { runClosedGrpc, runOpenGrpc } from './grpc-load.js';
import { runClosedHttp } from './load-closed.js';
import { runOpenHttp } from './load-open.js';
import type { LoadResult } from './load-types.js';
import type { Mix } from './mixes.js';
import { startUsage } from './proc-stats.js';
import type { Progress } from './progress.js';
import type { Row } from './results.js';
import type { GrpcScenario, GrpcSystem, HttpScenario, HttpSystem, Pids, Scenario } from './scenarios.js';
import { bucketPercentileMs, scrape } from './service-metrics.js';
import type { Systems } from './systems.js';

export interface RunSettings {
  quick: boolean;
  mixes: Mix[];
  connections: number[];
  closedS: number;
  openS: number;
  warmupS: number;
  /** Open-loop rate as a fraction of the reference scenario's saturation throughput. */
  loadFraction: number;
  /** A fixed open-loop rate instead, for every mix. */
  rate?: number;
  demoKey: string;
}

type Started<T> = { ok: true; system: T } | { ok: false; why: string };

export class Runner {
  readonly rows: Row[] = [];
  private readonly started = new Map<string, Promise<Started<HttpSystem | GrpcSystem>>>();
  /** Scenario/mix pairs that failed their preflight: not loaded again. */
  private readonly broken = new Set<string>();

  constructor(
    private readonly systems: Systems,
    private readonly s: RunSettings,
    private readonly progress: Progress,
  ) {}

  /** Seconds of load the plan holds, for the progress estimate. */
  static plannedSeconds(list: Scenario[], s: RunSettings): number {
    const perMix = s.connections.length * s.closedS + s.openS + 2 * s.warmupS;
    return list.filter((x) => x.kind !== 'micro' && !x.unavailable()).length * s.mixes.length * perMix;
  }

  async run(list: Scenario[]): Promise<Row[]> {
    for (const sc of list) if (sc.unavailable()) this.skip(sc, sc.unavailable() as string);
    const live = list.filter((sc) => !sc.unavailable());
    for (const mix of this.s.mixes) for (const sc of live) if (sc.kind !== 'micro') await this.closedPass(sc, mix);
    for (const mix of this.s.mixes) {
      const httpRate = this.openRate(mix.name, 'aegis-full', live.filter((x) => x.kind === 'http'));
      const grpcRate = this.openRate(mix.name, 'authz-check', live.filter((x) => x.kind === 'grpc'));
      for (const sc of live) {
        const rate = sc.kind === 'http' ? httpRate : sc.kind === 'grpc' ? grpcRate : undefined;
        if (sc.kind !== 'micro' && rate) await this.openRun(sc, mix, rate);
      }
    }
    for (const sc of live) {
      if (sc.kind !== 'micro') continue;
      this.progress.step(`${sc.name} micro benchmarks`, 0);
      const usage = startUsage({ loadgen: process.pid });
      const t0 = Date.now();
      const rows = await sc.run(this.s.quick, this.systems);
      const used = usage.finish();
      // Micro benchmarks run in this process: its CPU, and the machine's other load, over the whole set.
      const cpu = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, v.cpu_s]));
      for (const r of rows) if (Object.keys(r.cpu_s).length === 0) Object.assign(r, { cpu_s: cpu, duration_s: Math.round((Date.now() - t0) / 100) / 10 });
      this.rows.push(...rows);
    }
    return this.rows;
  }

  private skip(sc: Scenario, why: string): void {
    const mixes = sc.kind === 'micro' ? ['-'] : this.s.mixes.map((m) => m.name);
    for (const mix of mixes) this.rows.push(emptyRow(sc, mix, 'skipped', `skipped: ${why}`));
  }

  private start<T extends HttpSystem | GrpcSystem>(sc: HttpScenario | GrpcScenario): Promise<Started<T>> {
    let p = this.started.get(sc.name);
    if (!p) {
      this.progress.step(`starting ${sc.name}`, 0);
      p = (sc.start(this.systems) as Promise<HttpSystem | GrpcSystem>).then(
        (system) => ({ ok: true as const, system }),
        (err: Error) => ({ ok: false as const, why: `failed to start: ${err.message.split('\n').slice(0, 6).join(' | ')}` }),
      );
      this.started.set(sc.name, p);
    }
    return p as Promise<Started<T>>;
  }

  private async closedPass(sc: HttpScenario | GrpcScenario, mix: Mix): Promise<void> {
    const st = await this.start(sc);
    if (!st.ok) return void this.rows.push(emptyRow(sc, mix.name, 'failed', st.why));
    const load = await this.loader(sc, st.system, mix);
    if (typeof load === 'string') {
      this.broken.add(`${sc.name}/${mix.name}`);
      return void this.rows.push(emptyRow(sc, mix.name, 'failed', load));
    }
    const top = Math.max(...this.s.connections);
    this.progress.step(`${sc.name} ${mix.name} warm-up`, this.s.warmupS);
    await load.closed(top, this.s.warmupS);
    for (const c of this.s.connections) {
      this.progress.step(`${sc.name} ${mix.name} closed loop, ${c} connections`, this.s.closedS);
      const row = await this.measure(sc, st.system, mix.name, () => load.closed(c, this.s.closedS));
      this.rows.push({ ...row, mode: 'closed', connections: c, duration_s: this.s.closedS });
    }
  }

  private async openRun(sc: HttpScenario | GrpcScenario, mix: Mix, rate: number): Promise<void> {
    if (this.broken.has(`${sc.name}/${mix.name}`)) return;
    const st = await this.start(sc);
    if (!st.ok) return;
    const load = await this.loader(sc, st.system, mix, false);
    if (typeof load === 'string') return;
    this.progress.step(`${sc.name} ${mix.name} open loop warm-up`, this.s.warmupS);
    await load.open(rate, this.s.warmupS);
    this.progress.step(`${sc.name} ${mix.name} open loop, ${rate}/s`, this.s.openS);
    const row = await this.measure(sc, st.system, mix.name, () => load.open(rate, this.s.openS));
    this.rows.push({ ...row, mode: 'open', rate, duration_s: this.s.openS });
  }

  /** The two loops for this scenario and mix, or why the scenario cannot take load. */
  private async loader(sc: HttpScenario | GrpcScenario, system: HttpSystem | GrpcSystem, mix: Mix, check = true): Promise<Loader | string> {
    if (sc.kind === 'http') {
      const target = httpTarget((system as HttpSystem).url, mix, this.s.demoKey);
      if (check) {
        const problem = await preflight(target, sc.enforces);
        if (problem) return `preflight failed: ${problem}`;
      }
      return { closed: (c, d) => runClosedHttp(target, c, d), open: (r, d) => runOpenHttp(target, r, d) };
    }
    const target = { port: (system as GrpcSystem).port, requests: grpcRequests(mix, this.s.demoKey) };
    if (check) {
      const probe = await runClosedGrpc(target, 1, 0.2).catch((err: Error) => err.message);
      if (typeof probe === 'string') return `preflight failed: ${probe}`;
      if (probe.errors > 0) return `preflight failed: ${probe.first_error ?? 'errors'}`;
    }
    return { closed: (c, d) => runClosedGrpc(target, c, d), open: (r, d) => runOpenGrpc(target, r, d) };
  }

  private async measure(sc: Scenario, system: HttpSystem | GrpcSystem, mix: string, go: () => Promise<LoadResult>): Promise<Row> {
    const metricsUrl = 'metricsUrl' in system ? system.metricsUrl : undefined;
    const before = metricsUrl ? await scrape(metricsUrl) : undefined;
    const usage = startUsage({ ...system.pids, loadgen: process.pid });
    const r = await go();
    const used = usage.finish();
    const after = metricsUrl ? await scrape(metricsUrl) : undefined;
    const serviceP99 = before && after ? bucketPercentileMs(before, after, 99) : undefined;
    return {
      ...emptyRow(sc, mix, 'ok', r.first_error ? `errors, first: ${r.first_error}` : undefined),
      requests: r.requests,
      rps: r.rps,
      p50_ms: r.p50_ms,
      p90_ms: r.p90_ms,
      p99_ms: r.p99_ms,
      max_ms: r.max_ms,
      errors: r.errors,
      ...(r.ttfb_p50_ms !== undefined ? { ttfb_p50_ms: r.ttfb_p50_ms, ttfb_p99_ms: r.ttfb_p99_ms } : {}),
      cpu_s: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, v.cpu_s])),
      rss_mb: Object.fromEntries(Object.entries(used).filter(([k]) => k !== 'other').map(([k, v]) => [k, v.rss_mb])),
      gateway_cpu_us_per_req: gatewayCpu(system.pids, used, r.requests),
      ...(serviceP99 !== undefined ? { service_p99_ms: serviceP99 } : {}),
      generator: r.generator,
      ...(r.max_lag_ms !== undefined ? { max_lag_ms: r.max_lag_ms } : {}),
    };
  }

  /** The open-loop rate of a mix: the fixed one, or a fraction of the reference's saturation. */
  private openRate(mix: string, reference: string, candidates: Scenario[]): number | undefined {
    if (this.s.rate) return this.s.rate;
    const sat = (name: string): number | undefined => {
      const rows = this.rows.filter((r) => r.scenario === name && r.mix === mix && r.mode === 'closed' && r.status === 'ok' && r.rps);
      return rows.length ? Math.max(...rows.map((r) => r.rps as number)) : undefined;
    };
    const ref = sat(reference) ?? Math.min(...candidates.map((c) => sat(c.name) ?? Number.POSITIVE_INFINITY));
    return Number.isFinite(ref) ? Math.max(1, Math.round(ref * this.s.loadFraction)) : undefined;
  }
}

interface Loader {
  closed(connections: number, durationS: number): Promise<LoadResult>;
  open(rate: number, durationS: number): Promise<LoadResult>;
}

function gatewayCpu(pids: Pids, used: Record<string, { cpu_s: number }>, requests: number): number | undefined {
  const names = Object.keys(pids).filter((n) => n !== 'mock');
  if (names.length === 0 || requests === 0) return undefined;
  const cpu = names.reduce((sum, n) => sum + (used[n]?.cpu_s ?? 0), 0);
  return Math.round((cpu / requests) * 1e6 * 10) / 10;
}

export function emptyRow(sc: Scenario, mix: string, status: Row['status'], note?: string): Row {
  return {
    scenario: sc.name,
    mix,
    mode: sc.kind === 'micro' ? 'micro' : 'closed',
    status,
    ...(note ? { note } : {}),
    rps: null,
    p50_ms: null,
    p99_ms: null,
    errors: null,
    cpu_s: {},
    rss_mb: {},
    ...(sc.baseline ? { baseline: sc.baseline } : {}),
  };
}

/** Fills `ratio` and `p99_added_ms` from each row's baseline row (same mix and load). */
export function compareWithBaselines(rows: Row[]): void {
  for (const row of rows) {
    if (!row.baseline || row.status !== 'ok') continue;
    const base = rows.find((b) => b.scenario === row.baseline && b.mix === row.mix && b.mode === row.mode && b.status === 'ok' && b.connections === row.connections && b.rate === row.rate);
    if (!base) continue;
    row.ratio = base.rps ? Math.round(((row.rps ?? 0) / base.rps) * 1000) / 1000 : null;
    if (row.mode === 'open' && row.p99_ms !== null && base.p99_ms !== null) row.p99_added_ms = Math.round((row.p99_ms - base.p99_ms) * 1000) / 1000;
  }
}
