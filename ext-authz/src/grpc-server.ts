// The gRPC server: Authorization/Check and Health on one port.
import * as grpc from '@grpc/grpc-js';
import type { HealthService } from './health.js';
import { loadAuthzProtos } from './protos.js';
import type { CheckRequest, CheckResponse } from './wire-types.js';

/** Envoy sends up to max_request_bytes of body (4 MiB by default) plus headers in one message. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export function createGrpcServer(check: grpc.handleUnaryCall<CheckRequest, CheckResponse>, health: HealthService): grpc.Server {
  const protos = loadAuthzProtos();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  server.addService(protos.authorization.service, { Check: check });
  server.addService(protos.health.service, health.implementation);
  return server;
}

/** Binds and resolves to the actual port (so port 0 works). */
export function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
}

/** Lets in-flight calls finish, then forces the rest down after graceMs. */
export function shutdownGrpc(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
