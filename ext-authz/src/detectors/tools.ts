// Tool and function-call checks: names outside a tenant's allowlist, and argument values of
// calls in the conversation that match a tenant's (RE2, linear-time) patterns.
import type { Finding } from '../findings.js';
import type { Matcher } from '../glob.js';
import type { Json } from '../prompt-text.js';
import type { SafeRegExp } from '../safe-regex.js';
import { readToolUse, type ToolCall } from '../tool-calls.js';

export interface ArgumentCheck {
  /** `authz.tool_args.<name>`. */
  readonly rule: string;
  readonly tools: Matcher | undefined;
  readonly argument: string | undefined;
  readonly pattern: SafeRegExp;
}

export interface ToolChecker {
  check(body: Json): Finding[];
}

export const TOOL_NOT_ALLOWED = 'authz.tool.not_allowed';
/** Argument values nest a few levels at most; deeper ones are not read. */
const MAX_DEPTH = 16;

export function compileToolChecker(allowed: Matcher | undefined, argumentChecks: readonly ArgumentCheck[]): ToolChecker | undefined {
  if (!allowed && argumentChecks.length === 0) return undefined;
  return {
    check(body) {
      const use = readToolUse(body);
      const findings: Finding[] = [];
      if (allowed) {
        const refused = new Set([...use.offered, ...use.calls.map((c) => c.name)].filter((name) => !allowed(name)));
        if (refused.size > 0) findings.push({ detector: 'tool', rule: TOOL_NOT_ALLOWED, action: 'flag', count: refused.size });
      }
      for (const check of argumentChecks) {
        const count = use.calls.filter((call) => argumentsMatch(check, call)).length;
        if (count > 0) findings.push({ detector: 'tool', rule: check.rule, action: 'flag', count });
      }
      return findings;
    },
  };
}

function argumentsMatch(check: ArgumentCheck, call: ToolCall): boolean {
  if (check.tools && !check.tools(call.name)) return false;
  const args = call.args;
  if (check.argument === undefined) return anyString(args, 0, (s) => check.pattern.test(s));
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  return anyString((args as Json)[check.argument], 0, (s) => check.pattern.test(s));
}

/** Strings, numbers and booleans of a JSON value, depth-first; true at the first that passes. */
function anyString(value: unknown, depth: number, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (typeof value === 'number' || typeof value === 'boolean') return test(String(value));
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => anyString(item, depth + 1, test));
}
