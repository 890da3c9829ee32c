// Prompt-injection detection on labelled prompts: the public test split (per source and
// per language), the project's Korean set and English hard negatives, each through every
// runner (the service's decision core with each detector variant, and the filter).
import type { InjectionRow } from './datasets.js';
import type { LabelledText } from './eval-data.js';
import { chatBody } from './request.js';
import { Tally, type ResultRow } from './rows.js';
import type { Runner } from './service-runner.js';

export interface EvalItem {
  readonly body: string;
  readonly label: 0 | 1;
  /** (dataset, lang) groups the item counts in. */
  readonly groups: ReadonlyArray<readonly [string, string]>;
}

export function datasetItems(rows: readonly InjectionRow[]): EvalItem[] {
  return rows.map((r) => ({
    body: chatBody([r.text]),
    label: r.label,
    groups: [
      ['prompts-test', r.lang],
      ['prompts-test', 'all'],
      [`prompts-test/${r.source}`, r.lang],
    ],
  }));
}

export function ownItems(dataset: string, lang: string, rows: readonly LabelledText[]): EvalItem[] {
  return rows.map((r) => {
    const groups: Array<readonly [string, string]> = [[dataset, lang], [`${dataset}/${r.category}`, lang]];
    if (r.split) groups.push([`${dataset}/${r.split}`, lang]);
    return { body: chatBody([r.text]), label: r.label, groups };
  });
}

export function runInjection(items: readonly EvalItem[], runners: readonly Runner[]): ResultRow[] {
  const tally = new Tally();
  for (const runner of runners) {
    for (const item of items) {
      const v = runner.run(item.body);
      for (const [dataset, lang] of item.groups) tally.add(runner.name, dataset, lang, item.label === 1, v.detected, v.ms);
    }
  }
  return tally.rows();
}
