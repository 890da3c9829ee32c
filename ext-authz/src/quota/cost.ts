// What a request may cost in tokens, reserved before it is admitted: the prompt estimate
// plus the most the model may answer (max_tokens, max_completion_tokens, max_output_tokens,
// generationConfig.maxOutputTokens), or RATE_LIMIT_DEFAULT_MAX_TOKENS when the request sets
// no limit. Embeddings answer no tokens. The usage report replaces the estimate later.
import { promptTokensOf, type RequestFeatures } from '../request-features.js';
import { MAX_TOKENS } from './types.js';

const EMBEDDINGS = /(?:\/embeddings|:embedContent|:batchEmbedContents)$/;

export function estimateCost(features: RequestFeatures | undefined, path: string, defaultMaxTokens: number): number {
  if (!features || features.models.length === 0) return 0;
  const prompt = features.promptTokens ?? promptTokensOf(features.body);
  const answer = EMBEDDINGS.test(path) ? 0 : (features.maxTokens ?? defaultMaxTokens);
  return Math.min(MAX_TOKENS, wholeTokens(prompt) + wholeTokens(answer));
}

function wholeTokens(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_TOKENS, Math.ceil(n)) : 0;
}
