// The shared processes of a bench run, started on first use and kept until the run ends:
// one mock upstream for every Envoy, one authz service, one peer, one always-allow server,
// one Envoy per variant. Idle, they cost nothing measurable; started once, the run spends
// its time measuring rather than starting.
import { existsSync } from 'node:fs';
import { MOCK_PROVIDER_KEYS } from '../../mock-llm/src/credentials.js';
import { startEnvoy, wasmFile, type EnvoyVariant, type RunningEnvoy } from './envoy.js';
import type { Pinning } from './machine.js';
import { authzMissing, peerMissing, startAllowServer, startAuthz, startMock, startPeer, type Service } from './services.js';

export interface SystemsOptions {
  dir: string;
  pinning: Pinning;
  demoKey: string;
  authzEnv?: Record<string, string>;
}

export class Systems {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(readonly o: SystemsOptions) {}

  private once<T>(key: string, start: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = start();
      this.cache.set(key, p);
    }
    return p;
  }

  mock(): Promise<Service> {
    return this.once('mock', () => startMock(this.o));
  }

  authz(): Promise<Service> {
    return this.once('authz', async () => {
      // As the stack does in mock mode: the service injects the mock's provider keys, so
      // credential injection is part of what is measured.
      const mock = new URL((await this.mock()).url as string);
      const providerEnv = {
        OPENAI_API_KEY: MOCK_PROVIDER_KEYS.openai,
        AZURE_OPENAI_KEY: MOCK_PROVIDER_KEYS.azure,
        AZURE_OPENAI_ENDPOINT: `http://${mock.host}`,
        ANTHROPIC_API_KEY: MOCK_PROVIDER_KEYS.anthropic,
        GOOGLE_AI_API_KEY: MOCK_PROVIDER_KEYS.google,
      };
      return startAuthz(this.o, this.o.demoKey, { ...providerEnv, ...this.o.authzEnv });
    });
  }

  peer(): Promise<Service> {
    return this.once('peer', () => startPeer(this.o));
  }

  allow(): Promise<Service> {
    return this.once('allow', () => startAllowServer(this.o));
  }

  envoy(variant: EnvoyVariant): Promise<RunningEnvoy> {
    return this.once(`envoy-${variant}`, async () => {
      const upstreamPort = Number(new URL((await this.mock()).url as string).port);
      const authz = variant === 'full' ? await this.authz() : variant === 'peer' ? await this.peer() : undefined;
      const authzAdminPort = variant === 'full' && authz?.adminUrl ? Number(new URL(authz.adminUrl).port) : undefined;
      return startEnvoy({ variant, dir: this.o.dir, pinning: this.o.pinning, upstreamPort, authzPort: authz?.grpcPort, authzAdminPort });
    });
  }
}

export function filterMissing(): string | undefined {
  return existsSync(wasmFile) ? undefined : 'filter not built (build/aegis_filter.wasm missing: run `npm run build`)';
}

export { authzMissing, peerMissing };
