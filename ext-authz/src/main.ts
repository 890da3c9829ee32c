// Entry point: parse the environment once, start the service (one process, or a cluster
// primary and its workers when AEGIS_WORKERS > 1), handle signals.
// `node dist/ext-authz/src/main.js` or `node --import tsx ext-authz/src/main.ts`.
import cluster from 'node:cluster';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPrimary, stdoutLines } from './cluster-primary.js';
import { startWorker } from './cluster-worker.js';
import { parseConfig, type AuthzConfig } from './config.js';
import { ConfigError } from './errors.js';
import { createLogger, flushLogger, type Logger } from './logger.js';
import { startAuthzServer } from './server.js';

export { parseConfig } from './config.js';
export { startAuthzServer } from './server.js';
export type { AuthzServer, StartOptions } from './server.js';

/** What signals act on: the single server, or the cluster primary. */
interface Running {
  readonly logger: Logger;
  reload(): void;
  close(): Promise<void>;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const parsed = parseConfig(env);
  if (!parsed.ok) return exitOnConfigError(parsed.error);
  const config = parsed.config;
  if (config.workers > 1 && cluster.isWorker) {
    await startWorker(config).catch(exitOnStartError);
    return;
  }
  const running = config.workers > 1 ? await runPrimary(config) : await runSingle(config);
  handleSignals(running);
}

async function runSingle(config: AuthzConfig): Promise<Running> {
  const server = await startAuthzServer(config).catch(exitOnStartError);
  announce(server.logger, config, { grpc: server.grpcPort, admin: server.adminPort, policyVersion: server.policyVersion() });
  return { logger: server.logger, reload: () => server.reload('signal'), close: () => server.close() };
}

async function runPrimary(config: AuthzConfig): Promise<Running> {
  const logger = createLogger(config.logLevel, stdoutLines, { worker: 0 });
  const primary = await startPrimary(config, logger).catch(exitOnStartError);
  announce(logger, config, { grpc: primary.grpcPort, admin: primary.adminPort, policyVersion: primary.policyVersion });
  return { logger, reload: () => primary.reload(), close: () => primary.close() };
}

function announce(logger: Logger, config: AuthzConfig, at: { grpc: number; admin: number; policyVersion: string }): void {
  logger.info(
    {
      event: 'listening',
      grpc: { host: config.grpcHost, port: at.grpc },
      admin: { host: config.adminHost, port: at.admin },
      policy_version: at.policyVersion,
      workers: config.workers,
      dry_run: config.dryRun,
      require_filter: config.requireFilter,
    },
    `aegis-authz listening: gRPC ${config.grpcHost}:${at.grpc}, admin http://${config.adminHost}:${at.admin}, ${config.workers} worker(s)`,
  );
}

/** SIGHUP reloads; SIGTERM/SIGINT: health NOT_SERVING, in-flight checks finish, log flushed, exit 0. */
function handleSignals(running: Running): void {
  process.on('SIGHUP', () => running.reload());
  const stop = (signal: NodeJS.Signals): void => {
    running.logger.info({ event: 'shutdown', signal }, 'shutting down');
    void running
      .close()
      .then(() => running.logger.info({ event: 'stopped' }, 'stopped'))
      .then(() => flushLogger(running.logger))
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function exitOnStartError(err: unknown): never {
  if (err instanceof ConfigError) return exitOnConfigError(err);
  createLogger('info', undefined, { sync: true }).fatal({ event: 'start_failed', err }, 'aegis-authz failed to start');
  process.exit(1);
}

function exitOnConfigError(error: ConfigError): never {
  createLogger('info', undefined, { sync: true }).fatal({ event: 'config_invalid', code: error.code, where: error.where, error: error.message }, error.message);
  process.exit(1);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) main().catch(exitOnStartError);
