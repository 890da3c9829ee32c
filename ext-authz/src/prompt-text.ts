// The prompt text of a request body, for detectors that read text: every string under a
// prompt-bearing key (`content`, `text`, `prompt`, `input`, `system`, `instructions`) of the
// OpenAI, Anthropic and Google request shapes, joined by newlines. Roles, model names, tool
// schemas and images are not prompt text. Bounded in depth and size.

export type Json = Readonly<Record<string, unknown>>;

export const PROMPT_KEYS: ReadonlySet<string> = new Set(['content', 'text', 'prompt', 'input', 'system', 'instructions']);
/** Provider request schemas put text a few levels deep; nothing legitimate nests deeper. */
const MAX_DEPTH = 32;
/** More than the 4 MiB body limit can hold in characters of prompt. */
const MAX_CHARS = 4 * 1024 * 1024;

export function promptText(body: Json): string {
  const parts: string[] = [];
  const budget = { left: MAX_CHARS };
  collect(body, '', 0, parts, budget);
  return parts.join('\n');
}

function collect(value: unknown, key: string, depth: number, out: string[], budget: { left: number }): void {
  if (budget.left <= 0 || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (!PROMPT_KEYS.has(key) || value.length === 0) return;
    const text = value.length > budget.left ? value.slice(0, budget.left) : value;
    budget.left -= text.length;
    out.push(text);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, key, depth + 1, out, budget);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const k in value) collect((value as Json)[k], k, depth + 1, out, budget);
}
