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
import { injectionDetectorFromConfig } from './injection/from-config.js';
import { createMetrics, type AuthzMetrics } from './metrics.js';
import { createQuota, type Quota } from './quota/setup.js';
import { warmUpInjection } from './warm-up.js';

export interface StartOptions {
  /** Defaults to a pino logger on stdout at config.logLevel. */
  readonly logger?: Logger;
  /** false: no admin HTTP port (a cluster worker: the primary serves health and metrics). */
  readonly admin?: boolean;
}

export interface AuthzServer {
  readonly grpcPort: number;
  /** 0 when started without the admin port. */
  readonly adminPort: number;
  readonly logger: Logger;
  readonly metrics: AuthzMetrics;
  /** Current policy version, as health reports it. */
  policyVersion(): string;
  /** This process's health, as GET /api/v1/health reports it. */
  health(): HealthReport;
  /** Reloads policy, keys and JWKS now (what SIGHUP does); true when all loaded. */
  reload(reason?: string): boolean;
  /** Health NOT_SERVING, in-flight checks finish, listeners close. Idempotent. */
  close(): Promise<void>;
}

/** Throws ConfigError when the policy, keys or JWKS file or the ML model is invalid: a bad config fails start-up. */
export async function startAuthzServer(config: AuthzConfig, options: StartOptions = {}): Promise<AuthzServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const injection = injectionDetectorFromConfig(config);
  warmUpInjection(injection);
  const metrics = createMetrics();
  const quota = createQuota(config, logger, metrics.registry);
  const state = createAuthzState(config, logger, metrics);
  const health = createHealthService();
  const grpcServer = createGrpcServer(createCheckHandler({ config, state, metrics, logger, admission: quota.admission, injection }), health);
  const report = (): HealthReport => healthReport(config, state, health, quota);
  const admin =
    options.admin === false
      ? undefined
      : createAdminServer({ metrics: () => metrics.registry.metrics(), metricsContentType: metrics.registry.contentType, health: report, corsOrigins: config.corsOrigins, routes: quota.adminRoutes });
  const ports = await listenBoth(grpcServer, admin, config).catch((err: unknown) => {
    state.close();
    void quota.close();
    grpcServer.forceShutdown();
    admin?.close();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return {
    ...ports,
    logger,
    metrics,
    policyVersion: () => state.current().policy.version,
    health: report,
    reload: (reason = 'request') => state.reload(reason),
    close: () => (closing ??= shutdown(config, state, health, grpcServer, admin).finally(() => quota.close())),
  };
}

async function listenBoth(grpcServer: ReturnType<typeof createGrpcServer>, admin: Server | undefined, config: AuthzConfig): Promise<{ grpcPort: number; adminPort: number }> {
  const grpcPort = await bindGrpc(grpcServer, config.grpcHost, config.grpcPort);
  const adminPort = admin ? await listenHttp(admin, config.adminHost, config.adminPort) : 0;
  return { grpcPort, adminPort };
}

export function listenHttp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function shutdown(config: AuthzConfig, state: AuthzState, health: HealthService, grpcServer: ReturnType<typeof createGrpcServer>, admin: Server | undefined): Promise<void> {
  health.setStatus('NOT_SERVING');
  // Keep answering while load balancers notice NOT_SERVING (Envoy's active gRPC health
  // check, a Kubernetes readiness probe) and stop sending new checks here.
  if (config.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
  health.endWatches();
  state.close();
  await Promise.all([shutdownGrpc(grpcServer, config.shutdownGraceMs), admin && closeHttp(admin)]);
}

export function closeHttp(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  return closed;
}

function healthReport(config: AuthzConfig, state: AuthzState, health: HealthService, quota: Quota): HealthReport {
  const reload = state.status();
  const redis = quota.redisHealth();
  const status = health.status() !== 'SERVING' ? 'not_serving' : reload.degraded || redis === 'degraded' ? 'degraded' : 'ok';
  return {
    status,
    policy_version: state.current().policy.version,
    redis,
    dry_run: config.dryRun,
    reload_errors: reload.errors,
    jwt: config.jwt ? (config.jwt.jwksFile ? 'file' : 'url') : 'disabled',
  };
}
