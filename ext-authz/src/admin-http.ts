// Admin HTTP: GET /api/v1/health and GET /api/v1/metrics (Prometheus text format).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export type HealthStatus = 'ok' | 'degraded' | 'not_serving';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly policy_version: string;
  readonly redis: string;
  readonly dry_run: boolean;
  readonly reload_errors: readonly string[];
}

export interface AdminDeps {
  readonly registry: Registry;
  readonly health: () => HealthReport;
  readonly corsOrigins: readonly string[];
}

export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    route(req, res, deps).catch(() => send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' })));
  });
}

async function route(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  allowCors(req, res, deps.corsOrigins);
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/api/v1/health' && path !== '/api/v1/metrics') return send(res, 404, 'application/json', JSON.stringify({ error: 'not found' }));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
  }
  if (path === '/api/v1/metrics') return send(res, 200, deps.registry.contentType, await deps.registry.metrics());
  const report = deps.health();
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
