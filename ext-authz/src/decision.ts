// The decision core's output: plain data, no gRPC types.
import type { ErrorType } from './errors.js';
import type { DetectorRun } from './detectors/types.js';
import type { Finding } from './findings.js';
import type { IdentityKind } from './identity.js';
import type { Provider } from './provider.js';
import type { RequestFeatures } from './request-features.js';

export type Outcome = 'allow' | 'deny' | 'flag';

export interface Denial {
  readonly status: number;
  /** The stable rule id or error code (docs/errors.md). */
  readonly code: string;
  readonly type: ErrorType;
  readonly message: string;
  /** Extra response headers of the denial (a 429's Retry-After and rate-limit headers). */
  readonly headers?: readonly { readonly key: string; readonly value: string }[];
  /** Seconds a client should wait (a 429); Google's error body carries it as RetryInfo. */
  readonly retryAfterSeconds?: number;
}

export interface Decision {
  readonly requestId: string;
  readonly outcome: Outcome;
  /** False when DRY_RUN let a deny through (x-aegis-decision: dry-run-deny). */
  readonly enforced: boolean;
  readonly denial: Denial | undefined;
  readonly tenant: string | undefined;
  /** The key id, or `jwt:<hash>` for a JWT (identity.ts): never a credential. */
  readonly keyId: string | undefined;
  readonly identity: IdentityKind | undefined;
  /** Why authentication failed, for the log (a jose error code, "unknown key"). */
  readonly authError: string | undefined;
  readonly provider: Provider;
  readonly models: readonly string[];
  /** Rule ids that denied or flagged the request. */
  readonly rules: readonly string[];
  /** Rule ids of monitor-mode rules that matched. */
  readonly monitored: readonly string[];
  /** The filter's findings, then the service detectors'. */
  readonly findings: readonly Finding[];
  /** Service-side detectors that ran, with their timings and scores. */
  readonly detectors: readonly DetectorRun[];
  /** What the request body asks for (models, max tokens, prompt size); the quota's cost estimate reads it. Holds the parsed body: never log it whole. */
  readonly features?: RequestFeatures;
}

/** The x-aegis-decision header value of docs/architecture.md. */
export function decisionHeader(decision: Decision): 'allow' | 'deny' | 'flag' | 'dry-run-deny' {
  if (decision.outcome === 'deny') return decision.enforced ? 'deny' : 'dry-run-deny';
  return decision.outcome;
}
