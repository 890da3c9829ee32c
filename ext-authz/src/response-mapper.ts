// Decision (plain) → CheckResponse (gRPC shape). No decisions here.
import { KEY_HEADERS } from './api-key.js';
import { keyQueryParameters, upstreamCredentials, type ProviderKeys } from './credentials.js';
import { decisionHeader, type Decision, type Denial } from './decision.js';
import { errorBody } from './error-body.js';
import { toStruct } from './struct.js';
import type { CheckResponse, HeaderValueOption, Struct } from './wire-types.js';

/** google.rpc.Code values; Envoy only tells OK from not OK, the rest is for logs. */
const RPC = { OK: 0, INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNAUTHENTICATED: 16 };

export function toCheckResponse(decision: Decision, providerKeys: ProviderKeys): CheckResponse {
  if (decision.denial && decision.enforced) return denied(decision, decision.denial);
  return allowed(decision, providerKeys);
}

function allowed(decision: Decision, providerKeys: ProviderKeys): CheckResponse {
  const value = decisionHeader(decision);
  const credentials = upstreamCredentials(decision.provider, providerKeys);
  const injected = new Set(credentials.map((c) => c.key));
  const upstream = [header('x-aegis-decision', value), header('x-aegis-request-id', decision.requestId), ...credentials.map((c) => header(c.key, c.value, c.ifAbsent))];
  if (decision.tenant) upstream.push(header('x-aegis-tenant', decision.tenant));
  return {
    status: { code: RPC.OK },
    ok_response: {
      headers: upstream,
      headers_to_remove: KEY_HEADERS.filter((name) => !injected.has(name)),
      response_headers_to_add: [header('x-aegis-decision', value)],
      query_parameters_to_remove: keyQueryParameters(decision.provider),
    },
    dynamic_metadata: metadata(decision),
  };
}

function denied(decision: Decision, denial: Denial): CheckResponse {
  return {
    status: { code: rpcCode(denial.status), message: denial.code },
    denied_response: {
      status: { code: denial.status },
      headers: [
        header('content-type', 'application/json'),
        header('x-aegis-request-id', decision.requestId),
        header('x-aegis-decision', 'deny'),
        ...(denial.headers ?? []).map((h) => header(h.key, h.value)),
      ],
      body: errorBody(decision.provider, denial, decision.requestId),
    },
    dynamic_metadata: metadata(decision),
  };
}

/** Overwrite, never append (the same with Envoy versions that know only the older `append` field); or add only if absent. */
function header(key: string, value: string, ifAbsent = false): HeaderValueOption {
  return { header: { key, value }, append_action: ifAbsent ? 'ADD_IF_ABSENT' : 'OVERWRITE_IF_EXISTS_OR_ADD' };
}

/** Dynamic metadata under envoy.filters.http.ext_authz, for access logs and later filters. */
function metadata(decision: Decision): Struct {
  return toStruct({
    decision_id: decision.requestId,
    decision: decisionHeader(decision),
    tenant: decision.tenant ?? '',
    rules: decision.rules.join(','),
  });
}

function rpcCode(status: number): number {
  if (status === 401) return RPC.UNAUTHENTICATED;
  if (status === 403) return RPC.PERMISSION_DENIED;
  if (status === 429) return RPC.RESOURCE_EXHAUSTED;
  if (status >= 500) return RPC.UNAVAILABLE;
  return RPC.INVALID_ARGUMENT;
}
