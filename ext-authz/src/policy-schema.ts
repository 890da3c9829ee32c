// JSON Schema of a policy document, checked by ajv at load (and on every reload).
import { TENANT_PATTERN } from './keys-file.js';
import { PROVIDERS } from './provider.js';

const strings = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, minItems: 1 };
const count = { type: 'integer', minimum: 0 };

const NAME = '^[a-z0-9][a-z0-9_-]{0,63}$';
const pattern = { type: 'string', minLength: 1, maxLength: 1000 };

const toolSettings = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowed: strings,
    arguments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'pattern'],
        properties: { name: { type: 'string', pattern: NAME }, tools: strings, argument: { type: 'string', minLength: 1, maxLength: 200 }, pattern },
      },
    },
  },
};

const tenantSettings = {
  type: 'object',
  additionalProperties: false,
  properties: {
    models: strings,
    banned_topics: { type: 'array', items: { type: 'string', pattern: NAME } },
    banned_keywords: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } },
    tools: toolSettings,
  },
};

const topic = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } },
    patterns: { type: 'array', items: pattern },
  },
};

const findingConditions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    detectors: strings,
    actions: { type: 'array', minItems: 1, items: { enum: ['block', 'redact', 'flag', 'log'] } },
    rules: strings,
    min_count: { type: 'integer', minimum: 1 },
  },
};

const conditions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tenants: strings,
    providers: { type: 'array', minItems: 1, items: { enum: [...PROVIDERS] } },
    methods: { type: 'array', minItems: 1, items: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] } },
    routes: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^/' } },
    models: strings,
    findings: findingConditions,
    max_tokens_over: count,
    messages_over: count,
    prompt_tokens_over: count,
    injection_score_over: { type: 'number', minimum: 0, maximum: 1 },
    tools: { type: 'boolean' },
    claims: { type: 'object', minProperties: 1, propertyNames: { minLength: 1, maxLength: 100 }, additionalProperties: strings },
    identities: { type: 'array', minItems: 1, items: { enum: ['api_key', 'jwt'] } },
  },
};

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'action'],
  properties: {
    name: { type: 'string', pattern: NAME },
    description: { type: 'string' },
    action: { enum: ['allow', 'deny', 'flag'] },
    mode: { enum: ['enforce', 'monitor'] },
    status: { type: 'integer', minimum: 400, maximum: 499 },
    message: { type: 'string', minLength: 1, maxLength: 200 },
    when: conditions,
  },
};

export const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    defaults: tenantSettings,
    tenants: {
      type: 'object',
      propertyNames: { pattern: TENANT_PATTERN },
      additionalProperties: tenantSettings,
    },
    topics: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: topic },
    rules: { type: 'array', items: rule },
  },
};
