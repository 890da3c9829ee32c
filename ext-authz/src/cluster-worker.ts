// A cluster worker: the whole Check service on the shared gRPC port, no admin port (the
// primary serves health and metrics, asking the workers over IPC).
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { isMessage, type ToPrimary, type ToWorker } from './cluster-messages.js';
import type { AuthzConfig } from './config.js';
import { createLogger, flushLogger } from './logger.js';
import { startAuthzServer, type AuthzServer } from './server.js';

/** Starts the worker's server and answers the primary; throws ConfigError like startAuthzServer. */
export async function startWorker(config: AuthzConfig): Promise<AuthzServer> {
  const logger = createLogger(config.logLevel, undefined, { worker: cluster.worker?.id ?? 0 });
  const server = await startAuthzServer(config, { logger, admin: false });
  AggregatorRegistry.setRegistries([server.metrics.registry]);
  new AggregatorRegistry(); // installs prom-client's answer to the primary's metrics requests
  const stop = once(async () => {
    await server.close();
    await flushLogger(logger);
    process.exit(0);
  });
  process.on('message', (message: unknown) => onMessage(message, server, stop));
  process.on('disconnect', stop); // the primary is gone: do not linger as an orphan
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop); // Ctrl-C reaches the whole process group
  process.on('SIGHUP', () => server.reload('signal'));
  send({ type: 'aegis:listening', grpcPort: server.grpcPort, policyVersion: server.policyVersion() });
  return server;
}

function onMessage(message: unknown, server: AuthzServer, stop: () => void): void {
  if (isMessage<ToWorker>(message, 'aegis:reload')) server.reload('signal');
  else if (isMessage<ToWorker>(message, 'aegis:shutdown')) stop();
  else if (isMessage<Extract<ToWorker, { type: 'aegis:health' }>>(message, 'aegis:health')) send({ type: 'aegis:health', id: message.id, report: server.health() });
}

function send(message: ToPrimary): void {
  if (process.connected) process.send?.(message);
}

function once(fn: () => Promise<void>): () => void {
  let started = false;
  return () => {
    if (started) return;
    started = true;
    void fn();
  };
}
