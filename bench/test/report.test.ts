// The report writers on a tiny hand-made run: ratios to baselines, the summary table, the
// figures check, the SVG, the docs page — and the small parsers they rely on.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/args.js';
import { figures } from '../src/figures.js';
import { machineBusySeconds, readProcStat, readStatusKb } from '../src/proc-stats.js';
import { renderDoc } from '../src/report-doc.js';
import { renderReport } from '../src/report-md.js';
import { niceMax, renderSvg } from '../src/report-svg.js';
import { mergeResults, readResults, writeResults, type BenchResults, type Row } from '../src/results.js';
import { compareWithBaselines } from '../src/runner.js';
import { scenarios, selectScenarios } from '../src/scenarios.js';
import { bucketPercentileMs, parseHistogram } from '../src/service-metrics.js';
import { summarize } from '../src/summary.js';

function row(scenario: string, mode: 'closed' | 'open', rps: number, p99: number, extra: Partial<Row> = {}): Row {
  const baseline = scenarios.find((s) => s.name === scenario)?.baseline;
  return {
    scenario, mix: '4k', mode, status: 'ok', rps, p50_ms: p99 / 4, p99_ms: p99, errors: 0,
    cpu_s: { envoy: 1, mock: 1, other: 0.2 }, rss_mb: { envoy: 60, mock: 80 }, duration_s: 2,
    ...(mode === 'closed' ? { connections: 16 } : { rate: 1000 }),
    ...(baseline ? { baseline } : {}),
    ...extra,
  };
}

function sample(): BenchResults {
  const rows: Row[] = [
    row('envoy-passthrough', 'closed', 4000, 9, { gateway_cpu_us_per_req: 100 }),
    row('envoy-passthrough', 'closed', 4200, 20, { connections: 64, gateway_cpu_us_per_req: 100 }),
    row('aegis-full', 'closed', 2400, 12, { gateway_cpu_us_per_req: 300 }),
    row('envoy-passthrough', 'open', 1000, 2.5),
    row('aegis-full', 'open', 1000, 4.1),
    { scenario: 'opa-peer', mix: '4k', mode: 'closed', status: 'skipped', note: 'skipped: peer not installed: why', rps: null, p50_ms: null, p99_ms: null, errors: null, cpu_s: {}, rss_mb: {} },
  ];
  compareWithBaselines(rows);
  return {
    schema: 1, date: '2026-01-02T03:04:05.000Z', quick: true, duration_s: 30,
    machine: { nproc: 2, cpu_model: 'Test CPU', memory_gb: 8, kernel: '6.1' },
    versions: { node: 'v20', envoy: '1.36.4', autocannon: '9.0.0', grpc_js: '1.14', opa_envoy_plugin: 'not installed', filter_wasm: 'sha256:abc', aegis_commit: 'abc1234' },
    pinning: { enabled: true, sut_cpus: '0', loadgen_cpus: '1', note: 'SUT on CPU 0, load generator on CPU 1' },
    settings: { mixes: ['4k'] },
    rows,
  };
}

t.test('each row is compared with its baseline at the same mix and load', async (t) => {
  const rows = sample().rows;
  const full = rows.find((r) => r.scenario === 'aegis-full' && r.mode === 'closed');
  t.equal(full?.ratio, 0.6, 'closed loop: rps over the baseline rps at the same connections');
  const open = rows.find((r) => r.scenario === 'aegis-full' && r.mode === 'open');
  t.equal(open?.p99_added_ms, 1.6, 'open loop: p99 minus the baseline p99 at the same rate');
});

t.test('the summary takes throughput from the best closed run and latency from the open run', async (t) => {
  const s = summarize(sample().rows);
  const pass = s.find((x) => x.scenario === 'envoy-passthrough');
  t.equal(pass?.sat_rps, 4200);
  t.equal(pass?.sat_connections, 64);
  t.equal(pass?.p99_ms, 2.5);
  const full = s.find((x) => x.scenario === 'aegis-full');
  t.equal(full?.ratio, 0.571);
  t.equal(full?.cpu_ratio, 0.333);
  t.equal(full?.per_core_rps, 3333);
  t.equal(s.find((x) => x.scenario === 'opa-peer')?.status, 'skipped');
});

t.test('the figures check says met, not met, or why a figure was not measured', async (t) => {
  const r = sample();
  const list = figures(summarize(r.rows), r.rows);
  t.equal(list.find((f) => f.what.startsWith('full chain throughput'))?.verdict, 'met');
  t.equal(list.find((f) => f.what.startsWith('p99 added'))?.verdict, 'met');
  const peer = list.find((f) => f.what.includes('OPA peer'));
  t.equal(peer?.verdict, 'not measured');
  t.match(peer?.measured, /peer not installed/);
});

t.test('a wall-clock figure measured while the machine was busy is reported but not judged', async (t) => {
  const r = sample();
  for (const row of r.rows) if (row.cpu_s.other !== undefined) row.cpu_s.other = 1.6; // 0.8 cores over 2 s
  const f = figures(summarize(r.rows), r.rows).find((x) => x.what.startsWith('full chain throughput'));
  t.equal(f?.verdict, 'inconclusive');
  t.match(f?.measured, /machine busy: 0\.8 cores of other load/);
});

t.test('the Markdown report holds the table, the figures and what was skipped', async (t) => {
  const text = renderReport(sample());
  t.match(text, /\| scenario \| mix \| rps \(closed\) \|/);
  t.match(text, /\| aegis-full \| 4k \| 2400 \(c=16\) \| 0\.57 \(envoy-passthrough\) \|/);
  t.match(text, /`opa-peer` \(4k\): skipped: peer not installed/);
});

t.test('the SVG is one self-contained chart naming every scenario measured', async (t) => {
  const svg = renderSvg(sample());
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  t.match(svg, /envoy-passthrough/);
  t.match(svg, /aegis-full/);
  t.notMatch(svg, /opa-peer/, 'a skipped scenario has no bars');
  t.match(svg, /<\/svg>\n$/);
  t.equal(niceMax(4200), 5000);
  t.equal(niceMax(3.3), 5);
});

t.test('the docs page carries the machine, the versions and the date', async (t) => {
  const doc = renderDoc(sample(), '/repo/bench/results/latest.svg', '/repo/docs/benchmarks.md');
  t.match(doc, /Generated by bench\/src\/main\.ts/);
  t.match(doc, /2026-01-02T03:04:05\.000Z/);
  t.match(doc, /2 × Test CPU, 8 GiB/);
  t.match(doc, /Envoy 1\.36\.4, autocannon 9\.0\.0/);
  t.match(doc, /!\[throughput and p99 per scenario\]\(\.\.\/bench\/results\/latest\.svg\)/);
});

t.test('results round-trip through latest.json', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-bench-results-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeResults(dir, sample());
  t.ok(existsSync(join(dir, 'latest.json')));
  t.same(readResults(dir), JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')));
});

t.test('a scenario never runs without its baseline chain', async (t) => {
  t.same(selectScenarios(['full']).map((s) => s.name), ['upstream-direct', 'envoy-passthrough', 'aegis-full']);
  t.same(selectScenarios(['authz-check']).map((s) => s.name), ['authz-allow', 'authz-check']);
  t.equal(selectScenarios([]).length, scenarios.length);
  for (const word of ['passthrough', 'filter', 'full', 'authz', 'peer']) t.ok(scenarios.some((s) => s.name.includes(word)), `a scenario named with ${word}`);
});

t.test('options: quick and full defaults, lists, and clear errors', async (t) => {
  const quick = parseArgs(['--quick', '--scenario', 'passthrough,full', '--results-dir', '/tmp/x'], '/d');
  t.equal(quick.quick, true);
  t.same(quick.mixes, ['4k']);
  t.same(quick.scenarios, ['passthrough', 'full']);
  t.equal(quick.resultsDir, '/tmp/x');
  const full = parseArgs(['--mix', 'ko', '--mix', 'sse', '--connections', '8,32'], '/d');
  t.same(full.mixes, ['ko', 'sse']);
  t.same(full.connections, [8, 32]);
  t.throws(() => parseArgs(['--mix', 'huge'], '/d'), /unknown mix "huge"/);
  t.throws(() => parseArgs(['--bogus'], '/d'), /unknown option --bogus/);
  t.throws(() => parseArgs(['--duration', '-1'], '/d'), /positive number/);
  t.throws(() => parseArgs(['--merge', '--scenario', 'full'], '/d'), /--merge reruns whole mixes/);
});

t.test('/proc parsing: CPU ticks past a command name with spaces, memory, machine busy time', async (t) => {
  const stat = '1234 (node my (app)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 1000000 5000 18446744073709551615';
  t.equal(readProcStat(stat), 3);
  t.equal(readStatusKb('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n', 'VmRSS'), 102400);
  t.equal(machineBusySeconds('cpu  100 20 30 1000 50 5 5 10 0 0\ncpu0 1 2 3\n'), 1.7);
});

t.test('in-service percentiles come from the histogram counted between two scrapes', async (t) => {
  const text = (n: number): string =>
    [
      `aegis_request_duration_seconds_bucket{decision="allow",le="0.0005"} ${90 * n}`,
      `aegis_request_duration_seconds_bucket{decision="allow",le="0.001"} ${99 * n}`,
      `aegis_request_duration_seconds_bucket{decision="allow",le="+Inf"} ${100 * n}`,
      `aegis_request_duration_seconds_bucket{decision="deny",le="0.0005"} 0`,
      `aegis_request_duration_seconds_bucket{decision="deny",le="0.001"} 0`,
      `aegis_request_duration_seconds_bucket{decision="deny",le="+Inf"} 0`,
    ].join('\n');
  const before = parseHistogram(text(1), 'aegis_request_duration_seconds');
  const after = parseHistogram(text(3), 'aegis_request_duration_seconds');
  t.equal(bucketPercentileMs(before, after, 50), 0.5);
  t.equal(bucketPercentileMs(before, after, 99), 1);
  t.equal(bucketPercentileMs(after, after, 99), undefined, 'no calls between the scrapes');
});

t.test('--merge keeps the earlier rows and replaces what was measured anew, baselines included', async (t) => {
  const before = sample();
  const again = sample();
  again.date = '2026-02-02T00:00:00.000Z';
  again.rows = again.rows.filter((r) => r.scenario !== 'opa-peer').map((r) => ({ ...r, rps: (r.rps ?? 0) * 2 }));
  before.rows.push({ ...row('envoy-passthrough', 'closed', 100, 1), mix: 'ko' });
  const merged = mergeResults(before, again);
  t.equal(merged.date, '2026-02-02T00:00:00.000Z');
  t.equal(merged.merged?.kept_from, '2026-01-02T03:04:05.000Z');
  t.equal(merged.rows.filter((r) => r.mix === '4k' && r.scenario === 'envoy-passthrough' && r.mode === 'closed').length, 2, 'no duplicates');
  t.ok(merged.rows.some((r) => r.scenario === 'opa-peer'), 'a row not remeasured is kept');
  t.ok(merged.rows.some((r) => r.mix === 'ko'), 'another mix is kept');
  t.equal(merged.rows.find((r) => r.scenario === 'aegis-full' && r.mode === 'closed')?.rps, 4800);
  t.match(renderDoc(merged, '/r/bench/results/latest.svg', '/r/docs/benchmarks.md'), /remeasured then: the 4k mix, the other rows are from the run of 2026-01-02/);
});
