// The gRPC Check handler: map the request, ask the decision core, map the decision back.
// An internal failure answers with a gRPC error, so Envoy's failure_mode_allow decides.
import * as grpc from '@grpc/grpc-js';
import type { AuthzState } from './authz-state.js';
import type { AuthzConfig } from './config.js';
import { decide, decideMalformed } from './decide.js';
import type { Decision } from './decision.js';
import { logDecision } from './decision-log.js';
import { AUTHZ_FAILURES } from './errors.js';
import type { Logger } from './logger.js';
import type { AuthzMetrics } from './metrics.js';
import { toCheckInput } from './request-mapper.js';
import { toCheckResponse } from './response-mapper.js';
import type { CheckRequest, CheckResponse } from './wire-types.js';

export interface CheckDeps {
  readonly config: AuthzConfig;
  readonly state: AuthzState;
  readonly metrics: AuthzMetrics;
  readonly logger: Logger;
}

export function createCheckHandler(deps: CheckDeps): grpc.handleUnaryCall<CheckRequest, CheckResponse> {
  return (call, callback) => {
    const started = process.hrtime.bigint();
    let response: CheckResponse;
    try {
      response = check(call.request, deps, started);
    } catch (err) {
      const seconds = elapsed(started);
      deps.metrics.observeError(seconds);
      deps.logger.error({ event: 'check_failed', code: AUTHZ_FAILURES.internal.code, err }, 'check failed');
      callback({ code: grpc.status.INTERNAL, details: AUTHZ_FAILURES.internal.code });
      return;
    }
    callback(null, response);
  };
}

function check(request: CheckRequest, deps: CheckDeps, started: bigint): CheckResponse {
  const snapshot = deps.state.current();
  const mapped = toCheckInput(request);
  const ctx = { keys: snapshot.keys, policy: snapshot.policy, requireFilter: deps.config.requireFilter, dryRun: deps.config.dryRun };
  const decision: Decision = mapped.ok ? decide(mapped.input, ctx) : decideMalformed(mapped.requestId, ctx);
  const response = toCheckResponse(decision, deps.config.providerKeys);
  const seconds = elapsed(started);
  deps.metrics.observeDecision(decision, seconds, snapshot.knownTenants);
  logDecision(deps.logger, decision, seconds, snapshot.policy.version);
  return response;
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
