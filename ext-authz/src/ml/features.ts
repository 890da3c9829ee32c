// Hashed features of a prompt, the same in the trainer and in the service. From the
// detector's normalised views (ext-authz/src/injection/normalise.ts):
//   - character n-grams of the `words` view (letters, digits, Hangul; leetspeak folded)
//   - word unigrams and bigrams of the `words` view
//   - n-grams of the `text` view's shape (runs of letters → a, digits → 0, Hangul → 가,
//     the rest kept), which sees adversarial suffixes and template markup
// Each feature is hashed (FNV-1a, then a murmur3 finaliser) into 2^bits buckets with a
// sign; a feature is present or not (binary), and the vector is L2-normalised: every
// present bucket weighs ±1/√k for k buckets. Presence is tracked with generation stamps, so
// inference allocates nothing and never clears a table: one pass, linear in the text.

export interface FeatureSpec {
  readonly bits: number;
  readonly charMin: number;
  readonly charMax: number;
  readonly wordMax: number;
  readonly shapeMin: number;
  readonly shapeMax: number;
  /** Longer inputs keep their first and last maxChars / 2 characters. */
  readonly maxChars: number;
}

export interface FeatureViews {
  readonly words: string;
  readonly text: string;
}

export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_CHAR = 0x3c6ef372;
const SEED_WORD = 0x1b873593;
const SEED_SHAPE = 0x5bd1e995;

/** Per-bucket "seen in this text" stamps and the current text's sums. One per detector. */
export class FeatureScratch {
  readonly seen: Uint16Array;
  generation = 0;
  /** Inference: Σ sign·weight over present buckets, and how many there are. */
  sum = 0;
  count = 0;
  weights: Int8Array | Float32Array | undefined;
  /** Training: the present buckets and their signs. */
  record: { indices: number[]; signs: number[] } | undefined;

  constructor(bits: number) {
    this.seen = new Uint16Array(1 << bits);
  }

  start(weights: Int8Array | Float32Array | undefined, record: boolean): void {
    if (++this.generation === 0x10000) {
      this.seen.fill(0);
      this.generation = 1;
    }
    this.sum = 0;
    this.count = 0;
    this.weights = weights;
    this.record = record ? { indices: [], signs: [] } : undefined;
  }
}

/** The normalised feature vector (training, tests). */
export function featurize(v: FeatureViews, spec: FeatureSpec, scratch: FeatureScratch): SparseVector {
  scratch.start(undefined, true);
  accumulate(v, spec, scratch);
  const { indices, signs } = scratch.record!;
  const scale = indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0;
  return { indices: Int32Array.from(indices), values: Float32Array.from(signs, (s) => s * scale) };
}

/** The dot product of the normalised feature vector with `weights`, allocating nothing (inference). */
export function dotFeatures(v: FeatureViews, spec: FeatureSpec, scratch: FeatureScratch, weights: Int8Array | Float32Array): number {
  scratch.start(weights, false);
  accumulate(v, spec, scratch);
  return scratch.count > 0 ? scratch.sum / Math.sqrt(scratch.count) : 0;
}

/** Dot product of a sparse vector with dense weights. */
export function dot(x: SparseVector, weights: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.indices.length; i++) sum += x.values[i]! * weights[x.indices[i]!]!;
  return sum;
}

function accumulate(v: FeatureViews, spec: FeatureSpec, scratch: FeatureScratch): void {
  const mask = (1 << spec.bits) - 1;
  const words = clip(v.words, spec.maxChars);
  addCharNgrams(words, spec.charMin, spec.charMax, SEED_CHAR, mask, scratch);
  addWordNgrams(words, spec.wordMax, mask, scratch);
  if (spec.shapeMax > 0) addCharNgrams(shapeOf(clip(v.text, spec.maxChars)), spec.shapeMin, spec.shapeMax, SEED_SHAPE, mask, scratch);
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const half = max >> 1;
  return `${s.slice(0, half)} ${s.slice(s.length - half)}`;
}

function addCharNgrams(s: string, min: number, max: number, seed: number, mask: number, scratch: FeatureScratch): void {
  const n = s.length;
  for (let i = 0; i + min <= n; i++) {
    let h = (FNV_OFFSET ^ seed) | 0;
    const end = Math.min(n, i + max);
    for (let j = i; j < end; j++) {
      h = Math.imul(h ^ s.charCodeAt(j), FNV_PRIME);
      if (j - i + 1 >= min) add(scratch, fmix(h ^ (j - i + 1)), mask);
    }
  }
}

function addWordNgrams(s: string, max: number, mask: number, scratch: FeatureScratch): void {
  let prev = 0;
  let hasPrev = false;
  let h = FNV_OFFSET ^ SEED_WORD;
  let inWord = false;
  for (let j = 0; j <= s.length; j++) {
    const c = j < s.length ? s.charCodeAt(j) : 32;
    if (c !== 32) {
      h = Math.imul(h ^ c, FNV_PRIME);
      inWord = true;
      continue;
    }
    if (!inWord) continue;
    const word = fmix(h);
    add(scratch, word, mask);
    if (max >= 2 && hasPrev) add(scratch, fmix(Math.imul(prev, 0x2c1b3c6d) ^ word ^ SEED_WORD), mask);
    prev = word;
    hasPrev = true;
    h = FNV_OFFSET ^ SEED_WORD;
    inWord = false;
  }
}

function add(scratch: FeatureScratch, hash: number, mask: number): void {
  const index = hash & mask;
  if (scratch.seen[index] === scratch.generation) return;
  scratch.seen[index] = scratch.generation;
  scratch.count++;
  const sign = hash < 0 ? -1 : 1;
  if (scratch.weights) scratch.sum += sign * scratch.weights[index]!;
  else if (scratch.record) {
    scratch.record.indices.push(index);
    scratch.record.signs.push(sign);
  }
}

/** Runs of letters → a, of digits → 0, of Hangul → 가, of whitespace → space; everything else kept. */
export function shapeOf(text: string): string {
  if (shapeBuffer.length < text.length) shapeBuffer = new Uint16Array(text.length * 2);
  let n = 0;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c >= 0xac00 && c <= 0xd7a3 ? 0xac00 : c >= 0x30 && c <= 0x39 ? 0x30 : c === 32 || c === 10 || c === 9 || c === 13 ? 32 : isLetter(c) ? 0x61 : c;
    if (k === last && (k === 0xac00 || k === 0x30 || k === 32 || k === 0x61)) continue;
    shapeBuffer[n++] = k;
    last = k;
  }
  return UTF16.decode(shapeBuffer.subarray(0, n));
}

let shapeBuffer = new Uint16Array(4096);
const UTF16 = new TextDecoder('utf-16le');

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f) || (c >= 0x3040 && c <= 0x9fff);
}

/** murmur3's 32-bit finaliser: spreads FNV's low-bit weakness over all bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
