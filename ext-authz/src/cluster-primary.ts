// The cluster primary (AEGIS_WORKERS > 1): checks the config once, forks the workers (which
// share the gRPC port), relays their log lines, serves admin HTTP (health merged from the
// workers, metrics aggregated by prom-client), forwards SIGHUP, restarts a worker that dies,
// and on shutdown lets every worker finish its in-flight checks before it exits.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { createAdminServer, type HealthReport } from './admin-http.js';
import { createHealthAggregator, mergeHealth } from './cluster-health.js';
import { isMessage, type ToPrimary, type ToWorker } from './cluster-messages.js';
import type { AuthzConfig } from './config.js';
import { AUTHZ_FAILURES } from './errors.js';
import { loadJwksFile } from './jwks-file.js';
import { loadKeysFile } from './keys-file.js';
import { relayLines } from './log-relay.js';
import type { Logger } from './logger.js';
import { loadPolicy } from './policy-loader.js';
import { closeHttp, listenHttp } from './server.js';

export interface Primary {
  readonly grpcPort: number;
  readonly adminPort: number;
  readonly policyVersion: string;
  /** Asks every worker to reload (what SIGHUP does). */
  reload(): void;
  /** Health not_serving, workers drain and exit, admin closes. Idempotent. */
  close(): Promise<void>;
}

type Listening = Extract<ToPrimary, { type: 'aegis:listening' }>;

const START_TIMEOUT_MS = 30_000;
/** More worker deaths than this within RESTART_WINDOW_MS is a crash loop: the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** The primary's stdout: one writer for its own lines and the workers'. */
export const stdoutLines = { write: (chunk: Buffer | string): boolean => process.stdout.write(chunk) };

/** Throws ConfigError before forking when a policy, keys or JWKS file is invalid. */
export async function startPrimary(config: AuthzConfig, logger: Logger): Promise<Primary> {
  validateSources(config);
  cluster.setupPrimary({ stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const fleet = createFleet(config, logger);
  const first = await fleet.start();
  const aggregator = new AggregatorRegistry();
  const health = createHealthAggregator();
  const base = { redis: config.redisUrl ? 'configured' : 'disabled', dry_run: config.dryRun, jwt: config.jwt ? (config.jwt.jwksFile ? 'file' : 'url') : 'disabled' };
  const report = async (): Promise<HealthReport> => mergeHealth(await health.ask(), config.workers, fleet.stopping(), base);
  const admin = createAdminServer({ metrics: () => aggregator.clusterMetrics(), metricsContentType: aggregator.contentType, health: report, corsOrigins: config.corsOrigins });
  const adminPort = await listenHttp(admin, config.adminHost, config.adminPort).catch(async (err: unknown) => {
    await fleet.stop();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return {
    grpcPort: first.grpcPort,
    adminPort,
    policyVersion: first.policyVersion,
    reload: () => fleet.broadcast({ type: 'aegis:reload' }),
    close: () => (closing ??= fleet.stop().then(() => closeHttp(admin))),
  };
}

function validateSources(config: AuthzConfig): void {
  loadPolicy(config.policyPath);
  if (config.keysFile) loadKeysFile(config.keysFile);
  if (config.jwt?.jwksFile) loadJwksFile(config.jwt.jwksFile);
}

interface Fleet {
  /** Forks every worker; resolves when all listen, rejects when one exits first. */
  start(): Promise<Listening>;
  broadcast(message: ToWorker): void;
  stopping(): boolean;
  stop(): Promise<void>;
}

function createFleet(config: AuthzConfig, logger: Logger): Fleet {
  let stopping = false;
  const deaths: number[] = [];

  function fork(): Worker {
    const worker = cluster.fork();
    if (worker.process.stdout) relayLines(worker.process.stdout, stdoutLines);
    worker.on('exit', (code, signal) => onExit(worker, code, signal));
    return worker;
  }

  function onExit(worker: Worker, code: number | null, signal: string | null): void {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    logger.warn({ event: 'worker_exit', code: AUTHZ_FAILURES.workerExit.code, worker: worker.id, exit_code: code, signal }, `worker ${worker.id} exited; starting another`);
    if (deaths.length > MAX_RESTARTS) {
      logger.fatal({ event: 'worker_crash_loop', code: AUTHZ_FAILURES.workerCrashLoop.code, deaths: deaths.length }, 'workers keep dying; shutting down');
      void stop().then(() => process.exit(1));
      return;
    }
    fork();
  }

  function broadcast(message: ToWorker): void {
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send(message);
  }

  async function stop(): Promise<void> {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exited = workers.map((w) => (w.isDead() ? Promise.resolve() : new Promise<void>((resolve) => w.once('exit', () => resolve()))));
    broadcast({ type: 'aegis:shutdown' });
    const timer = setTimeout(() => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL')), config.shutdownGraceMs + 5000);
    await Promise.all(exited);
    clearTimeout(timer);
  }

  function start(): Promise<Listening> {
    const workers = Array.from({ length: config.workers }, fork);
    return new Promise((resolve, reject) => {
      const ready: Listening[] = [];
      const timer = setTimeout(() => fail(new Error(`workers did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        void stop().then(() => reject(err));
      };
      for (const worker of workers) {
        const early = (code: number | null): void => fail(new Error(`worker ${worker.id} exited with code ${code} before listening`));
        worker.once('exit', early);
        worker.on('message', (message: unknown) => {
          if (!isMessage<Listening>(message, 'aegis:listening')) return;
          worker.off('exit', early);
          ready.push(message);
          if (ready.length === workers.length) {
            clearTimeout(timer);
            resolve(ready[0]!);
          }
        });
      }
    });
  }

  return { start, broadcast, stopping: () => stopping, stop };
}
