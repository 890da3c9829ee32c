// The whole pipeline, short: `--quick --scenario passthrough` for about a second a run,
// into a temporary results directory, must leave a well-formed latest.json (and the
// Markdown and SVG beside it) and no process behind. No timing is asserted: these
// machines are shared and noisy.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envoyBinary } from '../../scripts/stack/envoy-binary.js';
import { repoRoot } from '../../scripts/stack/repo-root.js';
import type { BenchResults } from '../src/results.js';

function envoyInstalled(): boolean {
  try {
    return Boolean(envoyBinary());
  } catch {
    return false;
  }
}

t.test('a quick passthrough run writes well-formed results', { skip: envoyInstalled() ? false : 'Envoy not installed (npm run install:tools)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['--import', 'tsx', join(repoRoot, 'bench', 'src', 'main.ts'), '--quick', '--scenario', 'passthrough', '--duration', '1', '--connections', '4', '--results-dir', dir, '--no-doc'];
  const run = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
  t.equal(run.status, 0, `the bench exits 0\n${run.stderr}`);
  t.match(run.stdout, /\| envoy-passthrough \| 4k \|/, 'the table is printed on stdout');
  t.match(run.stderr, /\[bench\] done in/, 'progress goes to stderr');

  const results = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as BenchResults;
  t.equal(results.schema, 1);
  t.equal(results.quick, true);
  t.ok(results.machine.nproc >= 1);
  t.match(results.versions.envoy, /^\d+\.\d+\.\d+$/);
  const names = new Set(results.rows.map((r) => r.scenario));
  t.same([...names].sort(), ['envoy-passthrough', 'upstream-direct'], 'the scenario and its baseline, nothing else');
  for (const mode of ['closed', 'open'] as const) {
    const row = results.rows.find((r) => r.scenario === 'envoy-passthrough' && r.mode === mode);
    t.ok(row, `a ${mode}-loop row`);
    if (!row) continue;
    t.equal(row.status, 'ok', row.note ?? '');
    t.equal(row.mix, '4k');
    for (const key of ['rps', 'p50_ms', 'p99_ms', 'errors'] as const) t.type(row[key], 'number', `${mode}: ${key} is a number`);
    t.ok((row.rps ?? 0) > 0, `${mode}: some requests were answered`);
    t.type(row.cpu_s.envoy, 'number', `${mode}: Envoy CPU seconds`);
    t.type(row.rss_mb.envoy, 'number', `${mode}: Envoy RSS`);
    t.equal(row.baseline, 'upstream-direct');
    t.type(row.ratio, 'number', `${mode}: ratio to the baseline`);
  }
  t.ok(existsSync(join(dir, 'latest.md')));
  t.match(readFileSync(join(dir, 'latest.svg'), 'utf8'), /^<svg /);
  const workDir = /logs in (\S+)/.exec(run.stderr)?.[1];
  t.ok(workDir, 'the run names its working directory');
  if (workDir) {
    t.notOk(existsSync(workDir), 'the working directory is removed after a good run');
    const left = spawnSync('pgrep', ['-f', workDir], { encoding: 'utf8' });
    t.equal(left.stdout.trim(), '', 'no process of the run is left (Envoy and the mock ran from there)');
  }
});
