// Parses the filter's `x-aegis-findings` header (docs/architecture.md):
// `detector:rule_id:action:count` entries, comma-separated, at most 32.

export type FindingAction = 'block' | 'redact' | 'flag' | 'log';

export interface Finding {
  readonly detector: string;
  /** Full rule id, always `filter.`-prefixed, e.g. `filter.secret.aws_access_key`. */
  readonly rule: string;
  readonly action: FindingAction;
  readonly count: number;
}

export const MAX_FINDINGS = 32;
const ACTIONS = new Set<string>(['block', 'redact', 'flag', 'log']);
const DETECTOR = /^[a-z][a-z0-9_]{0,31}$/;
const RULE = /^[a-z0-9_.-]{1,96}$/;
const COUNT = /^[0-9]{1,9}$/;

/** The findings, [] when the header is absent or empty, undefined when it is malformed. */
export function parseFindings(header: string | undefined): Finding[] | undefined {
  if (header === undefined || header.trim() === '') return [];
  const parts = header.split(',');
  if (parts.length > MAX_FINDINGS) return undefined;
  const findings: Finding[] = [];
  for (const part of parts) {
    const finding = parseEntry(part.trim());
    if (!finding) return undefined;
    findings.push(finding);
  }
  return findings;
}

function parseEntry(entry: string): Finding | undefined {
  const fields = entry.split(':');
  if (fields.length !== 4) return undefined;
  const [detector = '', rule = '', action = '', count = ''] = fields;
  if (!DETECTOR.test(detector) || !RULE.test(rule)) return undefined;
  if (!ACTIONS.has(action) || !COUNT.test(count)) return undefined;
  return {
    detector,
    rule: rule.startsWith('filter.') ? rule : `filter.${rule}`,
    action: action as FindingAction,
    count: Number(count),
  };
}
