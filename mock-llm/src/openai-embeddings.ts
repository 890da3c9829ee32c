// OpenAI embeddings (`POST /v1/embeddings`, also on Azure deployments): a deterministic
// vector per input, as floats or, when asked (the OpenAI SDK asks by default), base64 of
// little-endian float32.
import type { ApiCall } from './api.js';
import { estimateTokens } from './reply.js';
import { sendJson, sendProviderError } from './respond.js';

const DIMENSIONS = 8;

function inputsOf(input: unknown): string[] | undefined {
  if (typeof input === 'string' && input !== '') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === 'string')) return input as string[];
  return undefined;
}

/** A vector derived from the text, so the same text always embeds the same. */
function vectorOf(text: string): number[] {
  const out = new Array<number>(DIMENSIONS).fill(0);
  for (let i = 0; i < text.length; i++) out[i % DIMENSIONS]! += (text.charCodeAt(i) % 97) / 97;
  const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
  return out.map((v) => Math.fround(v / norm));
}

function encode(vector: number[], format: unknown): number[] | string {
  if (format !== 'base64') return vector;
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

export function handleEmbeddings(call: ApiCall, model?: string): void {
  const name = model ?? call.body.model;
  if (typeof name !== 'string' || name === '') return sendProviderError(call.res, call.provider, 400, "'model' is required");
  const inputs = inputsOf(call.body.input);
  if (!inputs) return sendProviderError(call.res, call.provider, 400, "'input' must be a non-empty string or array of strings");
  const format = call.body.encoding_format;
  if (format !== undefined && format !== 'float' && format !== 'base64') {
    return sendProviderError(call.res, call.provider, 400, "'encoding_format' must be float or base64");
  }
  const tokens = inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
  sendJson(call.res, 200, {
    object: 'list',
    model: name,
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: encode(vectorOf(text), format) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
