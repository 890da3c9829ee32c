// Trains the prompt-injection classifier the service ships (ext-authz/models/injection-v1.json):
// logistic regression over hashed n-grams of the detector's normalised text, on the
// training split of the rows whose licence is Apache-2.0 or MIT; hyperparameters and the
// decision threshold are chosen on the validation split of the same rows. The test split
// is never read.
//
//   npx tsx scripts/train-injection.ts [--out ext-authz/models] [--quick]
//
// Data: AEGIS_DATASETS (default ../shared/datasets). Deterministic: same data, same file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { views } from '../ext-authz/src/injection/normalise.js';
import { featurize, FeatureScratch, type FeatureSpec, type SparseVector } from '../ext-authz/src/ml/features.js';
import { createLinearModel, INJECTION_MODEL_FILE, toModelFile } from '../ext-authz/src/ml/linear-model.js';
import { trainLogistic, type Example, type TrainOptions } from '../ext-authz/src/ml/train-logistic.js';
import { benignInstructions } from '../ext-authz/src/ml/benign-instructions.js';
import { findRepoRoot } from '../ext-authz/src/repo-root.js';
import { datasetsDir, DatasetMissingError, isTrainable, readInjectionRows, type InjectionRow } from '../eval/src/datasets.js';
import { bestThreshold, type ThresholdChoice } from '../eval/src/metrics.js';

/** The validation false-positive rate the threshold may not exceed. */
const MAX_VAL_FPR = 0.01;
const SEED = 20240611;
const SYNTHETIC_BENIGN = 1500;
/**
 * BIPIA's attacks are whole documents (tables, e-mails, code) with one injected sentence;
 * a bag of n-grams over the document learns the documents, not the sentence (validation
 * FPR 60% on BIPIA's benign documents). The heuristics' indirect-injection signals cover
 * that class instead.
 */
const EXCLUDED_SOURCES: ReadonlySet<string> = new Set(['bipia']);
/** Sources whose size would drown the rest: their rows count this much. */
const DAMPED_SOURCES: Readonly<Record<string, number>> = { ko_chatbot_benign: 0.3 };

interface Candidate {
  readonly spec: FeatureSpec;
  readonly train: Omit<TrainOptions, 'bits' | 'seed'>;
}

/**
 * The feature spec is fixed for the latency budget (0.5 ms p99 on a 4 KB prompt): character
 * 3-4-grams and shape 3-grams, two hashes a character. On the validation split this did as
 * well as 2-4-grams and within 0.006 F1 of 3-5-grams, at two thirds of their cost. The
 * candidates differ in training only.
 */
const SPEC: FeatureSpec = { bits: 18, charMin: 3, charMax: 4, wordMax: 2, shapeMin: 3, shapeMax: 3, maxChars: 8192 };
const CANDIDATES: readonly Candidate[] = [
  { spec: SPEC, train: { epochs: 8, learningRate: 0.2, l2: 1e-6 } },
  { spec: SPEC, train: { epochs: 12, learningRate: 0.1, l2: 1e-6 } },
  { spec: SPEC, train: { epochs: 8, learningRate: 0.2, l2: 1e-5 } },
];

function main(argv: readonly string[]): void {
  const out = argValue(argv, '--out') ?? join(findRepoRoot(), 'ext-authz', 'models');
  const quick = argv.includes('--quick');
  const rows = loadRows();
  const train = [...rows.filter((r) => r.split === 'train' && isTrainable(r) && !EXCLUDED_SOURCES.has(r.source)), ...syntheticBenign()];
  const val = rows.filter((r) => r.split === 'val' && isTrainable(r) && !EXCLUDED_SOURCES.has(r.source));
  log(`training rows: ${train.length} (attacks ${count(train, 1)}), validation rows: ${val.length} (attacks ${count(val, 1)}), licences ${[...new Set(train.map((r) => r.license))].join(', ')}`);
  let best: { candidate: Candidate; choice: ThresholdChoice; weights: Float32Array; bias: number } | undefined;
  for (const candidate of quick ? CANDIDATES.slice(0, 1) : CANDIDATES) {
    const started = Date.now();
    const { weights, bias, choice } = fit(candidate, train, val);
    log(`${describe(candidate)}: val F1 ${choice.f1.toFixed(4)} P ${choice.precision.toFixed(4)} R ${choice.recall.toFixed(4)} FPR ${choice.fpr.toFixed(4)} at p >= ${choice.threshold.toFixed(4)} (${Date.now() - started} ms)`);
    if (!best || choice.f1 > best.choice.f1) best = { candidate, choice, weights, bias };
  }
  if (!best) throw new Error('no candidate trained');
  const file = toModelFile('injection-v1', best.candidate.spec, best.weights, best.bias, best.choice.threshold, provenance(best.candidate, best.choice, train, val));
  mkdirSync(out, { recursive: true });
  const path = join(out, INJECTION_MODEL_FILE);
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  log(`wrote ${path} (${describe(best.candidate)}, threshold ${best.choice.threshold.toFixed(4)})`);
}

/** The project's own template-generated benign instructions (ext-authz/src/ml/benign-instructions.ts). */
function syntheticBenign(): InjectionRow[] {
  return benignInstructions(SYNTHETIC_BENIGN, SEED).map((text, i) => ({
    id: `aegis-benign-${i}`, text, label: 0, lang: 'en', source: 'aegis_benign_instructions', category: 'benign', license: 'Apache-2.0', split: 'train',
  }));
}

function loadRows(): InjectionRow[] {
  try {
    return readInjectionRows(datasetsDir());
  } catch (err) {
    if (!(err instanceof DatasetMissingError)) throw err;
    process.stderr.write(`train-injection: ${err.message}\n`);
    process.exit(2);
  }
}

function fit(candidate: Candidate, train: readonly InjectionRow[], val: readonly InjectionRow[]) {
  const scratch = new FeatureScratch(candidate.spec.bits);
  const vector = (r: InjectionRow): SparseVector => featurize(views(r.text), candidate.spec, scratch);
  const weights = exampleWeights(train);
  const examples: Example[] = train.map((r, i) => ({ x: vector(r), y: r.label, weight: weights[i]! }));
  const trained = trainLogistic(examples, { ...candidate.train, bits: candidate.spec.bits, seed: SEED });
  const model = createLinearModel('candidate', candidate.spec, { weights: trained.weights, scale: 1 }, trained.bias, 0.5);
  const scores = val.map((r) => model.probabilityOf(vector(r)));
  const choice = thresholdPerLanguage(scores, val);
  return { ...trained, choice };
}

/**
 * The best-F1 threshold whose validation FPR stays within MAX_VAL_FPR for each language
 * apart: Korean chat is 85% of the benign validation rows and would otherwise let the
 * English false-positive rate run high.
 */
function thresholdPerLanguage(scores: readonly number[], val: readonly InjectionRow[]): ThresholdChoice {
  const langs = [...new Set(val.map((r) => r.lang))];
  const floor = Math.max(...langs.map((lang) => {
    const idx = val.map((r, i) => (r.lang === lang ? i : -1)).filter((i) => i >= 0);
    return lowestThresholdWithin(idx.map((i) => scores[i]!), idx.map((i) => val[i]!.label), MAX_VAL_FPR);
  }));
  const allowed = scores.map((s) => (s >= floor ? s : 0));
  return bestThreshold(allowed, val.map((r) => r.label), 1);
}

/** The lowest threshold whose FPR on these rows is at most maxFpr. */
function lowestThresholdWithin(scores: readonly number[], labels: readonly (0 | 1)[], maxFpr: number): number {
  const negatives = scores.filter((_, i) => labels[i] === 0).sort((a, b) => b - a);
  const allowedFp = Math.floor(maxFpr * negatives.length);
  const kth = negatives[allowedFp];
  return kth === undefined ? 0 : kth + 1e-9;
}

/**
 * Loss weights. Within a source that has both classes, the classes weigh the same (so
 * the source's own context, e.g. BIPIA's tables and e-mails, cancels out and the model
 * learns the injected instruction, not the document). A source of one language and class
 * that outnumbers the rest (11k casual Korean utterances) is damped. Then the two classes
 * weigh the same overall. Mean weight 1.
 */
function exampleWeights(rows: readonly InjectionRow[]): number[] {
  const bySource = new Map<string, [number, number]>();
  for (const r of rows) {
    const c = bySource.get(r.source) ?? [0, 0];
    c[r.label]++;
    bySource.set(r.source, c);
  }
  const within = rows.map((r) => {
    const [n0, n1] = bySource.get(r.source)!;
    const mixed = n0 > 0 && n1 > 0 ? (n0 + n1) / (2 * (r.label === 1 ? n1 : n0)) : 1;
    return mixed * (DAMPED_SOURCES[r.source] ?? 1);
  });
  const total: [number, number] = [0, 0];
  rows.forEach((r, i) => (total[r.label] += within[i]!));
  return rows.map((r, i) => (within[i]! * rows.length) / (2 * total[r.label]));
}

function provenance(candidate: Candidate, choice: ThresholdChoice, train: readonly InjectionRow[], val: readonly InjectionRow[]): Record<string, unknown> {
  const bySource = (rows: readonly InjectionRow[]) => Object.fromEntries([...new Set(rows.map((r) => r.source))].sort().map((s) => [s, rows.filter((r) => r.source === s).length]));
  return {
    trainer: 'scripts/train-injection.ts',
    data: 'injection/prompts.jsonl (see NOTICE)',
    excluded_sources: [...EXCLUDED_SOURCES],
    licenses: [...new Set(train.map((r) => r.license))].sort(),
    split: { train: train.length, val: val.length, test: 'not read' },
    sources: bySource(train),
    algorithm: 'logistic regression, AdaGrad SGD; classes balanced within each source and overall; ko_chatbot_benign damped to 0.3',
    hyperparameters: { ...candidate.train, seed: SEED },
    threshold_rule: `max F1 on the validation split with FPR <= ${MAX_VAL_FPR} in each language`,
    validation: { f1: round(choice.f1), precision: round(choice.precision), recall: round(choice.recall), fpr: round(choice.fpr) },
    validation_sources: bySource(val),
  };
}

function describe(c: Candidate): string {
  const s = c.spec;
  return `bits ${s.bits}, chars ${s.charMin}-${s.charMax}, words 1-${s.wordMax}, shape ${s.shapeMin}-${s.shapeMax}, epochs ${c.train.epochs}, lr ${c.train.learningRate}, l2 ${c.train.l2}`;
}

function count(rows: readonly InjectionRow[], label: 0 | 1): number {
  return rows.filter((r) => r.label === label).length;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function log(message: string): void {
  process.stderr.write(`train-injection: ${message}\n`);
}

main(process.argv.slice(2));
