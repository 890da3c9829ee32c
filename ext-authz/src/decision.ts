// The decision core's output: plain data, no gRPC types.
import type { ErrorType } from './errors.js';
import type { Finding } from './findings.js';
import type { Provider } from './provider.js';

export type Outcome = 'allow' | 'deny' | 'flag';

export interface Denial {
  readonly status: number;
  /** The stable rule id or error code (docs/errors.md). */
  readonly code: string;
  readonly type: ErrorType;
  readonly message: string;
}

export interface Decision {
  readonly requestId: string;
  readonly outcome: Outcome;
  /** False when DRY_RUN let a deny through (x-aegis-decision: dry-run-deny). */
  readonly enforced: boolean;
  readonly denial: Denial | undefined;
  readonly tenant: string | undefined;
  readonly keyId: string | undefined;
  readonly provider: Provider;
  readonly models: readonly string[];
  /** Rule ids that denied or flagged the request. */
  readonly rules: readonly string[];
  /** Rule ids of monitor-mode rules that matched. */
  readonly monitored: readonly string[];
  readonly findings: readonly Finding[];
}

/** The x-aegis-decision header value of docs/architecture.md. */
export function decisionHeader(decision: Decision): 'allow' | 'deny' | 'flag' | 'dry-run-deny' {
  if (decision.outcome === 'deny') return decision.enforced ? 'deny' : 'dry-run-deny';
  return decision.outcome;
}
