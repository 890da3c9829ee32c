// Request bodies the eval sends through the real code paths: an OpenAI chat completion
// with the text as user message(s), as an application would send it.

export const EVAL_MODEL = 'gpt-4o-mini';
const SYSTEM = 'You are a helpful assistant.';

/** The JSON body of a chat completion: a system message, then one user message per part. */
export function chatBody(userMessages: readonly string[]): string {
  return JSON.stringify({ model: EVAL_MODEL, messages: [{ role: 'system', content: SYSTEM }, ...userMessages.map((content) => ({ role: 'user', content }))] });
}

/** The same body with every character of the user messages written as a \uXXXX escape. */
export function escapedChatBody(userMessages: readonly string[]): string {
  const escape = (s: string): string => Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const messages = userMessages.map((m) => `{"role":"user","content":"${escape(m)}"}`).join(',');
  return `{"model":"${EVAL_MODEL}","messages":[{"role":"system","content":"${SYSTEM}"},${messages}]}`;
}
