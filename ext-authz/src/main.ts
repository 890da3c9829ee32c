// Entry point: parse the environment once, start the service, handle signals.
// `node dist/ext-authz/src/main.js` or `node --import tsx ext-authz/src/main.ts`.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AuthzConfig } from './config.js';
import { ConfigError } from './errors.js';
import { createLogger } from './logger.js';
import { startAuthzServer, type AuthzServer } from './server.js';

export { parseConfig } from './config.js';
export { startAuthzServer } from './server.js';
export type { AuthzServer, StartOptions } from './server.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<AuthzServer> {
  const parsed = parseConfig(env);
  if (!parsed.ok) return exitOnConfigError(parsed.error);
  const server = await startAuthzServer(parsed.config).catch((err: unknown) => {
    if (err instanceof ConfigError) return exitOnConfigError(err);
    throw err;
  });
  announce(server, parsed.config);
  handleSignals(server);
  return server;
}

function announce(server: AuthzServer, config: AuthzConfig): void {
  server.logger.info(
    {
      event: 'listening',
      grpc: { host: config.grpcHost, port: server.grpcPort },
      admin: { host: config.adminHost, port: server.adminPort },
      policy_version: server.policyVersion(),
      dry_run: config.dryRun,
      require_filter: config.requireFilter,
    },
    `aegis-authz listening: gRPC ${config.grpcHost}:${server.grpcPort}, admin http://${config.adminHost}:${server.adminPort}`,
  );
  if (config.workers > 1) server.logger.warn({ event: 'workers_ignored', workers: config.workers }, 'AEGIS_WORKERS > 1 is not supported yet; running one process');
}

function handleSignals(server: AuthzServer): void {
  process.on('SIGHUP', () => server.reload('signal'));
  const stop = (signal: NodeJS.Signals): void => {
    server.logger.info({ event: 'shutdown', signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function exitOnConfigError(error: ConfigError): never {
  createLogger('info').fatal({ event: 'config_invalid', code: error.code, where: error.where, error: error.message }, error.message);
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

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    createLogger('info').fatal({ event: 'start_failed', err }, 'aegis-authz failed to start');
    process.exit(1);
  });
}
