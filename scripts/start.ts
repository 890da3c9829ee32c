// `npm start`: the whole Aegis stack on embedded defaults — Envoy with the filter, the
// authz service and the demo upstream — until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startStack } from './stack/stack.js';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

function filterConfigFromEnv(): Record<string, unknown> {
  const path = process.env.AEGIS_FILTER_CONFIG;
  if (!path) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function demoKey(): { key: string; generated: boolean } {
  const fromEnv = process.env.AEGIS_DEMO_KEY;
  if (fromEnv) return { key: fromEnv, generated: false };
  return { key: `aegis-demo-${randomBytes(18).toString('base64url')}`, generated: true };
}

async function main(): Promise<void> {
  const listenPort = portFromEnv('AEGIS_LISTEN_PORT', 8080);
  const { key, generated } = demoKey();
  const stack = await startStack({
    listenAddress: process.env.AEGIS_LISTEN_ADDRESS ?? '0.0.0.0',
    listenPort,
    envoyAdminPort: portFromEnv('AEGIS_ENVOY_ADMIN_PORT', 9901),
    authzGrpcPort: portFromEnv('AEGIS_GRPC_PORT', 9191),
    authzAdminPort: portFromEnv('PORT', 8081),
    mockPort: portFromEnv('AEGIS_MOCK_PORT', 8090),
    demoKey: key,
    filterConfig: filterConfigFromEnv(),
    envoyConcurrency: 2,
    envoyLogLevel: process.env.AEGIS_ENVOY_LOG_LEVEL ?? 'warning',
  });
  const out = [
    '',
    'Aegis is running.',
    `  gateway (Envoy)      http://localhost:${listenPort}/v1   <- point your OpenAI SDK here`,
    `  Envoy admin          ${stack.envoyAdminUrl}`,
    `  authz gRPC           127.0.0.1:${stack.authzGrpcPort}`,
    `  authz admin          ${stack.authzAdminUrl}/api/v1/health  ${stack.authzAdminUrl}/api/v1/metrics`,
    `  demo upstream (mock) ${stack.mock?.url ?? '(external)'}`,
    `  demo API key         ${key}${generated ? '   (generated; set AEGIS_DEMO_KEY to choose one)' : ''}`,
    '',
    'Try:',
    `  curl -s http://localhost:${listenPort}/v1/chat/completions -H "Authorization: Bearer ${key}" \\`,
    `    -H 'content-type: application/json' -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(out.join('\n'));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Aegis...\n`);
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const watch = (name: string, child: { process: { once(e: 'exit', f: (code: number | null) => void): unknown }; log(): string }): void => {
    child.process.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`\n${name} exited unexpectedly (code ${code}). Its last output:\n${child.log().slice(-4000)}\n`);
      stop('failure');
    });
  };
  watch('envoy', stack.envoy);
  watch('aegis-authz', stack.authz);
}

main().catch((err: Error) => {
  process.stderr.write(`aegis: could not start the stack: ${err.message}\n`);
  process.exit(1);
});
