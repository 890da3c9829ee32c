// Detection metrics: a confusion matrix and what follows from it, latency percentiles, and
// the threshold choice the trainer makes on the validation split. Conventions for empty
// denominators: precision is 1 when nothing was flagged (no false alarm was raised), recall
// is undefined without positives (null in the results), FPR is undefined without negatives.

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface Rates {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly fpr: number | null;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, tn: 0, fn: 0 };
}

export function record(c: Confusion, actual: boolean, predicted: boolean): void {
  if (actual) predicted ? c.tp++ : c.fn++;
  else predicted ? c.fp++ : c.tn++;
}

export function rates(c: Confusion): Rates {
  const positives = c.tp + c.fn;
  const negatives = c.fp + c.tn;
  const precision = c.tp + c.fp === 0 ? (positives === 0 ? null : 1) : c.tp / (c.tp + c.fp);
  const recall = positives === 0 ? null : c.tp / positives;
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const fpr = negatives === 0 ? null : c.fp / negatives;
  return { n: positives + negatives, positives, negatives, precision, recall, f1, fpr };
}

export function merge(...cs: readonly Confusion[]): Confusion {
  const out = emptyConfusion();
  for (const c of cs) {
    out.tp += c.tp;
    out.fp += c.fp;
    out.tn += c.tn;
    out.fn += c.fn;
  }
  return out;
}

/** The p-th percentile (0-100) by nearest rank; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface ThresholdChoice {
  readonly threshold: number;
  readonly f1: number;
  readonly precision: number;
  readonly recall: number;
  readonly fpr: number;
}

/**
 * The score threshold (predict positive when score >= threshold) with the best F1 among
 * those whose false-positive rate is at most maxFpr. Ties go to the higher threshold.
 */
export function bestThreshold(scores: readonly number[], labels: readonly (0 | 1)[], maxFpr: number): ThresholdChoice {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  let tp = 0;
  let fp = 0;
  let best: ThresholdChoice = { threshold: 1, f1: 0, precision: 1, recall: 0, fpr: 0 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const fpr = negatives === 0 ? 0 : fp / negatives;
    if (fpr > maxFpr) break;
    const precision = tp / (tp + fp);
    const recall = positives === 0 ? 0 : tp / positives;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { threshold: scores[i]!, f1, precision, recall, fpr };
  }
  return best;
}
