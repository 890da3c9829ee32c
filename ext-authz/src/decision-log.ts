// One log line per decision: who, what was decided, by which rules, on which findings, how fast.
import { decisionHeader, type Decision } from './decision.js';
import type { Logger } from './logger.js';

export function logDecision(logger: Logger, decision: Decision, seconds: number, policyVersion: string): void {
  logger.info(
    {
      event: 'decision',
      request_id: decision.requestId,
      tenant: decision.tenant ?? null,
      key_id: decision.keyId ?? null,
      decision: decisionHeader(decision),
      code: decision.denial?.code ?? null,
      status: decision.denial && decision.enforced ? decision.denial.status : 200,
      rules: decision.rules,
      monitored: decision.monitored,
      findings: decision.findings.map((f) => `${f.detector}:${f.rule}:${f.action}:${f.count}`),
      provider: decision.provider,
      models: decision.models,
      policy_version: policyVersion,
      duration_ms: Math.round(seconds * 1e6) / 1e3,
    },
    'decision',
  );
}
