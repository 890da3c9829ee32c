// Inference latency on 4 KB prompts (the budget: ML at most 0.5 ms p99 on one
// core): prompts of exactly 4096 UTF-8 bytes built from the given texts, timed one call at
// a time after a warm-up, for the model alone (normalised views + features + dot product),
// the heuristics alone and the whole detector.
import type { InjectionDetector } from '../../ext-authz/src/injection/detector.js';
import { views } from '../../ext-authz/src/injection/normalise.js';
import type { LinearModel } from '../../ext-authz/src/ml/linear-model.js';
import { cpus, loadavg } from 'node:os';
import { emptyConfusion, percentile } from './metrics.js';
import { round, toRow, type ResultRow } from './rows.js';

export const PROMPT_BYTES = 4096;

export function fourKbPrompts(texts: readonly string[], count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count && texts.length > 0) {
    let s = '';
    while (Buffer.byteLength(s) < PROMPT_BYTES) s += `${texts[i++ % texts.length]}\n`;
    out.push(cutToBytes(s, PROMPT_BYTES));
  }
  return out;
}

export function latencyRows(prompts: readonly string[], iterations: number, parts: { model?: LinearModel; heuristics: InjectionDetector; combined?: InjectionDetector }): ResultRow[] {
  const rows: ResultRow[] = [];
  const note = `${iterations} calls on ${prompts.length} prompts of ${PROMPT_BYTES} UTF-8 bytes, one at a time after a warm-up; machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, reference integer loop ${referenceLoop()} (about 1 ns an iteration on an idle modern core)`;
  const model = parts.model;
  if (model) rows.push(time('authz.injection.ml', prompts, iterations, (p) => model.probability(views(p)), note));
  rows.push(time('authz.injection.heuristics', prompts, iterations, (p) => parts.heuristics.inspect(p), note));
  const combined = parts.combined;
  if (combined) rows.push(time('authz.injection', prompts, iterations, (p) => combined.inspect(p), note));
  return rows;
}

function time(detector: string, prompts: readonly string[], iterations: number, f: (p: string) => unknown, note: string): ResultRow {
  for (let i = 0; i < Math.min(500, iterations); i++) f(prompts[i % prompts.length]!);
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const p = prompts[i % prompts.length]!;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    f(p);
    ms.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const row = toRow(detector, 'latency-4kb', 'mixed', emptyConfusion(), ms, note);
  return { ...row, n: iterations, cpu_p50_ms: round(percentile(cpu, 50)), cpu_p99_ms: round(percentile(cpu, 99)) };
}

/** Nanoseconds per iteration of a fixed integer loop, CPU and wall clock: how fast this machine is right now. */
function referenceLoop(): string {
  const n = 2e7;
  let x = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) x = (x + Math.imul(i, 0x9e3779b1)) | 0;
  const wall = ((performance.now() - started) * 1e6) / n;
  const used = process.cpuUsage(cpuStart);
  const cpu = ((used.user + used.system) * 1e3) / n;
  return `${cpu.toFixed(2)} ns CPU, ${wall.toFixed(2)} ns wall an iteration${x === 42 ? '' : ''}`;
}

function cutToBytes(s: string, bytes: number): string {
  const buf = Buffer.from(s, 'utf8').subarray(0, bytes);
  let text = buf.toString('utf8');
  while (Buffer.byteLength(text) > bytes || text.endsWith('\ufffd')) text = text.slice(0, -1);
  return text.padEnd(text.length + (bytes - Buffer.byteLength(text)), ' ');
}
