// What the mock answers. The mock is the oracle of redaction in tests: it echoes what
// actually left the gateway, so the reply is built from the request it received.

export interface ReplyOverride {
  text: string;
  chunkSize?: number;
}

/** Text of one message's `content`: a string, or an array of content parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
        return (part as { text: string }).text;
      }
      return '';
    })
    .join('');
}

/** The last user message of an OpenAI / Anthropic style `messages` array. */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m && m.role === 'user') return contentText(m.content);
  }
  return '';
}

/**
 * The reply a test asked for with `x-mock-reply` (base64 of UTF-8 text) and
 * `x-mock-chunk-size`. Only the mock honours these; they let a test make the model emit
 * secrets or PII that the request never contained.
 */
export function replyOverride(headers: Record<string, string | string[] | undefined>): ReplyOverride | undefined {
  const raw = headers['x-mock-reply'];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const text = Buffer.from(raw, 'base64').toString('utf8');
  const size = Number(headers['x-mock-chunk-size']);
  return Number.isInteger(size) && size > 0 ? { text, chunkSize: size } : { text };
}

/** The echo text and its chunking: the override when a test set one, else `fallback`. */
export function replyFor(headers: Record<string, string | string[] | undefined>, fallback: string, defaultChunk = 8): { text: string; chunks: string[] } {
  const override = replyOverride(headers);
  const text = override?.text ?? fallback;
  return { text, chunks: splitIntoChunks(text, override?.chunkSize ?? defaultChunk) };
}

/** Rough token count used for `usage`: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil([...text].length / 4));
}

/**
 * Splits text into chunks of about `size` code points, never inside a surrogate pair,
 * so every chunk is valid UTF-8 on its own, as a real provider's deltas are.
 */
export function splitIntoChunks(text: string, size: number): string[] {
  const points = [...text];
  if (points.length === 0) return [''];
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''));
  return chunks;
}

let sequence = 0;
/** A unique id with the provider's prefix (`chatcmpl-`, `msg_`, `resp_`). */
export function mockId(prefix: string): string {
  sequence += 1;
  return `${prefix}mock${Date.now().toString(36)}${sequence}`;
}
