// Logistic regression by stochastic gradient descent with AdaGrad step sizes and L2
// regularisation applied to the coordinates each example touches. Deterministic for a
// given seed. Used by scripts/train-injection.ts; kept here, next to the features and the
// model file, so the trainer and the service cannot drift apart.
import type { SparseVector } from './features.js';
import { sigmoid } from './linear-model.js';

export interface TrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export interface Example {
  readonly x: SparseVector;
  readonly y: 0 | 1;
  /** Loss weight (class balancing). */
  readonly weight: number;
}

export interface TrainedWeights {
  readonly weights: Float32Array;
  readonly bias: number;
}

export function trainLogistic(examples: readonly Example[], opts: TrainOptions): TrainedWeights {
  const size = 1 << opts.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const order = examples.map((_, i) => i);
  const random = mulberry32(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, y, weight } = examples[i]!;
      let z = bias;
      for (let k = 0; k < x.indices.length; k++) z += w[x.indices[k]!]! * x.values[k]!;
      const err = (sigmoid(z) - y) * weight;
      for (let k = 0; k < x.indices.length; k++) {
        const j = x.indices[k]!;
        const grad = err * x.values[k]! + opts.l2 * w[j]!;
        g2[j] = g2[j]! + grad * grad;
        w[j] = w[j]! - (opts.learningRate * grad) / Math.sqrt(g2[j]!);
      }
      biasG2 += err * err;
      bias -= (opts.learningRate * err) / Math.sqrt(biasG2);
    }
  }
  return { weights: w, bias };
}

/** Weights that make both classes count the same in the loss. */
export function balancedWeights(labels: readonly (0 | 1)[]): [number, number] {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [1, 1];
  return [labels.length / (2 * negatives), labels.length / (2 * positives)];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
