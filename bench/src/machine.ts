// What the bench ran on: CPU, memory, tool versions, and how processes were pinned. All
// of it goes into latest.json and docs/benchmarks.md next to the numbers.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/stack/repo-root.js';

export interface Machine {
  nproc: number;
  cpu_model: string;
  memory_gb: number;
  kernel: string;
}

export function describeMachine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux: keep os.cpus() */
  }
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    /* not Linux */
  }
  return { nproc: cpus().length, cpu_model: model.trim(), memory_gb: Math.round(totalmem() / 2 ** 30), kernel };
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function commandLine(cmd: string, args: string[], pattern: RegExp): string {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return pattern.exec(out)?.[1] ?? out.trim().split('\n')[0] ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function fileDigest(path: string): string {
  if (!existsSync(path)) return 'not built';
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12)}`;
}

function gitCommit(): string {
  const out = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' });
  if (out.status !== 0) return 'unknown';
  return `${out.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}`;
}

export interface Versions {
  node: string;
  envoy: string;
  autocannon: string;
  grpc_js: string;
  opa_envoy_plugin: string;
  filter_wasm: string;
  aegis_commit: string;
}

export function describeVersions(envoyBin: string | undefined, peerBin: string | undefined): Versions {
  return {
    node: process.version,
    envoy: envoyBin ? commandLine(envoyBin, ['--version'], /version: \S+?\/(\d+\.\d+\.\d+)\//) : 'not installed',
    autocannon: packageVersion('autocannon'),
    grpc_js: packageVersion('@grpc/grpc-js'),
    opa_envoy_plugin: peerBin && existsSync(peerBin) ? commandLine(peerBin, ['version'], /Version:\s*(\S+)/) : 'not installed',
    filter_wasm: fileDigest(join(repoRoot, 'build', 'aegis_filter.wasm')),
    aegis_commit: gitCommit(),
  };
}

/**
 * Where processes run. With two or more CPUs and `taskset`, the load generator (this
 * process) gets the last CPU and the system under test (Envoy, the authz service, the
 * mock upstream, the peer) the others, so the generator never steals the SUT's time.
 */
export interface Pinning {
  enabled: boolean;
  sut_cpus: string;
  loadgen_cpus: string;
  note: string;
}

export function planPinning(wanted: boolean, nproc = cpus().length): Pinning {
  const all = `0-${nproc - 1}`;
  if (!wanted) return { enabled: false, sut_cpus: all, loadgen_cpus: all, note: 'pinning off (--no-pin)' };
  if (nproc < 2) return { enabled: false, sut_cpus: all, loadgen_cpus: all, note: 'one CPU: load generator and SUT share it' };
  if (spawnSync('taskset', ['-V']).status !== 0) return { enabled: false, sut_cpus: all, loadgen_cpus: all, note: 'taskset not found: not pinned' };
  const last = nproc - 1;
  const sut = last === 1 ? '0' : `0-${last - 1}`;
  return { enabled: true, sut_cpus: sut, loadgen_cpus: String(last), note: `SUT on CPU ${sut}, load generator on CPU ${last}` };
}

/** Pins this process (every thread) to the load generator's CPUs. */
export function pinSelf(p: Pinning): void {
  if (!p.enabled) return;
  spawnSync('taskset', ['-a', '-p', '-c', p.loadgen_cpus, String(process.pid)], { stdio: 'ignore' });
}

/** The command and arguments that start `cmd` on the SUT's CPUs. */
export function pinned(p: Pinning, cmd: string, args: string[]): [string, string[]] {
  return p.enabled ? ['taskset', ['-c', p.sut_cpus, cmd, ...args]] : [cmd, args];
}
