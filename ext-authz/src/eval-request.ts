// Offline evaluation input (`aegis eval`, `aegis policy test`): a request written by hand,
// or a CheckRequest as Envoy sends it (the test fixtures' format, with `attributes`).
import type { CheckInput, FilterMode } from './check-input.js';
import { decisionHeader, type Decision } from './decision.js';
import { reasonsOf } from './decision-log.js';
import { parseFindings } from './findings.js';
import type { IdentityKind, IdentityResult } from './identity.js';
import { TENANT_PATTERN } from './keys-file.js';
import { detectProvider, PROVIDERS, type Provider } from './provider.js';
import { toCheckInput } from './request-mapper.js';
import type { CheckRequest } from './wire-types.js';

export interface RequestDocument {
  /** Evaluate as this tenant, without a credential; absent: authenticate from the headers. */
  tenant?: string;
  identity?: IdentityKind;
  claims?: Record<string, unknown>;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** JSON (an object or array), or the raw body as a string. */
  body?: unknown;
  /** The filter's `x-aegis-findings` header, e.g. `pii:pii.email:redact:1`. */
  findings?: string;
  /** The filter's mode; `none`: the request did not pass the filter. Default enforce. */
  filter?: FilterMode | 'none';
  provider?: Provider;
  /** A CheckRequest's attributes: the other fields (but tenant, identity, claims) are then ignored. */
  attributes?: Record<string, unknown>;
}

export const REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', pattern: TENANT_PATTERN },
    identity: { enum: ['api_key', 'jwt'] },
    claims: { type: 'object' },
    method: { type: 'string', minLength: 1 },
    path: { type: 'string', pattern: '^/' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    body: { anyOf: [{ type: 'object' }, { type: 'array' }, { type: 'string' }] },
    findings: { type: 'string' },
    filter: { enum: ['enforce', 'monitor', 'none'] },
    provider: { enum: [...PROVIDERS] },
    attributes: { type: 'object' },
    _curl: { type: 'string' },
    _note: { type: 'string' },
  },
};

export interface EvalRequest {
  readonly input: CheckInput;
  /** undefined: authenticate from the headers against the key store. */
  readonly identity: IdentityResult | undefined;
}

/** undefined when a CheckRequest has no HTTP method or path (the service denies it 400). */
export function toEvalRequest(doc: RequestDocument, requestId = 'eval'): EvalRequest | undefined {
  const input = doc.attributes ? fromCheckRequest(doc.attributes) : fromDocument(doc, requestId);
  if (!input) return undefined;
  return { input, identity: doc.tenant === undefined ? undefined : { ok: true, identity: { kind: doc.identity ?? 'api_key', tenant: doc.tenant, principal: 'eval', claims: doc.claims ?? {} } } };
}

function fromCheckRequest(attributes: Record<string, unknown>): CheckInput | undefined {
  const mapped = toCheckInput({ attributes } as CheckRequest);
  return mapped.ok ? mapped.input : undefined;
}

function fromDocument(doc: RequestDocument, requestId: string): CheckInput {
  const path = doc.path ?? '/v1/chat/completions';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.headers ?? {})) headers[k.toLowerCase()] = v;
  if (doc.body !== undefined && typeof doc.body !== 'string') headers['content-type'] ??= 'application/json';
  return {
    requestId,
    method: (doc.method ?? 'POST').toUpperCase(),
    path,
    host: headers['host'] ?? 'localhost',
    headers,
    body: Buffer.from(doc.body === undefined ? '' : typeof doc.body === 'string' ? doc.body : JSON.stringify(doc.body)),
    bodyPartial: false,
    provider: doc.provider ?? detectProvider(path, {}),
    filterMode: doc.filter === 'none' ? undefined : (doc.filter ?? 'enforce'),
    findings: parseFindings(doc.findings),
  };
}

/** What `aegis eval` prints and `aegis policy test` compares. */
export interface DecisionSummary {
  readonly decision: string;
  readonly status: number;
  readonly code: string | null;
  readonly message: string | null;
  readonly rules: readonly string[];
  readonly monitored: readonly string[];
  /** Rule id → why it fired. */
  readonly reasons: Readonly<Record<string, string>>;
  readonly tenant: string | null;
  readonly identity: string | null;
  readonly models: readonly string[];
  readonly findings: readonly string[];
}

export function summarize(decision: Decision, ruleReasons: ReadonlyMap<string, string> = new Map()): DecisionSummary {
  return {
    decision: decisionHeader(decision),
    status: decision.denial && decision.enforced ? decision.denial.status : 200,
    code: decision.denial?.code ?? null,
    message: decision.denial?.message ?? null,
    rules: decision.rules,
    monitored: decision.monitored,
    reasons: reasonsOf(decision, ruleReasons),
    tenant: decision.tenant ?? null,
    identity: decision.identity ?? null,
    models: decision.models,
    findings: decision.findings.map((f) => `${f.detector}:${f.rule}:${f.action}:${f.count}`),
  };
}
