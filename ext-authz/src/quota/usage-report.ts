// The usage report the filter sends when a response ends (docs/architecture.md "Usage
// reports"): which request, what the provider said it used, how the response ended.
// Parsed strictly; the charge follows from it.

export interface UsageReport {
  readonly requestId: string;
  readonly promptTokens: number | undefined;
  readonly completionTokens: number | undefined;
  /** The upstream's HTTP status; 0 when no response came (reset, timeout, client gone). */
  readonly status: number;
}

export type ParsedReport = { readonly ok: true; readonly report: UsageReport } | { readonly ok: false; readonly error: string };

const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_REPORTED = 1_000_000_000;

export function parseUsageReport(text: string): ParsedReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'body is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'body must be a JSON object' };
  const body = json as Record<string, unknown>;
  if (typeof body.request_id !== 'string' || !REQUEST_ID.test(body.request_id)) return { ok: false, error: 'request_id: must be the x-aegis-request-id (1-200 visible ASCII characters)' };
  if (!isWhole(body.status, 0, 599)) return { ok: false, error: 'status: must be the upstream HTTP status (0-599, 0 for no response)' };
  for (const field of ['prompt_tokens', 'completion_tokens'] as const) {
    const value = body[field];
    if (value !== undefined && value !== null && !isWhole(value, 0, MAX_REPORTED)) return { ok: false, error: `${field}: must be a whole number of tokens, or null when unknown` };
  }
  const tokens = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  return {
    ok: true,
    report: { requestId: body.request_id, status: body.status as number, promptTokens: tokens(body.prompt_tokens), completionTokens: tokens(body.completion_tokens) },
  };
}

/**
 * Tokens to charge instead of the reservation: the reported usage after a 2xx; nothing
 * (release) after an error status or no response; undefined (keep the estimate) after a
 * 2xx that reported no usage (a stream without a usage event).
 */
export function chargeFor(report: UsageReport): number | undefined {
  if (report.status < 200 || report.status > 299) return 0;
  if (report.promptTokens === undefined && report.completionTokens === undefined) return undefined;
  return (report.promptTokens ?? 0) + (report.completionTokens ?? 0);
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
