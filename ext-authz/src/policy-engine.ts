// Evaluates policy rules against the facts of one request. Pure.
import type { DetectorRun } from './detectors/types.js';
import type { Finding } from './findings.js';
import type { Identity } from './identity.js';
import type { ClaimCondition, CompiledConditions, CompiledFindingConditions, CompiledRule, CompiledTenant, Policy } from './policy-types.js';
import type { Provider } from './provider.js';
import type { RequestFeatures } from './request-features.js';

export interface RequestFacts {
  readonly tenant: string;
  readonly identity: Pick<Identity, 'kind' | 'claims'>;
  readonly provider: Provider;
  readonly method: string;
  readonly path: string;
  readonly features: RequestFeatures;
  readonly findings: readonly Finding[];
  /** Service-side detector runs (their scores feed `injection_score_over`). */
  readonly detectors?: readonly DetectorRun[];
}

export interface RuleOutcome {
  /** The first enforced allow or deny rule that matched, if any. */
  readonly decidedBy: CompiledRule | undefined;
  /** Enforced flag rules that matched before the deciding rule. */
  readonly flaggedBy: readonly CompiledRule[];
  /** Monitor-mode rules that matched: logged, never acted on. */
  readonly monitoredBy: readonly CompiledRule[];
}

export function tenantSettings(policy: Policy, tenant: string): CompiledTenant {
  return policy.tenants.get(tenant) ?? policy.defaults;
}

/** Models the tenant may not use (empty when all are allowed). */
export function disallowedModels(policy: Policy, facts: RequestFacts): string[] {
  const allowed = tenantSettings(policy, facts.tenant).models;
  return allowed ? facts.features.models.filter((m) => !allowed(m)) : [];
}

/** Rules run in order; the first enforced allow or deny ends the evaluation. */
export function evaluateRules(policy: Policy, facts: RequestFacts): RuleOutcome {
  const flaggedBy: CompiledRule[] = [];
  const monitoredBy: CompiledRule[] = [];
  for (const rule of policy.rules) {
    if (!matches(rule.when, facts)) continue;
    if (rule.mode === 'monitor') monitoredBy.push(rule);
    else if (rule.action === 'flag') flaggedBy.push(rule);
    else return { decidedBy: rule, flaggedBy, monitoredBy };
  }
  return { decidedBy: undefined, flaggedBy, monitoredBy };
}

export function matches(when: CompiledConditions, facts: RequestFacts): boolean {
  const { features } = facts;
  if (when.tenants && !when.tenants(facts.tenant)) return false;
  if (when.providers && !when.providers.has(facts.provider)) return false;
  if (when.methods && !when.methods.has(facts.method)) return false;
  if (when.routes && !when.routes(facts.path)) return false;
  if (when.models && !features.models.some(when.models)) return false;
  if (when.maxTokensOver !== undefined && !((features.maxTokens ?? 0) > when.maxTokensOver)) return false;
  if (when.messagesOver !== undefined && !(features.messageCount > when.messagesOver)) return false;
  if (when.promptTokensOver !== undefined && !((features.promptTokens ?? 0) > when.promptTokensOver)) return false;
  if (when.injectionScoreOver !== undefined && !(scoreOf(facts, 'injection') > when.injectionScoreOver)) return false;
  if (when.tools !== undefined && features.toolsRequested !== when.tools) return false;
  if (when.findings && !facts.findings.some((f) => findingMatches(when.findings!, f))) return false;
  if (when.identities && !when.identities.has(facts.identity.kind)) return false;
  if (when.claims && !when.claims.every((c) => claimMatches(c, facts.identity.claims[c.name]))) return false;
  return true;
}

/** A string, number or boolean claim, or any element of an array claim, matches a glob. */
function claimMatches(condition: ClaimCondition, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => claimMatches(condition, v));
  if (typeof value === 'string') return condition.match(value);
  if (typeof value === 'number' || typeof value === 'boolean') return condition.match(String(value));
  return false;
}

function scoreOf(facts: RequestFacts, detector: string): number {
  return facts.detectors?.find((run) => run.detector === detector)?.score ?? 0;
}

function findingMatches(when: CompiledFindingConditions, finding: Finding): boolean {
  if (when.detectors && !when.detectors.has(finding.detector)) return false;
  if (when.actions && !when.actions.has(finding.action)) return false;
  if (when.rules && !when.rules(finding.rule)) return false;
  return finding.count >= when.minCount;
}
