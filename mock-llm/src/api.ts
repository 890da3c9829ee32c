// One API call as a handler of the mock sees it, after routing, the credential check and
// JSON parsing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockProvider } from './respond.js';

export type Json = Record<string, unknown>;

export interface ApiCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly provider: MockProvider;
  /** The request body: always a JSON object by the time a handler runs. */
  readonly body: Json;
  /** Captures of the route's path pattern (Azure deployment, Google model and method). */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
}

export type ApiHandler = (call: ApiCall) => void;

/** A validation failure: the message of a 400 in the provider's shape. */
export type Invalid = string;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
