// Starts the authz service in-process: gRPC (Check + Health) and admin HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminServer, type HealthReport } from './admin-http.js';
import { createAuthzState, type AuthzState } from './authz-state.js';
import { createCheckHandler } from './check-handler.js';
import type { AuthzConfig } from './config.js';
import { bindGrpc, createGrpcServer, shutdownGrpc } from './grpc-server.js';
import { createHealthService, type HealthService } from './health.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';

export interface StartOptions {
  /** Defaults to a pino logger on stdout at config.logLevel. */
  readonly logger?: Logger;
}

export interface AuthzServer {
  readonly grpcPort: number;
  readonly adminPort: number;
  readonly logger: Logger;
  /** Current policy version, as health reports it. */
  policyVersion(): string;
  /** Reloads policy and keys now (what SIGHUP does); true when both loaded. */
  reload(reason?: string): boolean;
  /** Health NOT_SERVING, in-flight checks finish, listeners close. Idempotent. */
  close(): Promise<void>;
}

/** Throws ConfigError when the policy or keys file is invalid: a bad config fails start-up. */
export async function startAuthzServer(config: AuthzConfig, options: StartOptions = {}): Promise<AuthzServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const state = createAuthzState(config, logger, metrics);
  const health = createHealthService();
  const grpcServer = createGrpcServer(createCheckHandler({ config, state, metrics, logger }), health);
  const admin = createAdminServer({ registry: metrics.registry, health: () => healthReport(config, state, health), corsOrigins: config.corsOrigins });
  const ports = await listenBoth(grpcServer, admin, config).catch((err: unknown) => {
    state.close();
    grpcServer.forceShutdown();
    admin.close();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return {
    ...ports,
    logger,
    policyVersion: () => state.current().policy.version,
    reload: (reason = 'request') => state.reload(reason),
    close: () => (closing ??= shutdown(config, state, health, grpcServer, admin)),
  };
}

async function listenBoth(grpcServer: ReturnType<typeof createGrpcServer>, admin: Server, config: AuthzConfig): Promise<{ grpcPort: number; adminPort: number }> {
  const grpcPort = await bindGrpc(grpcServer, config.grpcHost, config.grpcPort);
  const adminPort = await listenHttp(admin, config.adminHost, config.adminPort);
  return { grpcPort, adminPort };
}

function listenHttp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function shutdown(config: AuthzConfig, state: AuthzState, health: HealthService, grpcServer: ReturnType<typeof createGrpcServer>, admin: Server): Promise<void> {
  health.setStatus('NOT_SERVING');
  health.endWatches();
  state.close();
  const adminClosed = new Promise<void>((resolve) => admin.close(() => resolve()));
  admin.closeIdleConnections();
  await Promise.all([shutdownGrpc(grpcServer, config.shutdownGraceMs), adminClosed]);
}

function healthReport(config: AuthzConfig, state: AuthzState, health: HealthService): HealthReport {
  const reload = state.status();
  const status = health.status() !== 'SERVING' ? 'not_serving' : reload.degraded ? 'degraded' : 'ok';
  return {
    status,
    policy_version: state.current().policy.version,
    redis: config.redisUrl ? 'configured' : 'disabled',
    dry_run: config.dryRun,
    reload_errors: reload.errors,
  };
}
