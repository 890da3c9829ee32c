// Runs a tenant's service-side detectors on one request and times each one.
import type { Finding } from '../findings.js';
import { promptText, type Json } from '../prompt-text.js';
import type { DetectorRun, TenantDetectors } from './types.js';

export function runDetectors(detectors: TenantDetectors, body: Json): DetectorRun[] {
  const runs: DetectorRun[] = [];
  const { topics, tools } = detectors;
  if (topics) runs.push(timed('topic', () => topics.scan(promptText(body))));
  if (tools) runs.push(timed('tool', () => tools.check(body)));
  return runs;
}

export function timed(detector: string, run: () => Finding[]): DetectorRun {
  const started = process.hrtime.bigint();
  const findings = run();
  return { detector, findings, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Every finding of the runs, in order. */
export function findingsOf(runs: readonly DetectorRun[]): Finding[] {
  return runs.flatMap((r) => r.findings);
}
