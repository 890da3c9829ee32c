// The Wasm filter as the eval drives it: the built build/aegis_filter.wasm in the Node
// proxy-wasm host (wasm-filter/host/), default configuration, one exchange per item. When
// the artefact or the host is missing, the filter rows say so instead of failing the eval.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../ext-authz/src/repo-root.js';
import type { ProxyWasmHost } from '../../wasm-filter/host/index.js';
import type { Runner, Verdict } from './service-runner.js';

export interface FilterExchange {
  readonly status: number;
  /** The rule id of a local reply (403, 400…), if the filter answered itself. */
  readonly code: string | undefined;
  /** `x-aegis-findings` as forwarded, or undefined. */
  readonly findings: string | undefined;
  /** The body that went upstream (redactions applied), or undefined when the filter answered. */
  readonly forwarded: string | undefined;
  readonly ms: number;
}

export interface FilterHost {
  readonly wasm: string;
  exchange(body: string): FilterExchange;
}

export type FilterLoad = { readonly ok: true; readonly host: FilterHost } | { readonly ok: false; readonly reason: string };

export async function loadFilter(wasm = join(findRepoRoot(), 'build', 'aegis_filter.wasm')): Promise<FilterLoad> {
  if (!existsSync(wasm)) return { ok: false, reason: `filter host not available: ${wasm} is missing (run npm run build:filter)` };
  let host: ProxyWasmHost;
  try {
    // Imported when needed: a filter host that does not load only loses the filter rows.
    const mod = await import('../../wasm-filter/host/index.js');
    host = await mod.ProxyWasmHost.load({ wasm });
  } catch (err) {
    return { ok: false, reason: `filter host not available: ${(err as Error).message.split('\n')[0]}` };
  }
  return { ok: true, host: wrap(host, wasm) };
}

function wrap(host: ProxyWasmHost, wasm: string): FilterHost {
  return {
    wasm,
    exchange(body) {
      const started = performance.now();
      const ex = host.exchange({ body, headers: { 'content-type': 'application/json' } });
      const ms = performance.now() - started;
      const code = errorCode(ex.json);
      return { status: ex.status, code: ex.upstream ? undefined : code, findings: ex.upstream?.headers.get('x-aegis-findings'), forwarded: ex.upstream?.body.toString('utf8'), ms };
    },
  };
}

/** The filter's injection detector: the request is refused with a filter.injection.* code, or forwarded with an injection finding. */
export function filterInjectionRunner(host: FilterHost): Runner {
  return {
    name: 'filter.injection',
    run(body): Verdict {
      const ex = host.exchange(body);
      const detected = (ex.code ?? '').startsWith('filter.injection.') || /(?:^|,)injection:/.test(ex.findings ?? '');
      return { detected, ms: ex.ms };
    },
  };
}

function errorCode(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const error = (json as { error?: { code?: unknown; details?: { reason?: unknown }[] } }).error;
  if (typeof error?.code === 'string') return error.code;
  const reason = error?.details?.[0]?.reason;
  return typeof reason === 'string' ? reason : undefined;
}
