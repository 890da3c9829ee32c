// The JSON error body of a denied request, in the shape of the provider the route speaks,
// so that each provider's SDK raises its usual API error.
import type { Denial } from './decision.js';
import type { Provider } from './provider.js';

export function errorBody(provider: Provider, denial: Denial, requestId: string): string {
  switch (provider) {
    case 'anthropic':
      return JSON.stringify(anthropicShape(denial, requestId));
    case 'google':
      return JSON.stringify(googleShape(denial, requestId));
    case 'azure':
      return JSON.stringify(azureShape(denial, requestId));
    default:
      return JSON.stringify(openAiShape(denial, requestId));
  }
}

/** OpenAI: `{"error": {message, type, code, param, request_id}}`. */
function openAiShape(denial: Denial, requestId: string): object {
  return { error: { message: denial.message, type: denial.type, code: denial.code, param: null, request_id: requestId } };
}

/** Azure OpenAI: `{"error": {code, message, type, param, status, innererror}}`, the request id in innererror. */
function azureShape(denial: Denial, requestId: string): object {
  return {
    error: { code: denial.code, message: denial.message, type: denial.type, param: null, status: denial.status, innererror: { code: denial.code, request_id: requestId } },
  };
}

/** Anthropic: `{"type": "error", "error": {type, message}}`, plus the Aegis code. */
function anthropicShape(denial: Denial, requestId: string): object {
  return {
    type: 'error',
    error: { type: anthropicType(denial.status), message: denial.message, code: denial.code },
    request_id: requestId,
  };
}

/** Google AI: `{"error": {code, message, status, details}}` with the Aegis code in an ErrorInfo. */
function googleShape(denial: Denial, requestId: string): object {
  const details = [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: denial.code.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
      domain: 'aegis',
      metadata: { code: denial.code, request_id: requestId },
    },
    ...(denial.retryAfterSeconds ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${denial.retryAfterSeconds}s` }] : []),
  ];
  return { error: { code: denial.status, message: denial.message, status: googleStatus(denial.status), details } };
}

function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503) return 'overloaded_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

function googleStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 429) return 'RESOURCE_EXHAUSTED';
  if (status === 503) return 'UNAVAILABLE';
  return status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
}
