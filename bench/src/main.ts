// `npm run bench` / `npx tsx bench/src/main.ts [--quick] [--scenario X]`: wires the parts
// together — options, placement, the shared processes, the runner, the reports.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { envoyBinary } from '../../scripts/stack/envoy-binary.js';
import { repoRoot } from '../../scripts/stack/repo-root.js';
import { parseArgs, usage, type BenchArgs } from './args.js';
import { describeMachine, describeVersions, pinSelf, planPinning } from './machine.js';
import { buildMix } from './mixes.js';
import { killAllNow, stopAll } from './procs.js';
import { createProgress } from './progress.js';
import { writeDoc } from './report-doc.js';
import { renderReport } from './report-md.js';
import { renderSvg } from './report-svg.js';
import { mergeResults, readResults, writeResults, type BenchResults } from './results.js';
import { compareWithBaselines, Runner, type RunSettings } from './runner.js';
import { selectScenarios } from './scenarios.js';
import { peerBinary } from './services.js';
import { Systems } from './systems.js';

const defaultResultsDir = join(repoRoot, 'bench', 'results');
const docPath = join(repoRoot, 'docs', 'benchmarks.md');

function envoyOrUndefined(): string | undefined {
  try {
    return envoyBinary();
  } catch {
    return undefined;
  }
}

/** Writes latest.json, latest.md, latest.svg and (when asked) docs/benchmarks.md. */
export function writeReports(results: BenchResults, dir: string, doc: boolean): string {
  writeResults(dir, results);
  const report = renderReport(results);
  writeFileSync(join(dir, 'latest.md'), report);
  writeFileSync(join(dir, 'latest.svg'), renderSvg(results));
  if (doc) writeDoc(results, join(dir, 'latest.svg'), docPath);
  return report;
}

export async function runBench(a: BenchArgs): Promise<BenchResults> {
  const pinning = planPinning(a.pin);
  pinSelf(pinning);
  const dir = mkdtempSync(join(tmpdir(), 'aegis-bench-'));
  const demoKey = `aegis-bench-${randomBytes(12).toString('hex')}`;
  const settings: RunSettings = { quick: a.quick, mixes: a.mixes.map((m) => buildMix(m)), connections: a.connections, closedS: a.closedS, openS: a.openS, warmupS: a.warmupS, loadFraction: a.loadFraction, ...(a.rate ? { rate: a.rate } : {}), demoKey };
  const list = selectScenarios(a.scenarios);
  if (list.length === 0) throw new Error(`no scenario matches ${a.scenarios.join(', ')}`);
  const progress = createProgress(Runner.plannedSeconds(list, settings));
  progress.note(`${list.map((s) => s.name).join(', ')} × ${a.mixes.join(', ')}; ${pinning.note}; logs in ${dir}`);
  const started = Date.now();
  let failed = false;
  try {
    const rows = await new Runner(new Systems({ dir, pinning, demoKey }), settings, progress).run(list);
    compareWithBaselines(rows);
    return {
      schema: 1,
      date: new Date().toISOString(),
      quick: a.quick,
      duration_s: Math.round((Date.now() - started) / 1000),
      machine: describeMachine(),
      versions: describeVersions(envoyOrUndefined(), peerBinary),
      pinning,
      settings: { mixes: a.mixes, connections: a.connections, closed_s: a.closedS, open_s: a.openS, warmup_s: a.warmupS, open_rate: a.rate ?? `${a.loadFraction} × full-chain saturation`, envoy_workers: 1 },
      rows,
    };
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    progress.done();
    await stopAll();
    if (!failed) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`[bench] process logs kept in ${dir}\n`);
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), defaultResultsDir);
  if (a.help) return void process.stdout.write(usage);
  const dir = resolve(a.resultsDir);
  if (a.docOnly) {
    process.stdout.write(writeReports(readResults(dir), dir, true));
    return void process.stderr.write(`[bench] latest.md, latest.svg and ${docPath} rewritten from ${join(dir, 'latest.json')}\n`);
  }
  let results = await runBench(a);
  if (a.merge && existsSync(join(dir, 'latest.json'))) {
    results = mergeResults(readResults(dir), results);
    compareWithBaselines(results.rows);
  }
  const doc = a.doc ?? (!a.quick && (a.scenarios.length === 0 || a.merge) && dir === defaultResultsDir);
  process.stdout.write(writeReports(results, dir, doc));
  process.stderr.write(`[bench] results: ${join(dir, 'latest.json')}, latest.md, latest.svg${doc ? `; ${docPath}` : ''}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}
process.once('exit', killAllNow);

main().catch((err: Error) => {
  process.stderr.write(`\n[bench] ${err.message}\n`);
  killAllNow();
  process.exit(1);
});
