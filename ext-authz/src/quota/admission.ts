// The last step before a request goes upstream, after the decision core allowed it:
// the provider credential must be configured (else 503, never a request without one),
// then the caller's quota must admit it. Admission reserves one request and the request's
// estimated tokens at once; the usage report settles the tokens later (usage-endpoint.ts).
import type { CheckInput } from '../check-input.js';
import { PROVIDER_KEY_VARIABLES, providerKey, type ProviderKeys } from '../credentials.js';
import type { Decision, Denial } from '../decision.js';
import { AUTHZ_ERRORS } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Provider } from '../provider.js';
import { estimateCost } from './cost.js';
import type { QuotaMetrics } from './quota-metrics.js';
import type { QuotaService } from './quota-service.js';
import { rateLimitHeaders, retryAfterSeconds } from './rate-limit-headers.js';
import type { QuotaLimits, Rejected } from './types.js';

export interface AdmissionDeps {
  readonly providerKeys: ProviderKeys;
  readonly quota: QuotaService;
  /** Output tokens reserved for a request that sets no max (RATE_LIMIT_DEFAULT_MAX_TOKENS). */
  readonly defaultMaxTokens: number;
  readonly dryRun: boolean;
  readonly logger: Logger;
  readonly metrics: QuotaMetrics;
}

export interface Admission {
  /** The decision, or a 503 (no provider key) or 429 (quota) in its place. Synchronous unless a reservation is made. */
  admit(decision: Decision, input: CheckInput | undefined, knownTenants: ReadonlySet<string>): Decision | Promise<Decision>;
}

const WARN_EVERY_MS = 60_000;

export function createAdmission(deps: AdmissionDeps): Admission {
  const warnedAt = new Map<Provider, number>();

  function warnMissingKey(decision: Decision, variable: string): void {
    const last = warnedAt.get(decision.provider) ?? -Infinity;
    if (Date.now() - last < WARN_EVERY_MS) return;
    warnedAt.set(decision.provider, Date.now());
    deps.logger.warn(
      { event: 'provider_key_missing', code: AUTHZ_ERRORS.providerKeyMissing.code, provider: decision.provider, variable, request_id: decision.requestId },
      `${variable} is not set: requests to ${decision.provider} routes are refused with 503 (logged once a minute)`,
    );
  }

  async function reserve(decision: Decision, tenant: string, input: CheckInput, knownTenants: ReadonlySet<string>): Promise<Decision> {
    const cost = estimateCost(decision.features, input.path, deps.defaultMaxTokens);
    const subject = `${tenant}/${decision.keyId ?? '-'}`;
    const result = await deps.quota.reserve({ subject, requestId: decision.requestId, tokens: cost });
    if (result.admitted) return decision;
    deps.metrics.rejected(knownTenants.has(tenant) ? tenant : 'unknown', result.kind);
    return withDenial(decision, quotaDenial(decision.provider, tenant, result, deps.quota.limits), deps.dryRun);
  }

  return {
    admit(decision, input, knownTenants) {
      if (decision.denial && decision.enforced) return decision; // never goes upstream
      if (!providerKey(decision.provider, deps.providerKeys)) {
        const variable = PROVIDER_KEY_VARIABLES[decision.provider];
        warnMissingKey(decision, variable);
        // A configuration fault, not a policy decision: refused even in dry run.
        return withDenial(decision, keyMissingDenial(decision.provider, variable), false);
      }
      if (!decision.tenant || !input) return decision;
      return reserve(decision, decision.tenant, input, knownTenants);
    },
  };
}

/** Replaces the outcome with a denial; a decision already denied in dry run keeps its denial and gains the rule id. */
function withDenial(decision: Decision, denial: Denial, dryRun: boolean): Decision {
  if (decision.denial && dryRun) return { ...decision, rules: [...decision.rules, denial.code] };
  return { ...decision, outcome: 'deny', enforced: !dryRun, denial, rules: [denial.code, ...decision.rules] };
}

function keyMissingDenial(provider: Provider, variable: string): Denial {
  const entry = AUTHZ_ERRORS.providerKeyMissing;
  return { status: entry.status, code: entry.code, type: entry.type, message: `${entry.message}: ${variable} is not set for ${provider}; the request was not forwarded` };
}

function quotaDenial(provider: Provider, tenant: string, rejected: Rejected, limits: QuotaLimits): Denial {
  const entry = rejected.kind === 'requests' ? AUTHZ_ERRORS.quotaRequests : AUTHZ_ERRORS.quotaTokens;
  const retryAfterMs = rejected.retryAfterMs ?? limits.windowMs;
  return {
    status: entry.status,
    code: entry.code,
    type: entry.type,
    message: quotaMessage(tenant, rejected, limits, retryAfterMs),
    headers: rateLimitHeaders(provider, rejected, retryAfterMs),
    retryAfterSeconds: retryAfterSeconds(retryAfterMs),
  };
}

function quotaMessage(tenant: string, rejected: Rejected, limits: QuotaLimits, retryAfterMs: number): string {
  const per = limits.windowMs === 60_000 ? 'per minute' : `per ${limits.windowMs / 1000} s`;
  const retry = `retry in ${retryAfterSeconds(retryAfterMs)} s`;
  if (rejected.kind === 'requests') {
    return `Rate limit reached for tenant ${tenant}: ${limits.requests} requests ${per}; ${retry}`;
  }
  if (rejected.retryAfterMs === undefined) {
    return `Request too large for tenant ${tenant}: it may use about ${rejected.cost} tokens (prompt estimate + max output tokens), more than the whole budget of ${limits.tokens} tokens ${per}; lower max_tokens or shorten the prompt`;
  }
  const left = rejected.tokens?.remaining ?? 0;
  return `Token rate limit reached for tenant ${tenant}: this request may use about ${rejected.cost} tokens and ${left} of ${limits.tokens} tokens ${per} are left; ${retry}`;
}
