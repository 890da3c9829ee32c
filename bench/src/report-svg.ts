// The chart: throughput (closed-loop saturation) and p99 (open loop, at each mix's fixed
// rate) per scenario, one bar per mix, as a self-contained SVG written by hand.
import type { BenchResults } from './results.js';
import { summarize, type Summary } from './summary.js';

const COLORS: Record<string, string> = { '200b': '#4e79a7', '4k': '#f28e2b', '64k': '#e15759', ko: '#76b7b2', sse: '#59a14f' };
const FALLBACK = ['#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const BAR = 11;
const GAP = 10;
const LABEL_W = 150;
const PANEL_W = 330;
const PANEL_GAP = 110;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function color(mix: string, mixes: string[]): string {
  return COLORS[mix] ?? FALLBACK[mixes.indexOf(mix) % FALLBACK.length] ?? '#888';
}

/** A round axis maximum a little above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

function panel(x: number, top: number, title: string, subtitle: string, unit: string, groups: string[], mixes: string[], value: (scenario: string, mix: string) => number | undefined): string {
  const max = niceMax(Math.max(0, ...groups.flatMap((g) => mixes.map((m) => value(g, m) ?? 0))));
  const groupH = mixes.length * BAR + GAP;
  const height = groups.length * groupH;
  const parts = [`<text x="${x}" y="${top - 38}" class="h">${esc(title)}</text>`, `<text x="${x}" y="${top - 24}" class="tick">${esc(subtitle)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const gx = x + (PANEL_W * i) / 4;
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${top + height}" class="grid"/>`);
    parts.push(`<text x="${gx}" y="${top - 8}" class="tick" text-anchor="middle">${(max * i) / 4}${i === 4 ? ` ${esc(unit)}` : ''}</text>`);
  }
  groups.forEach((g, gi) => {
    mixes.forEach((m, mi) => {
      const v = value(g, m);
      if (v === undefined) return;
      const y = top + gi * groupH + mi * BAR;
      const w = Math.max(1, (v / max) * PANEL_W);
      parts.push(`<rect x="${x}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${color(m, mixes)}"><title>${esc(`${g} ${m}: ${v} ${unit}`)}</title></rect>`);
      parts.push(`<text x="${(x + w + 3).toFixed(1)}" y="${y + BAR - 3}" class="v">${v >= 100 ? Math.round(v) : v.toFixed(2)}</text>`);
    });
  });
  return parts.join('\n');
}

export function renderSvg(results: BenchResults): string {
  const summaries = summarize(results.rows).filter((s) => s.status === 'ok');
  const groups = [...new Set(summaries.map((s) => s.scenario))];
  const mixes = [...new Set(summaries.map((s) => s.mix))];
  const find = (g: string, m: string): Summary | undefined => summaries.find((s) => s.scenario === g && s.mix === m);
  const top = 86;
  const height = Math.max(1, groups.length) * (mixes.length * BAR + GAP) + top + 40;
  const width = LABEL_W + 2 * PANEL_W + PANEL_GAP + 70;
  const busy = Math.max(0, ...summaries.map((x) => x.other_cores));
  const labels = groups.map((g, gi) => `<text x="${LABEL_W - 8}" y="${top + gi * (mixes.length * BAR + GAP) + (mixes.length * BAR) / 2 + 4}" class="l" text-anchor="end">${esc(g)}</text>`);
  const legend = mixes.map((m, i) => `<rect x="${LABEL_W + i * 70}" y="${height - 22}" width="10" height="10" fill="${color(m, mixes)}"/><text x="${LABEL_W + i * 70 + 14}" y="${height - 13}" class="tick">${esc(m)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    '<style>.h{font-size:13px;font-weight:600}.l{font-size:12px}.tick{font-size:10px;fill:#555}.v{font-size:9px;fill:#333}.grid{stroke:#ddd}.t{font-size:14px;font-weight:700}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" class="t">${esc(`Aegis bench${results.quick ? ' (quick)' : ''} — ${results.date.slice(0, 10)}, ${results.machine.nproc} × ${results.machine.cpu_model}`)}</text>`,
    `<text x="10" y="36" class="tick">${esc(`${results.pinning.note}; other load on the machine up to ${busy.toFixed(1)} cores during the runs${busy > 0.25 ? ' (noisy: read as indicative)' : ''}`)}</text>`,
    panel(LABEL_W, top, 'Throughput (closed loop)', 'requests/s at saturation, higher is better', 'rps', groups, mixes, (g, m) => find(g, m)?.sat_rps),
    panel(LABEL_W + PANEL_W + PANEL_GAP, top, 'p99 latency (open loop)', 'ms at the same fixed rate per mix, lower is better', 'ms', groups, mixes, (g, m) => find(g, m)?.p99_ms ?? undefined),
    ...labels,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
