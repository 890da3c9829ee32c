// Shared set-up for end-to-end tests: a whole stack per test file, torn down always, and
// its logs printed when a test fails.
import { randomBytes } from 'node:crypto';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack/stack.js';

export interface TapLike {
  teardown(fn: () => unknown): void;
  passing(): boolean;
  comment(...args: unknown[]): void;
}

export function newDemoKey(): string {
  return `aegis-test-${randomBytes(12).toString('hex')}`;
}

export async function withStack(t: TapLike, options: Partial<StackOptions> = {}): Promise<Stack & { key: string }> {
  const key = options.demoKey ?? newDemoKey();
  const stack = await startStack({ ...options, demoKey: key });
  t.teardown(async () => {
    if (!t.passing()) t.comment(stack.logs().slice(-12_000));
    await stack.stop();
  });
  return Object.assign(stack, { key });
}

export interface ChatOptions {
  key?: string | undefined;
  model?: string;
  content?: unknown;
  stream?: boolean;
  headers?: Record<string, string>;
  body?: string;
}

export async function chat(stack: Stack & { key: string }, o: ChatOptions = {}): Promise<Response> {
  const key = 'key' in o ? o.key : stack.key;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const body =
    o.body ??
    JSON.stringify({ model: o.model ?? 'gpt-4o-mini', messages: [{ role: 'user', content: o.content ?? 'Hello there' }], ...(o.stream ? { stream: true } : {}) });
  return fetch(`${stack.url}/v1/chat/completions`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
}

export interface OpenAiError {
  error: { message: string; type: string; code: string; request_id?: string };
}
