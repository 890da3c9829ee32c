// Envoy for the bench: one worker thread, on the SUT's CPUs, its log in the run's
// directory, and a config that is always the real envoy/aegis-local.yaml, rendered with
// scripts/stack/envoy-config.ts — the baselines are derived from it by taking filters out,
// never kept as copies that could drift from it:
//   passthrough  router only (no Wasm filter, no ext_authz)
//   filter       the Aegis Wasm filter, no ext_authz
//   full         the file as it is: filter + ext_authz + router
//   peer         ext_authz (pointed at the OPA peer) + router, no Wasm filter
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { join } from 'node:path';
import { envoyBinary } from '../../scripts/stack/envoy-binary.js';
import { defaultTemplate, renderEnvoyConfig } from '../../scripts/stack/envoy-config.js';
import { freePort } from '../../scripts/stack/free-port.js';
import { repoRoot } from '../../scripts/stack/repo-root.js';
import { httpOk, waitFor } from '../../scripts/stack/wait.js';
import type { Pinning } from './machine.js';
import { launch, type BenchProcess } from './procs.js';

export type EnvoyVariant = 'passthrough' | 'filter' | 'full' | 'peer';

export const wasmFile = join(repoRoot, 'build', 'aegis_filter.wasm');

const WASM = 'envoy.filters.http.wasm';
const EXT_AUTHZ = 'envoy.filters.http.ext_authz';
const dropped: Record<EnvoyVariant, string[]> = { passthrough: [WASM, EXT_AUTHZ], filter: [EXT_AUTHZ], full: [], peer: [WASM] };

interface HttpFilter {
  name: string;
}

/** The rendered full config with the variant's filters taken out (and the authz cluster, when unused). */
export function deriveVariant(rendered: string, variant: EnvoyVariant): string {
  if (variant === 'full') return rendered;
  const doc = YAML.parse(rendered) as { static_resources: { listeners: { filter_chains: { filters: { typed_config: { http_filters: HttpFilter[] } }[] }[] }[]; clusters: { name: string }[] } };
  const hcm = doc.static_resources.listeners[0]?.filter_chains[0]?.filters[0]?.typed_config;
  if (!hcm?.http_filters) throw new Error(`${defaultTemplate}: no http_filters on the first listener's connection manager`);
  for (const name of dropped[variant]) {
    if (!hcm.http_filters.some((f) => f.name === name)) throw new Error(`${defaultTemplate}: no ${name} filter to take out for the ${variant} variant`);
  }
  hcm.http_filters = hcm.http_filters.filter((f) => !dropped[variant].includes(f.name));
  if (!hcm.http_filters.some((f) => f.name === EXT_AUTHZ)) doc.static_resources.clusters = doc.static_resources.clusters.filter((c) => c.name !== 'aegis_authz');
  return `# Derived by bench/src/envoy.ts from envoy/aegis-local.yaml: the ${variant} variant.\n${YAML.stringify(doc)}`;
}

export interface EnvoyOptions {
  variant: EnvoyVariant;
  dir: string;
  pinning: Pinning;
  upstreamPort: number;
  authzPort?: number;
  /** The authz service's admin port, where the filter sends its usage reports. */
  authzAdminPort?: number;
  filterConfig?: Record<string, unknown>;
  /** Worker threads; one by default, as the SUT gets one core on a 2-core machine. */
  concurrency?: number;
}

export interface RunningEnvoy {
  url: string;
  process: BenchProcess;
}

export async function startEnvoy(o: EnvoyOptions): Promise<RunningEnvoy> {
  const listenPort = await freePort();
  const configPath = join(o.dir, `envoy-${o.variant}.yaml`);
  const adminPathFile = join(o.dir, `envoy-${o.variant}.admin`);
  writeFileSync(
    configPath,
    deriveVariant(renderEnvoyConfig(
      {
        listenAddress: '127.0.0.1',
        listenPort,
        adminPort: 0,
        wasmFile,
        filterConfig: o.filterConfig ?? {},
        authzHost: '127.0.0.1',
        authzPort: o.authzPort ?? 9,
        ...(o.authzAdminPort ? { authzAdminPort: o.authzAdminPort } : {}),
        // Generous, so a saturated service shows up as latency, not as 503s.
        authzTimeout: '2s',
        failureModeAllow: false,
        upstreamHost: '127.0.0.1',
        upstreamPort: o.upstreamPort,
      },
      defaultTemplate,
    ), o.variant),
  );
  const args = ['-c', configPath, '--disable-hot-restart', '--admin-address-path', adminPathFile, '--concurrency', String(o.concurrency ?? 1), '-l', 'warning'];
  const proc = launch(`envoy-${o.variant}`, envoyBinary(), args, { logFile: join(o.dir, `envoy-${o.variant}.log`), pinning: o.pinning, cwd: o.dir });
  try {
    const adminUrl = await waitFor('envoy admin', async () => (existsSync(adminPathFile) && readFileSync(adminPathFile, 'utf8').trim() ? `http://${readFileSync(adminPathFile, 'utf8').trim()}` : undefined), 30_000, proc.exited);
    await waitFor(`envoy ${o.variant}`, () => httpOk(`${adminUrl}/ready`), 30_000, proc.exited);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.tail()}`);
  }
  return { url: `http://127.0.0.1:${listenPort}`, process: proc };
}
