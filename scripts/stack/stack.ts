// Starts the whole Aegis path — mock LLM, authz service, Envoy with the filter — on free
// (or given) ports, waits until each part is ready, and stops every process it started.
// Used by `npm start`, the end-to-end tests and the bench.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOCK_PROVIDER_KEYS } from '../../mock-llm/src/credentials.js';
import { startMockLlm, type MockLlm } from '../../mock-llm/src/server.js';
import { startChild, type StackChild } from './child.js';
import { envoyBinary } from './envoy-binary.js';
import { renderEnvoyConfig, upstreamModeFromEnv, type UpstreamMode } from './envoy-config.js';
import { freePort } from './free-port.js';
import { repoRoot } from './repo-root.js';
import { httpOk, waitFor } from './wait.js';

export interface StackOptions {
  /** Envoy listener port; 0 (the default) lets Envoy pick one. */
  listenPort?: number;
  listenAddress?: string;
  envoyAdminPort?: number;
  authzGrpcPort?: number;
  authzAdminPort?: number;
  mockPort?: number;
  demoKey: string;
  filterConfig?: Record<string, unknown>;
  /** Extra environment for the authz service (DRY_RUN, REDIS_URL, policy files…). */
  authzEnv?: Record<string, string>;
  authzTimeout?: string;
  failureModeAllow?: boolean;
  envoyConcurrency?: number;
  envoyLogLevel?: string;
  /** Upstream to send allowed requests to; default: a mock LLM started in-process. */
  upstream?: { host: string; port: number };
  /**
   * `mock` (default, or AEGIS_UPSTREAM): every provider route goes to the mock LLM, and the
   * authz service holds the mock's provider keys. `providers`: the real provider APIs over
   * TLS, with the provider keys of this process's environment.
   */
  upstreamMode?: UpstreamMode;
  startTimeoutMs?: number;
  /** How many authz replicas Envoy balances over (default 1); see restartAuthzReplica. */
  authzReplicas?: number;
}

export interface Stack {
  /** Base URL of the Envoy listener, e.g. http://127.0.0.1:8080 */
  url: string;
  envoyAdminUrl: string;
  authzAdminUrl: string;
  authzGrpcPort: number;
  mock?: MockLlm;
  envoy: StackChild;
  authz: StackChild;
  /** Both processes' recent logs, for printing when a test fails. */
  logs(): string;
  /** Stops and starts the authz service again on the same ports. */
  restartAuthz(): Promise<void>;
  /** Stops replica `index` (0 is the first) with SIGTERM, as a rollout does, and starts it again on its ports. */
  restartAuthzReplica(index: number): Promise<void>;
  stopAuthz(): Promise<void>;
  startAuthz(): Promise<void>;
  stop(): Promise<void>;
}

const wasmFile = join(repoRoot, 'build', 'aegis_filter.wasm');
const authzMain = join(repoRoot, 'dist', 'ext-authz', 'src', 'main.js');

function requireBuilt(): void {
  for (const file of [wasmFile, authzMain]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}

interface AuthzPorts {
  grpc: number;
  admin: number;
}

async function launchAuthz(ports: AuthzPorts, options: StackOptions): Promise<StackChild> {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    AEGIS_GRPC_HOST: '127.0.0.1',
    AEGIS_GRPC_PORT: String(ports.grpc),
    AEGIS_ADMIN_HOST: '127.0.0.1',
    PORT: String(ports.admin),
    AEGIS_DEMO_KEY: options.demoKey,
    ...options.authzEnv,
  };
  const child = startChild('aegis-authz', process.execPath, [authzMain], { env, cwd: repoRoot });
  await waitFor('aegis-authz', () => httpOk(`http://127.0.0.1:${ports.admin}/api/v1/health`), options.startTimeoutMs ?? 20_000, child.exited);
  return child;
}

async function envoyListenerUrl(adminUrl: string): Promise<string | undefined> {
  const res = await fetch(`${adminUrl}/listeners?format=json`, { signal: AbortSignal.timeout(2000) });
  const json = (await res.json()) as { listener_statuses?: { local_address?: { socket_address?: { address: string; port_value: number } } }[] };
  const socket = json.listener_statuses?.[0]?.local_address?.socket_address;
  if (!socket?.port_value) return undefined;
  const host = socket.address === '0.0.0.0' ? '127.0.0.1' : socket.address;
  return `http://${host}:${socket.port_value}`;
}

/** Resolves once Envoy's active health check counts the authz replica on `port` as healthy. */
async function envoySeesAuthzHealthy(adminUrl: string, port: number): Promise<true | undefined> {
  const res = await fetch(`${adminUrl}/clusters`, { signal: AbortSignal.timeout(2000) });
  const text = await res.text();
  return text.includes(`aegis_authz::127.0.0.1:${port}::health_flags::healthy`) ? true : undefined;
}

interface EnvoyStart {
  child: StackChild;
  url: string;
  adminUrl: string;
}

/** In mock mode the authz service injects the mock's keys, which the mock checks. */
function mockProviderEnv(upstream: { host: string; port: number }): Record<string, string> {
  return {
    OPENAI_API_KEY: MOCK_PROVIDER_KEYS.openai,
    AZURE_OPENAI_KEY: MOCK_PROVIDER_KEYS.azure,
    AZURE_OPENAI_ENDPOINT: `http://${upstream.host}:${upstream.port}`,
    ANTHROPIC_API_KEY: MOCK_PROVIDER_KEYS.anthropic,
    GOOGLE_AI_API_KEY: MOCK_PROVIDER_KEYS.google,
  };
}

async function launchEnvoy(dir: string, authz: AuthzPorts, upstream: { host: string; port: number }, options: StackOptions & { authzExtraPorts?: number[] }): Promise<EnvoyStart> {
  const configPath = join(dir, 'envoy.yaml');
  const adminPathFile = join(dir, 'admin-address');
  writeFileSync(
    configPath,
    renderEnvoyConfig({
      listenAddress: options.listenAddress ?? '127.0.0.1',
      listenPort: options.listenPort ?? 0,
      adminPort: options.envoyAdminPort ?? 0,
      wasmFile,
      filterConfig: options.filterConfig ?? {},
      authzHost: '127.0.0.1',
      authzPort: authz.grpc,
      authzExtraPorts: options.authzExtraPorts ?? [],
      authzAdminPort: authz.admin,
      upstreamMode: options.upstreamMode,
      azureEndpoint: process.env.AZURE_OPENAI_ENDPOINT,
      authzTimeout: options.authzTimeout ?? '0.5s',
      failureModeAllow: options.failureModeAllow ?? false,
      upstreamHost: upstream.host,
      upstreamPort: upstream.port,
    }),
  );
  const args = [
    '-c', configPath,
    '--disable-hot-restart',
    '--admin-address-path', adminPathFile,
    '--concurrency', String(options.envoyConcurrency ?? 1),
    '-l', options.envoyLogLevel ?? 'warning',
  ];
  const child = startChild('envoy', envoyBinary(), args, { cwd: dir });
  const timeout = options.startTimeoutMs ?? 30_000;
  const adminUrl = await waitFor(
    'envoy admin',
    async () => {
      if (!existsSync(adminPathFile)) return undefined;
      const address = readFileSync(adminPathFile, 'utf8').trim();
      return address ? `http://${address}` : undefined;
    },
    timeout,
    child.exited,
  );
  await waitFor('envoy', () => httpOk(`${adminUrl}/ready`), timeout, child.exited);
  const url = await waitFor('envoy listener', () => envoyListenerUrl(adminUrl), timeout, child.exited);
  return { child, url, adminUrl };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  requireBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'aegis-stack-'));
  const started: { stop(): Promise<void> }[] = [];
  const cleanup = async (): Promise<void> => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  let authz: StackChild | undefined;
  let envoy: StackChild | undefined;
  const logs = (): string =>
    [`----- aegis-authz log -----\n${authz?.log() ?? '(not started)'}`, `----- envoy log -----\n${envoy?.log() ?? '(not started)'}`].join('\n');
  try {
    let mock: MockLlm | undefined;
    let upstream = options.upstream;
    const mode = options.upstreamMode ?? upstreamModeFromEnv(process.env.AEGIS_UPSTREAM);
    if (!upstream && mode === 'mock') {
      mock = await startMockLlm({ port: options.mockPort ?? 0, keys: MOCK_PROVIDER_KEYS });
      started.push({ stop: () => mock!.close() });
      upstream = { host: '127.0.0.1', port: mock.port };
    }
    upstream ??= { host: '127.0.0.1', port: 9 }; // providers mode: no mock, the placeholder is unused
    options = { ...options, upstreamMode: mode, authzEnv: { ...(mode === 'mock' ? mockProviderEnv(upstream) : {}), ...options.authzEnv } };
    const ports: AuthzPorts = {
      grpc: options.authzGrpcPort || (await freePort()),
      admin: options.authzAdminPort || (await freePort()),
    };
    authz = await launchAuthz(ports, options);
    const authzHolder = { stop: () => authz!.stop() };
    started.push(authzHolder);
    const replicas: { ports: AuthzPorts; child: StackChild }[] = [];
    for (let i = 1; i < (options.authzReplicas ?? 1); i++) {
      const replicaPorts = { grpc: await freePort(), admin: await freePort() };
      const replica = { ports: replicaPorts, child: await launchAuthz(replicaPorts, options) };
      replicas.push(replica);
      started.push({ stop: () => replica.child.stop() });
    }
    const e = await launchEnvoy(dir, ports, upstream, { ...options, authzExtraPorts: replicas.map((r) => r.ports.grpc) });
    envoy = e.child;
    started.push({ stop: () => envoy!.stop() });
    const stack: Stack = {
      url: e.url,
      envoyAdminUrl: e.adminUrl,
      authzAdminUrl: `http://127.0.0.1:${ports.admin}`,
      authzGrpcPort: ports.grpc,
      mock,
      envoy: e.child,
      get authz() {
        return authz!;
      },
      logs,
      stopAuthz: () => authz!.stop(),
      // Like a rollout waiting for readiness: a (re)started replica counts as back once
      // Envoy's own health check has seen it serving, not merely once it listens.
      async startAuthz() {
        authz = await launchAuthz(ports, options);
        await waitFor('envoy health check of aegis-authz', () => envoySeesAuthzHealthy(e.adminUrl, ports.grpc), 20_000);
      },
      async restartAuthz() {
        await authz!.stop();
        await stack.startAuthz();
      },
      async restartAuthzReplica(index: number) {
        if (index === 0) return stack.restartAuthz();
        const replica = replicas[index - 1];
        if (!replica) throw new Error(`no authz replica ${index}`);
        await replica.child.stop();
        replica.child = await launchAuthz(replica.ports, options);
        await waitFor('envoy health check of aegis-authz', () => envoySeesAuthzHealthy(e.adminUrl, replica.ports.grpc), 20_000);
      },
      stop: cleanup,
    };
    return stack;
  } catch (err) {
    const message = `${(err as Error).message}\n${logs()}`;
    await cleanup();
    throw new Error(message);
  }
}
