// One log line per decision: who, what was decided, by which rules, on which findings, how
// fast. Never a credential, a body, a matched value or a raw JWT subject.
import { decisionHeader, type Decision } from './decision.js';
import type { DetectorRun } from './detectors/types.js';
import type { Logger } from './logger.js';
import type { Policy } from './policy-types.js';

export function logDecision(logger: Logger, decision: Decision, seconds: number, policy: Pick<Policy, 'version' | 'ruleReasons'>): void {
  logger.info(
    {
      event: 'decision',
      request_id: decision.requestId,
      tenant: decision.tenant ?? null,
      identity: decision.identity ?? null,
      key_id: decision.keyId ?? null,
      ...(decision.authError !== undefined && { auth_error: decision.authError }),
      decision: decisionHeader(decision),
      code: decision.denial?.code ?? null,
      status: decision.denial && decision.enforced ? decision.denial.status : 200,
      rules: decision.rules,
      monitored: decision.monitored,
      reasons: reasonsOf(decision, policy.ruleReasons),
      findings: decision.findings.map((f) => `${f.detector}:${f.rule}:${f.action}:${f.count}`),
      detectors: detectorSummary(decision.detectors),
      provider: decision.provider,
      models: decision.models,
      policy_version: policy.version,
      duration_ms: ms(seconds),
    },
    'decision',
  );
}

/** Why each rule that fired (or was monitored) did: the denial's message, else the rule's own. */
export function reasonsOf(decision: Decision, reasons: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of [...decision.rules, ...decision.monitored]) {
    out[id] = id === decision.denial?.code ? decision.denial.message : (reasons.get(id) ?? `finding ${id}`);
  }
  return out;
}

/** `{topic: {ms, hits}, injection: {ms, hits, score}}`: one entry per detector that ran. */
function detectorSummary(runs: readonly DetectorRun[]): Record<string, { ms: number; hits: number; score?: number }> {
  const out: Record<string, { ms: number; hits: number; score?: number }> = {};
  for (const run of runs) {
    const hits = run.findings.reduce((n, f) => n + f.count, 0);
    out[run.detector] = run.score === undefined ? { ms: ms(run.seconds), hits } : { ms: ms(run.seconds), hits, score: run.score };
  }
  return out;
}

function ms(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}
