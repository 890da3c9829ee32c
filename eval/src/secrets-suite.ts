// Secrets through the filter: every Nosey Parker rule example (positive: a credential of
// a known format; negative: a look-alike the rule must not match) as a prompt. Caught means
// the filter refused it with a filter.secret.* code or forwarded it with a secret finding.
import { datasetFile, readJsonl } from './datasets.js';
import type { FilterHost } from './filter-runner.js';
import { chatBody } from './request.js';
import { Tally, type ResultRow } from './rows.js';

export interface SecretExample {
  readonly text: string;
  readonly label: 0 | 1;
  readonly rule_id: string;
  readonly rule_name: string;
  readonly categories: readonly string[];
}

export interface SecretsResult {
  readonly rows: ResultRow[];
  /** Rule names with at least one missed positive, most misses first. */
  readonly missed: ReadonlyArray<{ readonly rule: string; readonly missed: number; readonly of: number }>;
  /** Rule names with a flagged negative. */
  readonly falseAlarms: ReadonlyArray<{ readonly rule: string; readonly count: number }>;
}

export function secretExamples(dir: string): SecretExample[] {
  return readJsonl<SecretExample>(datasetFile(dir, 'secrets/noseyparker_rule_examples.jsonl'));
}

export function runSecrets(host: FilterHost, examples: readonly SecretExample[]): SecretsResult {
  const tally = new Tally();
  const perRule = new Map<string, { missed: number; of: number; alarms: number }>();
  for (const ex of examples) {
    const r = host.exchange(chatBody([ex.text]));
    const caught = (r.code ?? '').startsWith('filter.secret.') || /(?:^|,)secret:/.test(r.findings ?? '');
    tally.add('filter.secret', 'noseyparker-examples', 'en', ex.label === 1, caught, r.ms);
    const s = perRule.get(ex.rule_name) ?? { missed: 0, of: 0, alarms: 0 };
    if (ex.label === 1) {
      s.of++;
      if (!caught) s.missed++;
    } else if (caught) s.alarms++;
    perRule.set(ex.rule_name, s);
  }
  const missed = [...perRule].filter(([, s]) => s.missed > 0).map(([rule, s]) => ({ rule, missed: s.missed, of: s.of })).sort((a, b) => b.missed - a.missed || a.rule.localeCompare(b.rule));
  const falseAlarms = [...perRule].filter(([, s]) => s.alarms > 0).map(([rule, s]) => ({ rule, count: s.alarms }));
  return { rows: tally.rows('item-level: one Nosey Parker rule example per prompt'), missed, falseAlarms };
}
