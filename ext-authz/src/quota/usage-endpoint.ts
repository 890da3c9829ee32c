// POST /api/v1/usage on the admin port: the filter reports a response's real token usage
// and the reservation made at admission is settled (or released, or kept as spent).
// Only loopback callers are accepted unless AEGIS_USAGE_TOKEN is set; then every caller
// must send it in x-aegis-usage-token (compared in constant time).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { QuotaMetrics } from './quota-metrics.js';
import type { QuotaService } from './quota-service.js';
import { chargeFor, parseUsageReport } from './usage-report.js';

export const USAGE_PATH = '/api/v1/usage';
const MAX_BODY_BYTES = 4096;

export interface UsageEndpointDeps {
  readonly quota: QuotaService;
  /** AEGIS_USAGE_TOKEN; undefined: loopback callers only. */
  readonly token: string | undefined;
  readonly metrics: QuotaMetrics;
  readonly logger: Logger;
}

export type AdminHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createUsageHandler(deps: UsageEndpointDeps): AdminHandler {
  const expected = deps.token === undefined ? undefined : digest(deps.token);
  return async (req, res) => {
    const refused = refuse(req, expected);
    if (refused) {
      deps.metrics.usageReport('rejected');
      return send(res, refused.status, { error: refused.error }, refused.headers);
    }
    const body = await readLimited(req, MAX_BODY_BYTES);
    if (body === undefined) return reject(res, deps, 413, `body over ${MAX_BODY_BYTES} bytes`);
    const parsed = parseUsageReport(body);
    if (!parsed.ok) return reject(res, deps, 400, parsed.error);
    const { report } = parsed;
    const result = await deps.quota.settle({ requestId: report.requestId, charged: chargeFor(report) });
    deps.metrics.usageReport(result.outcome);
    deps.logger.debug({ event: 'usage', request_id: report.requestId, status: report.status, result: result.outcome, reserved: result.reserved ?? null, charged: result.charged ?? null }, 'usage report');
    send(res, result.outcome === 'unknown' ? 404 : 200, { result: result.outcome, request_id: report.requestId, reserved: result.reserved ?? null, charged: result.charged ?? null });
  };
}

interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly headers?: Record<string, string>;
}

function refuse(req: IncomingMessage, expected: Buffer | undefined): Refusal | undefined {
  if (req.method !== 'POST') return { status: 405, error: 'method not allowed', headers: { allow: 'POST' } };
  if (expected) {
    const presented = req.headers['x-aegis-usage-token'];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expected)) return { status: 401, error: 'missing or wrong x-aegis-usage-token' };
  } else if (!isLoopback(req.socket.remoteAddress)) {
    return { status: 403, error: 'usage reports are accepted from loopback only unless AEGIS_USAGE_TOKEN is set' };
  }
  // A JSON content type also keeps browsers from posting here without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return { status: 415, error: 'content-type must be application/json' };
  return undefined;
}

function reject(res: ServerResponse, deps: UsageEndpointDeps, status: number, error: string): void {
  deps.metrics.usageReport('rejected');
  send(res, status, { error });
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The body as text, or undefined once it passes `max` bytes. */
function readLimited(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) parts.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
