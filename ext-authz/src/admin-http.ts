// Admin HTTP: GET /api/v1/health and GET /api/v1/metrics (Prometheus text format).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type HealthStatus = 'ok' | 'degraded' | 'not_serving';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly policy_version: string;
  readonly redis: string;
  readonly dry_run: boolean;
  readonly reload_errors: readonly string[];
  /** `disabled`, or where the JWKS comes from: `file` or `url`. */
  readonly jwt: string;
  /** In cluster mode, each worker's own report. */
  readonly workers?: readonly WorkerHealth[];
}

export interface WorkerHealth {
  readonly worker: number;
  readonly status: HealthStatus;
  readonly policy_version: string;
}

export interface AdminDeps {
  /** Prometheus text of the registry (or of every worker's, aggregated). */
  readonly metrics: () => Promise<string>;
  readonly metricsContentType: string;
  readonly health: () => HealthReport | Promise<HealthReport>;
  readonly corsOrigins: readonly string[];
  /** More endpoints by path, each handling its own methods (POST /api/v1/usage). */
  readonly routes?: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>>;
}

/** `/api/v1/health` is readiness (503 once shutting down); `/api/v1/health/live` only says the process answers. */
const GET_PATHS = new Set(['/api/v1/health', '/api/v1/health/ready', '/api/v1/health/live', '/api/v1/metrics']);

export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    route(req, res, deps).catch(() => send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' })));
  });
}

async function route(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  allowCors(req, res, deps.corsOrigins);
  const path = (req.url ?? '/').split('?')[0];
  const extra = path ? deps.routes?.[path] : undefined;
  if (extra) return extra(req, res);
  if (!path || !GET_PATHS.has(path)) return send(res, 404, 'application/json', JSON.stringify({ error: 'not found' }));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
  }
  if (path === '/api/v1/metrics') return send(res, 200, deps.metricsContentType, await deps.metrics());
  if (path === '/api/v1/health/live') return send(res, 200, 'application/json', '{"status":"alive"}');
  const report = await deps.health();
  send(res, report.status === 'not_serving' ? 503 : 200, 'application/json', JSON.stringify(report));
}

function allowCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): void {
  const origin = req.headers.origin;
  if (!origin || !(origins.includes('*') || origins.includes(origin))) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
