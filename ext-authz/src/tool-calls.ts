// Tools a request offers the model and function calls already in its conversation, read from
// the OpenAI (chat and responses), Anthropic and Google request shapes.
import type { Json } from './prompt-text.js';

export interface ToolCall {
  readonly name: string;
  /** The call's arguments: an object, or the raw string when it is not JSON. */
  readonly args: unknown;
}

export interface ToolUse {
  /** Names the request offers (function tools, built-in tools by their type) or forces by tool_choice. */
  readonly offered: readonly string[];
  /** Function calls present in the conversation history. */
  readonly calls: readonly ToolCall[];
}

export function readToolUse(body: Json): ToolUse {
  const offered: string[] = [];
  for (const tool of arrayOf(body['tools'])) offered.push(...toolNames(tool));
  for (const fn of arrayOf(body['functions'])) pushName(offered, objectOf(fn)?.['name']);
  offered.push(...forcedNames(body));
  const calls: ToolCall[] = [];
  for (const message of [...arrayOf(body['messages']), ...arrayOf(body['input'])]) collectCalls(objectOf(message), calls);
  for (const content of arrayOf(body['contents'])) {
    for (const part of arrayOf(objectOf(content)?.['parts'])) pushCall(calls, objectOf(objectOf(part)?.['functionCall']), 'args');
  }
  return { offered, calls };
}

/** OpenAI `{type: function, function: {name}}` or `{type: function, name}`, Anthropic `{name}`, Google `{functionDeclarations: [...]}`. */
function toolNames(raw: unknown): string[] {
  const tool = objectOf(raw);
  if (!tool) return [];
  const names: string[] = [];
  const declarations = [...arrayOf(tool['functionDeclarations']), ...arrayOf(tool['function_declarations'])];
  if (declarations.length > 0) {
    for (const d of declarations) pushName(names, objectOf(d)?.['name']);
    return names;
  }
  const named = objectOf(tool['function'])?.['name'] ?? tool['name'];
  if (typeof named === 'string') return [named];
  if (typeof tool['type'] === 'string') return [tool['type']];
  return Object.keys(tool).slice(0, 4); // Google built-ins: {googleSearch: {}}, {codeExecution: {}}
}

function forcedNames(body: Json): string[] {
  const names: string[] = [];
  const choice = objectOf(body['tool_choice']);
  if (choice) pushName(names, objectOf(choice['function'])?.['name'] ?? choice['name']);
  const fnCall = objectOf(body['function_call']);
  if (fnCall) pushName(names, fnCall['name']);
  const google = objectOf(objectOf(objectOf(body['toolConfig'] ?? body['tool_config'])?.['functionCallingConfig']));
  for (const name of arrayOf(google?.['allowedFunctionNames'])) pushName(names, name);
  return names;
}

/** OpenAI chat `tool_calls` / `function_call`, responses `function_call` items, Anthropic `tool_use` blocks. */
function collectCalls(message: Json | undefined, calls: ToolCall[]): void {
  if (!message) return;
  for (const call of arrayOf(message['tool_calls'])) pushCall(calls, objectOf(objectOf(call)?.['function']), 'arguments');
  pushCall(calls, objectOf(message['function_call']), 'arguments');
  if (message['type'] === 'function_call') pushCall(calls, message, 'arguments');
  for (const block of arrayOf(message['content'])) {
    const b = objectOf(block);
    if (b?.['type'] === 'tool_use') pushCall(calls, b, 'input');
  }
}

function pushCall(calls: ToolCall[], call: Json | undefined, argsKey: string): void {
  const name = call?.['name'];
  if (typeof name !== 'string') return;
  calls.push({ name, args: parseArgs(call?.[argsKey]) });
}

function parseArgs(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function pushName(names: string[], name: unknown): void {
  if (typeof name === 'string' && name.length > 0) names.push(name);
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
