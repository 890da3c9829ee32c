// The Markdown report: the summary table (throughput from the closed loop, latency from
// the open loop), the figures check, what was skipped and why. Printed on stdout and
// written next to latest.json; docs/benchmarks.md embeds the same tables.
import { figures, type Figure } from './figures.js';
import type { BenchResults } from './results.js';
import { summarize, type Summary } from './summary.js';

export function markdownTable(head: string[], body: string[][]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`| ${head.map(esc).join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of body) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

const num = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const signed = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
const mem = (r: Record<string, number>): string =>
  Object.entries(r)
    .filter(([k]) => k !== 'loadgen')
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ') || '–';

export function summaryTable(summaries: Summary[]): string {
  const head = ['scenario', 'mix', 'rps (closed)', '× baseline', 'open rate /s', 'p50 ms', 'p99 ms', 'p99 vs baseline ms', 'errors', 'gateway CPU µs/req (req/s a core)', 'RSS MB', 'other load'];
  const body = summaries
    .filter((s) => s.status === 'ok')
    .map((s) => [
      s.scenario,
      s.mix,
      s.sat_rps ? `${Math.round(s.sat_rps)} (c=${s.sat_connections})` : '–',
      s.baseline ? `${num(s.ratio)} (${s.baseline})` : 'baseline',
      s.rate ? String(s.rate) : '–',
      num(s.p50_ms),
      num(s.p99_ms) + (s.ttfb_p99_ms !== undefined ? ` (TTFB ${num(s.ttfb_p99_ms)})` : ''),
      s.baseline ? signed(s.p99_added_ms) : '–',
      String(s.errors),
      s.gateway_cpu_us_per_req ? `${num(s.gateway_cpu_us_per_req, 0)} (${s.per_core_rps})` : '–',
      mem(s.rss_mb),
      `${num(s.other_cores, 1)} cores`,
    ]);
  return markdownTable(head, body);
}

export function microTable(rows: BenchResults['rows']): string | undefined {
  const micro = rows.filter((r) => r.mode === 'micro' && r.status === 'ok');
  if (micro.length === 0) return undefined;
  const body = micro.map((r) => [r.scenario, r.mix, `${r.value ?? '–'} ${r.unit ?? ''}`.trim(), r.target ?? (micro.some((x) => x.baseline === r.scenario) ? 'baseline' : '–'), r.met === undefined ? '–' : r.met ? 'met' : 'not met', r.note ?? '']);
  return markdownTable(['scenario', 'benchmark', 'value', 'target', 'verdict', 'how measured'], body);
}

export function figuresTable(list: Figure[]): string {
  return markdownTable(['figure', 'target', 'measured', 'verdict'], list.map((f) => [f.what, f.target, f.measured, f.verdict]));
}

/** What was not measured, one line per scenario and reason (the mixes it covers listed). */
export function notRun(summaries: Summary[], rows: BenchResults['rows']): string[] {
  const groups = new Map<string, { scenario: string; note: string; mixes: string[] }>();
  const add = (scenario: string, mix: string, note: string): void => {
    const key = `${scenario}\u0000${note}`;
    const g = groups.get(key) ?? { scenario, note, mixes: [] };
    if (mix && mix !== '-') g.mixes.push(mix);
    groups.set(key, g);
  };
  for (const s of summaries) if (s.status !== 'ok') add(s.scenario, s.mix, s.note ?? s.status);
  for (const r of rows) if (r.mode === 'micro' && r.status !== 'ok') add(r.scenario, r.mix, r.note ?? r.status);
  return [...groups.values()].map((g) => `- \`${g.scenario}\`${g.mixes.length ? ` (${g.mixes.join(', ')})` : ''}: ${g.note}`);
}

export function renderReport(results: BenchResults): string {
  const summaries = summarize(results.rows);
  const skipped = notRun(summaries, results.rows);
  return [
    `Aegis bench ${results.quick ? '(quick) ' : ''}— ${results.date}, ${results.machine.nproc} × ${results.machine.cpu_model}, ${results.pinning.note}`,
    '',
    summaryTable(summaries),
    ...(microTable(results.rows) ? ['', microTable(results.rows) as string] : []),
    '',
    'Figures:',
    '',
    figuresTable(figures(summaries, results.rows)),
    ...(skipped.length ? ['', 'Not measured:', '', ...skipped] : []),
    '',
  ].join('\n');
}
