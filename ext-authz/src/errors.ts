// The catalogue of every error code the authz service can answer with or log.
// Codes are stable, double as metric labels and are never reused; docs/errors.md lists them.

/** The OpenAI-shaped `error.type` of docs/architecture.md, chosen by HTTP status. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'aegis_policy_violation'
  | 'rate_limit_error'
  | 'service_unavailable'
  | 'internal_error';

export interface CatalogEntry {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;
  readonly message: string;
}

function entry(code: string, status: number, message: string): CatalogEntry {
  return Object.freeze({ code, status, type: typeForStatus(status), message });
}

export function typeForStatus(status: number): ErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'aegis_policy_violation';
  if (status === 429) return 'rate_limit_error';
  if (status === 503) return 'service_unavailable';
  if (status >= 500) return 'internal_error';
  return 'invalid_request_error';
}

/** Answers sent to clients as a Denied CheckResponse. */
export const AUTHZ_ERRORS = Object.freeze({
  unauthenticated: entry('authz.unauthenticated', 401, 'Missing or invalid API key'),
  jwtInvalid: entry('authz.jwt_invalid', 401, 'Invalid bearer token'),
  jwtExpired: entry('authz.jwt_expired', 401, 'Bearer token has expired'),
  modelNotAllowed: entry('authz.model_not_allowed', 403, 'Model is not allowed for this tenant'),
  modelMissing: entry('authz.model_missing', 400, 'Request names no model'),
  filterMissing: entry('authz.filter_missing', 403, 'Request did not pass the Aegis filter'),
  findingsInvalid: entry('authz.findings_invalid', 503, 'Gateway filter sent an unreadable findings header'),
  invalidJson: entry('authz.invalid_json', 400, 'Request body is not valid JSON'),
  bodyPartial: entry('authz.body_partial', 413, 'Request body was truncated before inspection'),
  requestMalformed: entry('authz.request_malformed', 400, 'Request could not be read'),
  quotaRequests: entry('authz.quota.requests', 429, 'Request rate limit reached'),
  quotaTokens: entry('authz.quota.tokens', 429, 'Token rate limit reached'),
  providerKeyMissing: entry('authz.provider_key_missing', 503, 'The gateway holds no API key for this provider'),
});

/** Failures that are not answers to a client: gRPC errors, start-up and reload failures. */
export const AUTHZ_FAILURES = Object.freeze({
  internal: entry('authz.internal_error', 500, 'Internal error while deciding; Envoy failure_mode_allow decides'),
  configInvalid: entry('authz.config_invalid', 500, 'Invalid environment configuration; the service refuses to start'),
  keysInvalid: entry('authz.keys_invalid', 500, 'Invalid keys file; refused at start, last good kept on reload'),
  policyInvalid: entry('authz.policy_invalid', 500, 'Invalid policy file; refused at start, last good kept on reload'),
  redisDegraded: entry('authz.redis_degraded', 500, 'Redis unavailable; quotas fall back to in-process limits on each replica'),
  jwksInvalid: entry('authz.jwks_invalid', 500, 'Invalid JWKS file; refused at start, last good kept on reload'),
  workerExit: entry('authz.worker_exit', 500, 'A cluster worker exited unexpectedly; the primary starts another'),
  workerCrashLoop: entry('authz.worker_crash_loop', 500, 'Cluster workers keep dying; the primary shuts down'),
  policyTestInvalid: entry('authz.policy_test_invalid', 500, 'Invalid policy test file (aegis policy test)'),
  jwksUnavailable: entry('authz.jwks_unavailable', 503, 'The JWKS URL could not be fetched; Envoy failure_mode_allow decides'),
});

/** An error in a configuration source, naming where it is (variable, file, line, field). */
export class ConfigError extends Error {
  readonly code: string;
  readonly where: string;

  constructor(code: string, where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'ConfigError';
    this.code = code;
    this.where = where;
  }
}
