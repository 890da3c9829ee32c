// `npm run eval` (npx tsx eval/src/main.ts [--quick] [--no-filter]): runs the detectors in
// their real code paths over labelled data and publishes the figures:
//   - prompt injection through the service's decision core (decide()) with heuristics, the
//     ML model, and both; and through the built filter in the Node proxy-wasm host
//   - the public test split, the project's Korean set and English hard negatives
//   - the evasion suite, PII spans and secret examples through the filter, 4 KB latency
// Writes bench/results/detection.json (a list of rows) and docs/detection.md.
// Data: AEGIS_DATASETS (default ../shared/datasets); without it, only the project's own
// sets run and nothing is written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInjectionDetector, type InjectionDetector } from '../../ext-authz/src/injection/detector.js';
import { INJECTION_MODEL_FILE, loadModel, type LinearModel } from '../../ext-authz/src/ml/linear-model.js';
import { findRepoRoot } from '../../ext-authz/src/repo-root.js';
import { datasetsDir, DatasetMissingError, readInjectionRows, type InjectionRow } from './datasets.js';
import { englishHardNegatives, evasionSeeds, koreanSet } from './eval-data.js';
import { runEvasion, type EvasionRow } from './evasion-suite.js';
import { filterInjectionRunner, loadFilter, type FilterLoad } from './filter-runner.js';
import { gptfuzzSeeds } from './gptfuzz.js';
import { datasetItems, ownItems, runInjection } from './injection-suite.js';
import { fourKbPrompts, latencyRows } from './latency.js';
import { koFinanceTexts, newPiiTally, piiRows, presidioTexts, rrnTexts, scoreText, type PiiText, type PiiType } from './pii-suite.js';
import { printSummary, renderMarkdown, toJsonRows, type EvalReport } from './report.js';
import { unavailableRow, type ResultRow } from './rows.js';
import { runSecrets, secretExamples, type SecretsResult } from './secrets-suite.js';
import { serviceRunner, type Runner } from './service-runner.js';

interface Options {
  readonly quick: boolean;
  readonly filter: boolean;
  readonly write: boolean;
}

export interface Detectors {
  readonly heuristics: InjectionDetector;
  readonly model: LinearModel | undefined;
  readonly ml: InjectionDetector | undefined;
  readonly combined: InjectionDetector | undefined;
  readonly modelNote: string;
}

const ROOT = findRepoRoot();
const JSON_OUT = join(ROOT, 'bench', 'results', 'detection.json');
const MD_OUT = join(ROOT, 'docs', 'detection.md');
const RRN_SEED = 8207;

async function main(argv: readonly string[]): Promise<void> {
  const opts: Options = { quick: argv.includes('--quick'), filter: !argv.includes('--no-filter'), write: !argv.includes('--no-write') };
  const dir = datasetsDir();
  const rows = loadPublic(dir);
  const detectors = loadDetectors();
  const filter: FilterLoad = opts.filter ? await loadFilter() : { ok: false, reason: 'filter not run (--no-filter)' };
  if (!filter.ok) log(filter.reason);
  const runners = injectionRunners(detectors, filter);
  const report: EvalReport = {
    generatedAt: new Date().toISOString(),
    quick: opts.quick,
    modelNote: detectors.modelNote,
    filterNote: filter.ok ? `build/aegis_filter.wasm in the Node proxy-wasm host (wasm-filter/host/)` : filter.reason,
    publicData: rows !== undefined,
    rows: [],
    evasion: [],
    secrets: undefined,
  };
  report.rows.push(...injectionSuites(rows, runners, opts));
  report.evasion.push(...evasionSuites(dir, rows !== undefined, runners, opts));
  if (rows) report.rows.push(...filterSuites(dir, filter, opts, report));
  report.rows.push(...latencyRows(fourKbPrompts(latencyTexts(rows), 40), opts.quick ? 300 : 3000, detectors));
  printSummary(report);
  if (rows && opts.write) writeOutputs(report);
  else log(rows ? 'not written (--no-write)' : `public datasets not found under ${dir}: ran the project's own sets only; bench/results/detection.json and docs/detection.md were not written`);
}

function loadPublic(dir: string): InjectionRow[] | undefined {
  try {
    return readInjectionRows(dir);
  } catch (err) {
    if (!(err instanceof DatasetMissingError)) throw err;
    log(err.message);
    return undefined;
  }
}

function loadDetectors(): Detectors {
  const modelDir = process.env['ML_MODEL_DIR']?.trim() || join(ROOT, 'ext-authz', 'models');
  const heuristics = createInjectionDetector();
  try {
    const model = loadModel(modelDir);
    const validation = (model.training['validation'] ?? {}) as Record<string, unknown>;
    const note = `${model.name} from ${join(modelDir, INJECTION_MODEL_FILE)}: threshold ${model.threshold.toFixed(4)}, validation F1 ${String(validation['f1'] ?? '?')}`;
    return { heuristics, model, ml: createInjectionDetector({ model, heuristics: false }), combined: createInjectionDetector({ model }), modelNote: note };
  } catch (err) {
    const note = `no ML model: ${(err as Error).message} (train one with npm run train)`;
    log(note);
    return { heuristics, model: undefined, ml: undefined, combined: undefined, modelNote: note };
  }
}

function injectionRunners(d: Detectors, filter: FilterLoad): Runner[] {
  const runners = [serviceRunner('authz.injection.heuristics', d.heuristics)];
  if (d.ml) runners.push(serviceRunner('authz.injection.ml', d.ml));
  if (d.combined) runners.push(serviceRunner('authz.injection', d.combined));
  if (filter.ok) runners.push(filterInjectionRunner(filter.host));
  return runners;
}

function injectionSuites(rows: readonly InjectionRow[] | undefined, runners: readonly Runner[], opts: Options): ResultRow[] {
  const out: ResultRow[] = [];
  if (rows) {
    const test = rows.filter((r) => r.split === 'test');
    out.push(...runInjection(datasetItems(opts.quick ? sample(test, 6) : test), runners));
    log(`injection: ${test.length} test-split prompts`);
  }
  out.push(...runInjection(ownItems('ko-injection', 'ko', koreanSet()), runners));
  out.push(...runInjection(ownItems('hard-negatives-en', 'en', englishHardNegatives()), runners));
  return out;
}

function evasionSuites(dir: string, havePublic: boolean, runners: readonly Runner[], opts: Options): EvasionRow[] {
  const out = runEvasion(evasionSeeds(), 'aegis-seeds', runners);
  if (havePublic) {
    const templates = gptfuzzSeeds(dir);
    out.push(...runEvasion(opts.quick ? templates.slice(0, 15) : templates, 'gptfuzz-templates', runners));
  }
  return out;
}

function filterSuites(dir: string, filter: FilterLoad, opts: Options, report: EvalReport): ResultRow[] {
  const PII: readonly PiiType[] = ['card', 'phone', 'email', 'iban', 'us_ssn'];
  if (!filter.ok) {
    const datasets: Array<[string, string, string]> = [['filter.pii', 'presidio-synth', 'en'], ['filter.pii', 'ko-finance-translated', 'ko'], ['filter.pii.kr_rrn', 'kr-rrn-generated', 'ko'], ['filter.secret', 'noseyparker-examples', 'en']];
    return datasets.map(([d, ds, lang]) => unavailableRow(d, ds, lang, filter.reason));
  }
  const host = filter.host;
  const out: ResultRow[] = [];
  const limit = <T>(items: T[]): T[] => (opts.quick ? items.slice(0, 300) : items);
  out.push(...piiSet(host, 'presidio-synth', 'en', limit(presidioTexts(dir)), PII));
  out.push(...piiSet(host, 'ko-finance-translated', 'ko', limit(koFinanceTexts(dir)), PII));
  out.push(...rrnSet(host, opts.quick ? 100 : 400));
  const secrets: SecretsResult = runSecrets(host, secretExamples(dir));
  report.secrets = secrets;
  out.push(...secrets.rows);
  return out;
}

function piiSet(host: Parameters<typeof scoreText>[0], dataset: string, lang: string, texts: readonly PiiText[], types: readonly PiiType[]): ResultRow[] {
  const tally = newPiiTally();
  for (const t of texts) scoreText(host, t, tally);
  log(`pii: ${texts.length} ${dataset} texts`);
  return piiRows(dataset, lang, tally, types);
}

function rrnSet(host: Parameters<typeof scoreText>[0], count: number): ResultRow[] {
  const { positives, negatives } = rrnTexts(count, RRN_SEED);
  const tally = newPiiTally();
  for (const t of positives) scoreText(host, t, tally);
  const spanRows = piiRows('kr-rrn-generated', 'ko', tally, ['kr_rrn']);
  const negTally = newPiiTally();
  for (const text of negatives) scoreText(host, { text, spans: [] }, negTally);
  const fp = negTally.confusion.get('kr_rrn')?.fp ?? 0;
  const neg = { ...unavailableRow('filter.pii.kr_rrn', 'kr-rrn-generated-invalid', 'ko', 'item-level: RRN look-alikes with an impossible date (month 13-19 or day 32-39); any [KR_RRN] redaction is a false positive'), n: negatives.length, negatives: negatives.length, fp, tn: negatives.length - fp, fpr: negatives.length ? fp / negatives.length : null };
  return [...spanRows, neg];
}

function latencyTexts(rows: readonly InjectionRow[] | undefined): string[] {
  const own = [...koreanSet(), ...englishHardNegatives()].map((r) => r.text);
  return rows ? rows.filter((r) => r.split === 'val').map((r) => r.text) : own;
}

/** Every k-th row: a deterministic subsample for --quick. */
function sample<T>(items: readonly T[], k: number): T[] {
  return items.filter((_, i) => i % k === 0);
}

function writeOutputs(report: EvalReport): void {
  mkdirSync(dirname(JSON_OUT), { recursive: true });
  writeFileSync(JSON_OUT, `${JSON.stringify(toJsonRows(report), null, 1)}\n`);
  writeFileSync(MD_OUT, renderMarkdown(report));
  log(`wrote ${JSON_OUT} and ${MD_OUT}`);
}

function log(message: string): void {
  process.stderr.write(`eval: ${message}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`eval: failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
