// What policy rules look at in a request body: models, max tokens, messages, tools, prompt size.
import type { CheckInput } from './check-input.js';
import { AUTHZ_ERRORS, type CatalogEntry } from './errors.js';
import { estimateTokens } from './token-estimate.js';

export interface RequestFeatures {
  /** Every model the request names (path and body), deduplicated. */
  readonly models: readonly string[];
  readonly maxTokens: number | undefined;
  readonly messageCount: number;
  readonly toolsRequested: boolean;
  /** undefined unless asked for (it walks the whole prompt). */
  readonly promptTokens: number | undefined;
  /** The parsed body ({} when it is not JSON), parsed once for every detector. */
  readonly body: Readonly<Json>;
}

export type FeaturesResult = { readonly ok: true; readonly features: RequestFeatures } | { readonly ok: false; readonly error: CatalogEntry };

type Json = Record<string, unknown>;

const INFERENCE_PATH = /\/(?:chat\/completions|completions|embeddings|responses|messages|complete)$/;
const GOOGLE_MODEL = /^\/v1(?:beta\d*|alpha\d*)?\/models\/([^/:]+):/;
const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)\//;
const TEXT_KEYS = new Set(['content', 'text', 'prompt', 'input', 'system', 'instructions']);

export function readFeatures(input: CheckInput, withPromptTokens: boolean): FeaturesResult {
  const body = parseBody(input);
  if (!body.ok) return body;
  const json = body.json;
  const models = modelsOf(input.path, json);
  if (models.length === 0 && input.method === 'POST' && INFERENCE_PATH.test(input.path)) {
    return { ok: false, error: AUTHZ_ERRORS.modelMissing };
  }
  const features: RequestFeatures = {
    models,
    maxTokens: maxTokensOf(json),
    messageCount: messageCountOf(json),
    toolsRequested: nonEmptyArray(json['tools']) || nonEmptyArray(json['functions']),
    promptTokens: withPromptTokens ? promptTokensOf(json) : undefined,
    body: json,
  };
  return { ok: true, features };
}

/** JSON when the body looks like or claims to be JSON; {} otherwise (multipart, empty). */
function parseBody(input: CheckInput): { ok: true; json: Json } | { ok: false; error: CatalogEntry } {
  if (input.body.length === 0) return { ok: true, json: {} };
  const claimsJson = (input.headers['content-type'] ?? '').includes('json');
  const text = input.body.toString('utf8');
  if (!claimsJson && !/^\s*[{[]/.test(text)) return { ok: true, json: {} };
  if (input.bodyPartial) return { ok: false, error: AUTHZ_ERRORS.bodyPartial };
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, json: isObject(value) ? value : {} };
  } catch {
    return { ok: false, error: AUTHZ_ERRORS.invalidJson };
  }
}

export function modelsOf(path: string, json: Json): string[] {
  const fromPath = GOOGLE_MODEL.exec(path)?.[1] ?? AZURE_DEPLOYMENT.exec(path)?.[1];
  const fromBody = typeof json['model'] === 'string' ? json['model'].replace(/^models\//, '') : undefined;
  const models = [fromPath, fromBody].filter((m): m is string => typeof m === 'string' && m.length > 0);
  return [...new Set(models.map((m) => safeDecode(m).slice(0, 200)))];
}

function maxTokensOf(json: Json): number | undefined {
  const generation = json['generationConfig'] ?? json['generation_config'];
  const candidates = [json['max_tokens'], json['max_completion_tokens'], json['max_output_tokens']];
  if (isObject(generation)) candidates.push(generation['maxOutputTokens'], generation['max_output_tokens']);
  return candidates.find((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function messageCountOf(json: Json): number {
  for (const key of ['messages', 'contents', 'input']) {
    const value = json[key];
    if (Array.isArray(value)) return value.length;
  }
  return typeof json['prompt'] === 'string' || typeof json['input'] === 'string' ? 1 : 0;
}

/** Sums the estimate over the string leaves under prompt-bearing keys (not images, not roles). */
export function promptTokensOf(value: unknown, key = ''): number {
  if (typeof value === 'string') return TEXT_KEYS.has(key) ? estimateTokens(value) : 0;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + promptTokensOf(item, key), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [k, v] of Object.entries(value)) sum += promptTokensOf(v, k);
  return sum;
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
