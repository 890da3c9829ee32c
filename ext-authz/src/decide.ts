// The pure decision core: identity, filter checks, body features, model allowlist,
// defence in depth on blocking findings, then policy rules. No gRPC, no I/O.
import type { CheckInput } from './check-input.js';
import type { Decision, Denial } from './decision.js';
import { findingsOf, runDetectors } from './detectors/run.js';
import { AUTHZ_ERRORS, typeForStatus, type CatalogEntry } from './errors.js';
import type { Finding } from './findings.js';
import type { InjectionDetector } from './injection/detector.js';
import { HEURISTIC_DETECTOR } from './injection/from-config.js';
import { runInjection } from './injection/run.js';
import { identifyByKey, type IdentityResult } from './identity.js';
import type { KeyStore } from './key-store.js';
import { disallowedModels, evaluateRules, tenantSettings, type RequestFacts } from './policy-engine.js';
import type { Policy } from './policy-types.js';
import { readFeatures } from './request-features.js';

export interface DecisionContext {
  readonly keys: KeyStore;
  readonly policy: Policy;
  readonly requireFilter: boolean;
  readonly dryRun: boolean;
  /** Resolved by the handler (a JWT may need a promise); absent: the API key is looked up here. */
  readonly identity?: IdentityResult;
  /** The prompt-injection detector (injection/from-config.ts); absent: heuristics only. */
  readonly injection?: InjectionDetector;
}

type Base = Omit<Decision, 'outcome' | 'enforced' | 'denial' | 'rules'>;

export function decide(input: CheckInput, ctx: DecisionContext): Decision {
  const auth = ctx.identity ?? identifyByKey(input.headers, ctx.keys);
  const who = auth.ok ? auth.identity : undefined;
  const base: Base = {
    requestId: input.requestId,
    tenant: who?.tenant,
    keyId: who?.principal,
    identity: who?.kind,
    authError: auth.ok ? undefined : auth.reason,
    provider: input.provider,
    models: [],
    monitored: [],
    findings: input.findings ?? [],
    detectors: [],
  };
  if (!auth.ok) return deny(base, fromCatalog(auth.error), ctx);
  if (!input.filterMode && ctx.requireFilter) return deny(base, fromCatalog(AUTHZ_ERRORS.filterMissing), ctx);
  if (!input.findings) return deny(base, fromCatalog(AUTHZ_ERRORS.findingsInvalid), ctx);
  const features = readFeatures(input, ctx.policy.needsPromptTokens);
  if (!features.ok) return deny(base, fromCatalog(features.error), ctx);
  const { identity } = auth;
  const injection = runInjection(ctx.injection ?? HEURISTIC_DETECTOR, features.features.body);
  const detectors = [injection, ...runDetectors(tenantSettings(ctx.policy, identity.tenant).detectors, features.features.body)];
  const findings = [...input.findings, ...findingsOf(detectors)];
  const facts: RequestFacts = { ...input, tenant: identity.tenant, identity, findings, features: features.features, detectors };
  return decideByPolicy({ ...base, models: features.features.models, findings, detectors, features: features.features }, facts, input, ctx);
}

function decideByPolicy(base: Base, facts: RequestFacts, input: CheckInput, ctx: DecisionContext): Decision {
  const refused = disallowedModels(ctx.policy, facts);
  if (refused.length > 0) return deny(base, modelDenial(refused), ctx);
  const blocking = facts.findings.filter((f) => f.action === 'block');
  if (blocking[0] && input.filterMode !== 'monitor') return deny(base, findingDenial(blocking[0]), ctx);
  const outcome = evaluateRules(ctx.policy, facts);
  const flags = [...(input.filterMode === 'monitor' ? blocking.map((f) => f.rule) : []), ...outcome.flaggedBy.map((r) => r.id)];
  const withMonitored = { ...base, monitored: outcome.monitoredBy.map((r) => r.id) };
  const rule = outcome.decidedBy;
  if (rule?.action === 'deny') {
    const denial = { status: rule.status, code: rule.id, type: typeForStatus(rule.status), message: rule.message };
    return deny(withMonitored, denial, ctx, flags);
  }
  return { ...withMonitored, outcome: flags.length > 0 ? 'flag' : 'allow', enforced: true, denial: undefined, rules: flags };
}

function deny(base: Base, denial: Denial, ctx: Pick<DecisionContext, 'dryRun'>, alsoFlagged: readonly string[] = []): Decision {
  return { ...base, outcome: 'deny', enforced: !ctx.dryRun, denial, rules: [denial.code, ...alsoFlagged] };
}

function fromCatalog(entry: CatalogEntry): Denial {
  return { status: entry.status, code: entry.code, type: entry.type, message: entry.message };
}

function modelDenial(models: readonly string[]): Denial {
  const entry = AUTHZ_ERRORS.modelNotAllowed;
  return { ...fromCatalog(entry), message: `${entry.message}: ${models.map((m) => m.slice(0, 100)).join(', ')}` };
}

/** The filter should have answered this request itself; deny with the filter's own rule id. */
function findingDenial(finding: Finding): Denial {
  return {
    status: 403,
    code: finding.rule,
    type: 'aegis_policy_violation',
    message: `Request blocked by policy: ${finding.detector} finding ${finding.rule}`,
  };
}

/** A CheckRequest without an HTTP method or path: nothing to decide on, deny 400. */
export function decideMalformed(requestId: string, ctx: Pick<DecisionContext, 'dryRun'>): Decision {
  const base: Base = { requestId, tenant: undefined, keyId: undefined, identity: undefined, authError: undefined, provider: 'openai', models: [], monitored: [], findings: [], detectors: [] };
  return deny(base, fromCatalog(AUTHZ_ERRORS.requestMalformed), ctx);
}
