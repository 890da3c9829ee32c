// grpc.health.v1.Health: SERVING while up, NOT_SERVING once shutdown starts.
import * as grpc from '@grpc/grpc-js';
import { AUTHORIZATION_SERVICE } from './protos.js';
import type { HealthCheckRequest, HealthCheckResponse, ServingStatus } from './wire-types.js';

export interface HealthService {
  readonly implementation: grpc.UntypedServiceImplementation;
  status(): ServingStatus;
  setStatus(status: ServingStatus): void;
  /** Ends open Watch streams so the server can shut down. */
  endWatches(): void;
}

const KNOWN = new Set(['', AUTHORIZATION_SERVICE]);

export function createHealthService(): HealthService {
  let status: ServingStatus = 'SERVING';
  const watchers = new Set<grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();

  const check: grpc.handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, callback) => {
    if (!KNOWN.has(call.request.service ?? '')) return callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
    callback(null, { status });
  };
  const watch: grpc.handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse> = (call) => {
    call.write({ status: KNOWN.has(call.request.service ?? '') ? status : 'SERVICE_UNKNOWN' });
    watchers.add(call);
    call.on('cancelled', () => watchers.delete(call));
  };

  return {
    implementation: { Check: check, Watch: watch },
    status: () => status,
    setStatus(next) {
      if (next === status) return;
      status = next;
      for (const call of watchers) if (KNOWN.has(call.request.service ?? '')) call.write({ status });
    },
    endWatches() {
      for (const call of watchers) call.end();
      watchers.clear();
    },
  };
}
