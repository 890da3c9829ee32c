// The text of a request that the injection detector reads: what users, tools and
// documents put in front of the model. System and developer instructions are the
// application's own (they say "you are…", "never reveal…" by design) and are left out, as
// are earlier assistant turns (a model explaining prompt injection would otherwise flag
// every later turn); so are images, audio, ids and tool definitions. Tool and function
// results are kept whole: they are where indirect injection arrives. Messages are joined with line breaks,
// so an attack split across messages reads as one. Long prompts keep their head and
// their tail (the latest turns), MAX_SCAN_CHARS in all.

export const MAX_SCAN_CHARS = 64 * 1024;
const HEAD_CHARS = 16 * 1024;

type Json = Record<string, unknown>;

const SKIPPED_ROLES = new Set(['system', 'developer', 'assistant', 'model']);
/** Top-level keys that hold the application's own instructions. */
const SYSTEM_KEYS = new Set(['system', 'systemInstruction', 'system_instruction', 'instructions']);
/** Keys whose string values are text the model reads. */
const TEXT_KEYS = new Set(['content', 'text', 'prompt', 'input', 'query', 'question', 'output', 'result']);
/** Keys that never hold prompt text, even inside a tool result (ids, types, names). */
const SKIP_KEYS = new Set(['type', 'id', 'tool_use_id', 'tool_call_id', 'call_id', 'name', 'role', 'mime_type', 'mimeType', 'model', 'image_url', 'url', 'data', 'inline_data', 'inlineData', 'file_data', 'fileData']);
/** Keys under which every string is text the model reads (tool and function results). */
const RESULT_KEYS = new Set(['functionResponse', 'function_response', 'tool_result', 'response']);

/** The scannable text of a parsed request body ('' when there is none). */
export function injectionScanText(body: Json): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (SYSTEM_KEYS.has(key)) continue;
    collect(value, key, parts, false);
  }
  return clip(parts.join('\n'));
}

function collect(value: unknown, key: string, out: string[], everything: boolean): void {
  if (typeof value === 'string') {
    if (everything || TEXT_KEYS.has(key)) out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, key, out, everything);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Json;
  if (typeof obj['role'] === 'string' && SKIPPED_ROLES.has(obj['role'])) return;
  const all = everything || obj['type'] === 'tool_result' || obj['type'] === 'function_call_output';
  for (const [k, v] of Object.entries(obj)) if (!SKIP_KEYS.has(k)) collect(v, k, out, all || RESULT_KEYS.has(k));
}

function clip(text: string): string {
  if (text.length <= MAX_SCAN_CHARS) return text;
  return `${text.slice(0, HEAD_CHARS)}\n${text.slice(text.length - (MAX_SCAN_CHARS - HEAD_CHARS))}`;
}
