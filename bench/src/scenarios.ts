// The scenario registry. Each scenario names its baseline (measured in the same run, on
// the same machine), says why it cannot run here when a part is missing, and starts the
// system it measures. A new figure plugs in as one more entry: an HTTP system behind a
// URL, a gRPC ext_authz server, or a micro benchmark that returns its own rows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/stack/repo-root.js';
import { runFilterMicro } from './filter-micro.js';
import { redisMissing, runRedisQuota } from './redis-quota.js';
import type { Row } from './results.js';
import { authzMissing, filterMissing, peerMissing, type Systems } from './systems.js';

/** Processes whose CPU and memory a run records, by role. `mock` is the upstream. */
export type Pids = Record<string, number>;

export interface HttpSystem {
  url: string;
  pids: Pids;
}

export interface GrpcSystem {
  port: number;
  pids: Pids;
  /** The service's Prometheus endpoint, for its in-service latency. */
  metricsUrl?: string;
}

interface Common {
  name: string;
  title: string;
  /** The scenario this one is compared with: throughput ratio and added p99. */
  baseline?: string;
  /** Why it cannot run on this machine now, or undefined. */
  unavailable(): string | undefined;
}

export interface HttpScenario extends Common {
  kind: 'http';
  /** It enforces a policy: the preflight checks that a prompt injection gets a 403. */
  enforces?: boolean;
  start(s: Systems): Promise<HttpSystem>;
}

export interface GrpcScenario extends Common {
  kind: 'grpc';
  start(s: Systems): Promise<GrpcSystem>;
}

export interface MicroScenario extends Common {
  kind: 'micro';
  run(quick: boolean, s: Systems): Promise<Row[]>;
}

export type Scenario = HttpScenario | GrpcScenario | MicroScenario;

const none = (): undefined => undefined;
const first = (...checks: (() => string | undefined)[]) => (): string | undefined => checks.map((c) => c()).find(Boolean);

export const scenarios: Scenario[] = [
  {
    kind: 'http',
    name: 'upstream-direct',
    title: 'mock LLM upstream, called directly (no Envoy)',
    unavailable: none,
    async start(s) {
      const mock = await s.mock();
      return { url: mock.url as string, pids: { mock: mock.process.pid } };
    },
  },
  {
    kind: 'http',
    name: 'envoy-passthrough',
    title: 'Envoy, router only (no filter, no ext_authz)',
    baseline: 'upstream-direct',
    unavailable: none,
    async start(s) {
      const [mock, envoy] = await Promise.all([s.mock(), s.envoy('passthrough')]);
      return { url: envoy.url, pids: { envoy: envoy.process.pid, mock: mock.process.pid } };
    },
  },
  {
    kind: 'http',
    name: 'envoy-filter',
    enforces: true,
    title: 'Envoy + Aegis Wasm filter',
    baseline: 'envoy-passthrough',
    unavailable: filterMissing,
    async start(s) {
      const [mock, envoy] = await Promise.all([s.mock(), s.envoy('filter')]);
      return { url: envoy.url, pids: { envoy: envoy.process.pid, mock: mock.process.pid } };
    },
  },
  {
    kind: 'http',
    name: 'aegis-full',
    enforces: true,
    title: 'Envoy + filter + ext_authz (the full Aegis chain)',
    baseline: 'envoy-passthrough',
    unavailable: first(filterMissing, authzMissing),
    async start(s) {
      const [mock, authz, envoy] = await Promise.all([s.mock(), s.authz(), s.envoy('full')]);
      return { url: envoy.url, pids: { envoy: envoy.process.pid, authz: authz.process.pid, mock: mock.process.pid } };
    },
  },
  {
    kind: 'http',
    name: 'opa-peer',
    enforces: true,
    title: 'Envoy + ext_authz → OPA (opa-envoy-plugin), body-pattern policy',
    baseline: 'envoy-passthrough',
    unavailable: peerMissing,
    async start(s) {
      const [mock, peer, envoy] = await Promise.all([s.mock(), s.peer(), s.envoy('peer')]);
      return { url: envoy.url, pids: { envoy: envoy.process.pid, peer: peer.process.pid, mock: mock.process.pid } };
    },
  },
  {
    kind: 'grpc',
    name: 'authz-allow',
    title: 'trivial always-allow gRPC ext_authz server, Check alone',
    unavailable: none,
    async start(s) {
      const allow = await s.allow();
      return { port: allow.grpcPort as number, pids: { allow: allow.process.pid } };
    },
  },
  {
    kind: 'grpc',
    name: 'authz-check',
    title: 'Aegis authz service, Check alone over gRPC',
    baseline: 'authz-allow',
    unavailable: authzMissing,
    async start(s) {
      const authz = await s.authz();
      return { port: authz.grpcPort as number, pids: { authz: authz.process.pid }, metricsUrl: `${authz.adminUrl}/api/v1/metrics` };
    },
  },
  {
    kind: 'micro',
    name: 'filter-micro',
    title: 'filter micro benchmarks in the Node proxy-wasm host (scan MB/s, headers-only µs, VM memory)',
    unavailable: first(filterMissing, () => (existsSync(join(repoRoot, 'wasm-filter', 'host', 'index.ts')) ? undefined : 'Node proxy-wasm host not ready (wasm-filter/host/index.ts missing)')),
    run: (quick) => runFilterMicro(quick),
  },
  {
    kind: 'micro',
    name: 'authz-redis-quota',
    title: 'Redis quota check alone (p99), next to a PING round trip',
    unavailable: first(redisMissing, () => (existsSync(join(repoRoot, 'ext-authz', 'src', 'quota', 'redis-store.ts')) ? undefined : 'the service has no Redis quota store (ext-authz/src/quota/redis-store.ts)')),
    run: (quick, s) => runRedisQuota(quick, s.o.dir, s.o.pinning),
  },
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}

/**
 * Scenarios whose name contains any of the given words, with their baselines (and the
 * baselines' baselines), in registry order: a benchmark never runs without its baseline.
 */
export function selectScenarios(words: string[], registry: Scenario[] = scenarios): Scenario[] {
  if (words.length === 0) return registry;
  const chosen = new Set(registry.filter((s) => words.some((w) => s.name.includes(w))).map((s) => s.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of registry) {
      if (chosen.has(s.name) && s.baseline && !chosen.has(s.baseline)) {
        chosen.add(s.baseline);
        grew = true;
      }
    }
  }
  return registry.filter((s) => chosen.has(s.name));
}
