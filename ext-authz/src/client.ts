// A small gRPC client of the service, built from the same protos and loader options:
// for tests, the stack harness and the CLI.
import * as grpc from '@grpc/grpc-js';
import { loadAuthzProtos } from './protos.js';
import type { CheckRequest, CheckResponse, HealthCheckResponse } from './wire-types.js';

export interface AuthzClient {
  check(request: CheckRequest, deadlineMs?: number): Promise<CheckResponse>;
  health(service?: string): Promise<HealthCheckResponse>;
  /** Server-streaming Health/Watch; the stream ends when the server shuts down. */
  watch(service?: string): grpc.ClientReadableStream<HealthCheckResponse>;
  close(): void;
}

type UnaryMethod<Req, Res> = (request: Req, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, res?: Res) => void) => void;

export function createAuthzClient(address: string): AuthzClient {
  const protos = loadAuthzProtos();
  const credentials = grpc.credentials.createInsecure();
  const authz = new protos.authorization(address, credentials);
  const health = new protos.health(address, credentials);
  return {
    check: (request, deadlineMs = 5000) => unary<CheckRequest, CheckResponse>(authz, 'Check', request, deadlineMs),
    health: (service = '') => unary<{ service: string }, HealthCheckResponse>(health, 'Check', { service }, 5000),
    watch: (service = '') => (health['Watch'] as (req: object) => grpc.ClientReadableStream<HealthCheckResponse>).call(health, { service }),
    close() {
      authz.close();
      health.close();
    },
  };
}

function unary<Req, Res>(client: grpc.Client, method: string, request: Req, deadlineMs: number): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) => {
    fn.call(client, request, { deadline: Date.now() + deadlineMs }, (err, res) => (err || !res ? reject(err ?? new Error('empty response')) : resolve(res)));
  });
}
