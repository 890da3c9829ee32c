// The processes around Envoy: the mock LLM upstream, the Aegis authz service, the OPA
// peer and the trivial always-allow ext_authz server — each its own process on the SUT's
// CPUs, so its CPU time and memory are measured apart from the load generator's.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/stack/free-port.js';
import { repoRoot } from '../../scripts/stack/repo-root.js';
import { httpOk, waitFor } from '../../scripts/stack/wait.js';
import type { Pinning } from './machine.js';
import { launch, type BenchProcess } from './procs.js';

export const authzMain = join(repoRoot, 'dist', 'ext-authz', 'src', 'main.js');
export const peerBinary = join(repoRoot, '.tools', 'bin', 'opa-envoy-plugin');
const tsxLoader = 'tsx';

export interface Service {
  process: BenchProcess;
  /** HTTP base URL (mock) or gRPC port (authz, peer, allow server). */
  url?: string;
  grpcPort?: number;
  adminUrl?: string;
}

interface Ctx {
  dir: string;
  pinning: Pinning;
}

async function ready(proc: BenchProcess, what: string, probe: () => Promise<true | undefined>, timeoutMs = 30_000): Promise<void> {
  try {
    await waitFor(what, probe, timeoutMs, proc.exited);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.tail()}`);
  }
}

/** Node running a TypeScript entry: the compiled copy under dist/ when built, else via tsx. */
function nodeEntry(tsPath: string): string[] {
  const compiled = join(repoRoot, 'dist', tsPath.replace(/\.ts$/, '.js'));
  return existsSync(compiled) ? [compiled] : ['--import', tsxLoader, join(repoRoot, tsPath)];
}

export async function startMock(c: Ctx): Promise<Service> {
  const port = await freePort();
  const proc = launch('mock', process.execPath, nodeEntry('mock-llm/src/main.ts'), {
    env: { ...process.env, AEGIS_MOCK_PORT: String(port), AEGIS_MOCK_HOST: '127.0.0.1' },
    cwd: repoRoot,
    logFile: join(c.dir, 'mock.log'),
    pinning: c.pinning,
  });
  const url = `http://127.0.0.1:${port}`;
  await ready(proc, 'mock LLM', () => httpOk(`${url}/health`));
  return { process: proc, url };
}

export function authzMissing(): string | undefined {
  return existsSync(authzMain) ? undefined : 'authz not built (dist/ext-authz/src/main.js missing: run `npm run build`)';
}

export async function startAuthz(c: Ctx, demoKey: string, extraEnv: Record<string, string> = {}): Promise<Service> {
  const grpcPort = await freePort();
  const adminPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.AEGIS_BENCH_LOG_LEVEL ?? 'info',
    AEGIS_GRPC_HOST: '127.0.0.1',
    AEGIS_GRPC_PORT: String(grpcPort),
    AEGIS_ADMIN_HOST: '127.0.0.1',
    PORT: String(adminPort),
    AEGIS_DEMO_KEY: demoKey,
    // The bench measures the allowed path: quotas (requests and tokens a minute) are
    // checked on every request, but set so high that none trips during a run.
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_TOKENS: '1000000000',
    ...extraEnv,
  };
  const proc = launch('authz', process.execPath, [authzMain], { env, cwd: repoRoot, logFile: join(c.dir, 'authz.log'), pinning: c.pinning });
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  await ready(proc, 'aegis-authz', () => httpOk(`${adminUrl}/api/v1/health`));
  return { process: proc, grpcPort, adminUrl };
}

export function peerMissing(): string | undefined {
  if (existsSync(peerBinary)) return undefined;
  const log = '/tmp/aegis-peer-install.log';
  const why = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-1)[0] : undefined;
  return `peer not installed: ${why ? `last install attempt said "${why}"` : '.tools/bin/opa-envoy-plugin missing'} (run \`bash bench/install-peer.sh\`)`;
}

export async function startPeer(c: Ctx): Promise<Service> {
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const config = readFileSync(join(repoRoot, 'bench', 'peer', 'config.yaml'), 'utf8').replaceAll('${GRPC_ADDR}', `127.0.0.1:${grpcPort}`);
  const configPath = join(c.dir, 'opa-config.yaml');
  writeFileSync(configPath, config);
  const args = ['run', '--server', '--addr', `127.0.0.1:${httpPort}`, '--config-file', configPath, '--disable-telemetry', '--log-level', 'error', join(repoRoot, 'bench', 'peer', 'policy.rego')];
  const proc = launch('peer', peerBinary, args, { cwd: c.dir, logFile: join(c.dir, 'peer.log'), pinning: c.pinning });
  await ready(proc, 'opa-envoy-plugin', () => httpOk(`http://127.0.0.1:${httpPort}/health?plugins`));
  return { process: proc, grpcPort, adminUrl: `http://127.0.0.1:${httpPort}` };
}

export async function startAllowServer(c: Ctx): Promise<Service> {
  const proc = launch('allow', process.execPath, nodeEntry('bench/src/allow-server.ts'), { cwd: repoRoot, logFile: join(c.dir, 'allow.log'), pinning: c.pinning });
  let grpcPort = 0;
  await ready(proc, 'always-allow authz', async () => {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(proc.tail());
    if (m) grpcPort = Number(m[1]);
    return m ? true : undefined;
  });
  return { process: proc, grpcPort };
}
