// The gRPC Check handler: map the request, ask the decision core, map the decision back.
// An internal failure answers with a gRPC error, so Envoy's failure_mode_allow decides.
import * as grpc from '@grpc/grpc-js';
import type { AuthzState, Snapshot } from './authz-state.js';
import type { CheckInput } from './check-input.js';
import type { AuthzConfig } from './config.js';
import { decide, decideMalformed, type DecisionContext } from './decide.js';
import type { Decision } from './decision.js';
import { logDecision } from './decision-log.js';
import { AUTHZ_FAILURES } from './errors.js';
import { identify, type IdentityResult } from './identity.js';
import { JwksUnavailableError } from './jwt-verifier.js';
import type { Logger } from './logger.js';
import type { AuthzMetrics } from './metrics.js';
import type { InjectionDetector } from './injection/detector.js';
import type { Admission } from './quota/admission.js';
import { toCheckInput } from './request-mapper.js';
import { toCheckResponse } from './response-mapper.js';
import type { CheckRequest, CheckResponse } from './wire-types.js';

export interface CheckDeps {
  readonly config: AuthzConfig;
  readonly state: AuthzState;
  readonly metrics: AuthzMetrics;
  readonly logger: Logger;
  /** Provider credential and quota checks after an allow (quota/admission.ts); none: every allow goes upstream. */
  readonly admission?: Admission;
  /** The prompt-injection detector (heuristics, plus the model when ML_ENABLED); none: heuristics only. */
  readonly injection?: InjectionDetector;
}

type Callback = grpc.sendUnaryData<CheckResponse>;

export function createCheckHandler(deps: CheckDeps): grpc.handleUnaryCall<CheckRequest, CheckResponse> {
  return (call, callback) => {
    const started = process.hrtime.bigint();
    try {
      const response = check(call.request, deps, started);
      if (response instanceof Promise) response.then((res) => callback(null, res), (err: unknown) => fail(err, deps, started, callback));
      else callback(null, response);
    } catch (err) {
      fail(err, deps, started, callback);
    }
  };
}

/** Synchronous unless a JWT has to be verified (a cache miss) or a quota reserved. */
function check(request: CheckRequest, deps: CheckDeps, started: bigint): CheckResponse | Promise<CheckResponse> {
  const snapshot = deps.state.current();
  const mapped = toCheckInput(request);
  const ctx: DecisionContext = { keys: snapshot.keys, policy: snapshot.policy, requireFilter: deps.config.requireFilter, dryRun: deps.config.dryRun, injection: deps.injection };
  if (!mapped.ok) return answer(decideMalformed(mapped.requestId, ctx), snapshot, deps, started);
  const identity = identify(mapped.input.headers, snapshot.keys, snapshot.jwt);
  const decideWith = (id: IdentityResult): CheckResponse | Promise<CheckResponse> => admit(decide(mapped.input, { ...ctx, identity: id }), mapped.input, snapshot, deps, started);
  return identity instanceof Promise ? identity.then(decideWith) : decideWith(identity);
}

function admit(decision: Decision, input: CheckInput, snapshot: Snapshot, deps: CheckDeps, started: bigint): CheckResponse | Promise<CheckResponse> {
  const admitted = deps.admission ? deps.admission.admit(decision, input, snapshot.knownTenants) : decision;
  return admitted instanceof Promise ? admitted.then((d) => answer(d, snapshot, deps, started)) : answer(admitted, snapshot, deps, started);
}

function answer(decision: Decision, snapshot: Snapshot, deps: CheckDeps, started: bigint): CheckResponse {
  const response = toCheckResponse(decision, deps.config.providerKeys);
  const seconds = elapsed(started);
  deps.metrics.observeDecision(decision, seconds, snapshot.knownTenants);
  logDecision(deps.logger, decision, seconds, snapshot.policy);
  return response;
}

/** A JWKS that cannot be fetched is UNAVAILABLE; anything else INTERNAL. Envoy's failure_mode_allow decides either way. */
function fail(err: unknown, deps: CheckDeps, started: bigint, callback: Callback): void {
  deps.metrics.observeError(elapsed(started));
  const failure = err instanceof JwksUnavailableError ? AUTHZ_FAILURES.jwksUnavailable : AUTHZ_FAILURES.internal;
  deps.logger.error({ event: 'check_failed', code: failure.code, err }, 'check failed');
  callback({ code: err instanceof JwksUnavailableError ? grpc.status.UNAVAILABLE : grpc.status.INTERNAL, details: failure.code });
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
