// A linear classifier over hashed features (features.ts), stored as one JSON file: the
// feature spec, the bias, int8-quantised weights in base64 with their scale and SHA-256,
// the decision threshold chosen on the validation split, and how it was trained. Loading
// checks every field and the digest, so a truncated or edited file fails start-up instead
// of scoring garbage. Inference is in-process and allocation-light.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dot, dotFeatures, FeatureScratch, type FeatureSpec, type FeatureViews, type SparseVector } from './features.js';

export const MODEL_FORMAT = 'aegis-linear-hashed/v1';
export const INJECTION_MODEL_FILE = 'injection-v1.json';

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly name: string;
  readonly features: FeatureSpec;
  readonly bias: number;
  readonly scale: number;
  /** 2^bits signed bytes, base64. weight = byte × scale. */
  readonly weights_int8: string;
  readonly weights_sha256: string;
  /** Probability at or above which the model says "attack" (chosen on the validation split). */
  readonly threshold: number;
  /** Free-form provenance: data, licences, split, hyperparameters, validation figures. */
  readonly training: Record<string, unknown>;
}

export interface LinearModel {
  readonly name: string;
  readonly spec: FeatureSpec;
  readonly threshold: number;
  readonly training: Readonly<Record<string, unknown>>;
  /** P(attack) for already-normalised views. */
  probability(v: FeatureViews): number;
  /** P(attack) for a feature vector made with this model's spec. */
  probabilityOf(x: SparseVector): number;
}

export class ModelError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'ModelError';
  }
}

export function loadModel(dir: string, file = INJECTION_MODEL_FILE): LinearModel {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ModelError(path, `cannot read the model file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelError(path, 'not valid JSON');
  }
  return parseModel(json, path);
}

export function parseModel(json: unknown, where = 'model'): LinearModel {
  const file = checkFile(json, where);
  const bytes = Buffer.from(file.weights_int8, 'base64');
  if (bytes.length !== 1 << file.features.bits) throw new ModelError(where, `weights_int8 holds ${bytes.length} weights, expected 2^${file.features.bits}`);
  if (sha256(bytes) !== file.weights_sha256) throw new ModelError(where, 'weights_sha256 does not match the weights');
  const signed = Int8Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  return createLinearModel(file.name, file.features, { weights: signed, scale: file.scale }, file.bias, file.threshold, file.training);
}

/** Weights as trained (Float32, scale 1) or as shipped (int8 × scale: a quarter of the memory, same order). */
export interface Weights {
  readonly weights: Float32Array | Int8Array;
  readonly scale: number;
}

export function createLinearModel(name: string, spec: FeatureSpec, w: Weights, bias: number, threshold: number, training: Record<string, unknown> = {}): LinearModel {
  const scratch = new FeatureScratch(spec.bits);
  const dense = w.weights instanceof Float32Array ? w.weights : Float32Array.from(w.weights, (q) => q * w.scale);
  return {
    name,
    spec,
    threshold,
    training,
    probabilityOf: (x) => sigmoid(bias + dot(x, dense)),
    probability: (v) => sigmoid(bias + w.scale * dotFeatures(v, spec, scratch, w.weights)),
  };
}

/** Quantises float weights to int8 and builds the file the service loads. */
export function toModelFile(name: string, spec: FeatureSpec, weights: Float32Array, bias: number, threshold: number, training: Record<string, unknown>): ModelFile {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(weights[i]! / scale)));
  const bytes = Buffer.from(q.buffer);
  return { format: MODEL_FORMAT, name, features: spec, bias, scale, weights_int8: bytes.toString('base64'), weights_sha256: sha256(bytes), threshold, training };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkFile(json: unknown, where: string): ModelFile {
  if (!isObject(json)) throw new ModelError(where, 'not a JSON object');
  if (json['format'] !== MODEL_FORMAT) throw new ModelError(where, `format must be "${MODEL_FORMAT}", got ${JSON.stringify(json['format'])}`);
  const f = json['features'];
  if (!isObject(f)) throw new ModelError(where, 'features must be an object');
  const spec: FeatureSpec = {
    bits: int(f['bits'], where, 'features.bits', 10, 24),
    charMin: int(f['charMin'], where, 'features.charMin', 1, 8),
    charMax: int(f['charMax'], where, 'features.charMax', 1, 8),
    wordMax: int(f['wordMax'], where, 'features.wordMax', 1, 2),
    shapeMin: int(f['shapeMin'], where, 'features.shapeMin', 0, 8),
    shapeMax: int(f['shapeMax'], where, 'features.shapeMax', 0, 8),
    maxChars: int(f['maxChars'], where, 'features.maxChars', 256, 1 << 20),
  };
  if (spec.charMin > spec.charMax) throw new ModelError(where, 'features.charMin must not exceed features.charMax');
  for (const key of ['bias', 'scale', 'threshold'] as const) {
    if (typeof json[key] !== 'number' || !Number.isFinite(json[key])) throw new ModelError(where, `${key} must be a finite number`);
  }
  const threshold = json['threshold'] as number;
  if (threshold <= 0 || threshold >= 1) throw new ModelError(where, 'threshold must be between 0 and 1');
  for (const key of ['name', 'weights_int8', 'weights_sha256'] as const) {
    if (typeof json[key] !== 'string' || json[key] === '') throw new ModelError(where, `${key} must be a non-empty string`);
  }
  const training = isObject(json['training']) ? json['training'] : {};
  return { ...(json as unknown as ModelFile), features: spec, training };
}

function int(value: unknown, where: string, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ModelError(where, `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
