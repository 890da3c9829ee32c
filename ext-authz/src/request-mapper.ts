// CheckRequest (gRPC shape) → CheckInput (plain). No decisions here.
import { randomUUID } from 'node:crypto';
import type { CheckInput, FilterMode } from './check-input.js';
import { parseFindings } from './findings.js';
import { detectProvider } from './provider.js';
import type { CheckRequest, HttpRequest } from './wire-types.js';

export type MapResult = { readonly ok: true; readonly input: CheckInput } | { readonly ok: false; readonly requestId: string };

export function toCheckInput(request: CheckRequest): MapResult {
  const http = request.attributes?.request?.http;
  const headers = http ? readHeaders(http) : {};
  const requestId = headers['x-aegis-request-id'] || http?.id || randomUUID();
  if (!http || !http.method || !http.path) return { ok: false, requestId };
  const path = stripQuery(http.path);
  const input: CheckInput = {
    requestId,
    method: http.method.toUpperCase(),
    path,
    host: http.host ?? '',
    headers,
    body: readBody(http),
    bodyPartial: headers['x-envoy-auth-partial-body'] === 'true',
    provider: detectProvider(path, request.attributes?.context_extensions ?? {}),
    filterMode: readFilterMode(headers['x-aegis-filter']),
    findings: parseFindings(headers['x-aegis-findings']),
  };
  return { ok: true, input };
}

/** `headers` normally; `header_map` when Envoy's encode_raw_headers is on. */
export function readHeaders(http: HttpRequest): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(http.headers ?? {})) out[key.toLowerCase()] = value;
  for (const header of http.header_map?.headers ?? []) {
    if (!header.key) continue;
    const key = header.key.toLowerCase();
    const value = header.raw_value && header.raw_value.length > 0 ? header.raw_value.toString('utf8') : (header.value ?? '');
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

function readBody(http: HttpRequest): Buffer {
  if (http.raw_body && http.raw_body.length > 0) return Buffer.from(http.raw_body);
  return Buffer.from(http.body ?? '', 'utf8');
}

function stripQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/** `v1;mode=enforce` or `v1;mode=monitor`; any other present value counts as enforce. */
export function readFilterMode(value: string | undefined): FilterMode | undefined {
  if (value === undefined) return undefined;
  return /(?:^|;)\s*mode=monitor\s*(?:;|$)/.test(value) ? 'monitor' : 'enforce';
}
