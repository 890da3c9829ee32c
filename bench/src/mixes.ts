// The request mixes: OpenAI chat-completion bodies of a set size, built by code from a
// seeded generator so every run (and every machine) sends the same bytes. Each mix has a
// few variants that the load generators rotate through.
//
//   npx tsx bench/src/mixes.ts [outDir]     writes every mix as JSON files, for curl
//                                           (default: $TMPDIR/aegis-mixes)
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishSentences, koreanQuestions, koreanSentences, systemPrompts, userQuestions } from './corpus.js';

export const mixNames = ['200b', '4k', '64k', 'ko', 'sse'] as const;
export type MixName = (typeof mixNames)[number];

export interface Mix {
  name: MixName;
  description: string;
  /** Target size of each body in bytes (UTF-8). */
  targetBytes: number;
  /** True when the request asks for a streamed (SSE) answer. */
  stream: boolean;
  /** The request bodies, JSON text; load generators rotate through them. */
  bodies: string[];
}

interface MixSpec {
  description: string;
  targetBytes: number;
  stream: boolean;
  language: 'en' | 'ko';
  /** Conversation turns before the last user message (system prompt included). */
  history: 'none' | 'system' | 'chat';
}

const specs: Record<MixName, MixSpec> = {
  '200b': { description: 'small chat: one short user question', targetBytes: 200, stream: false, language: 'en', history: 'none' },
  '4k': { description: 'typical: system prompt, a short exchange, a pasted document of about 4 KB', targetBytes: 4096, stream: false, language: 'en', history: 'chat' },
  '64k': { description: 'large: a long document (64 KB) with a question', targetBytes: 65536, stream: false, language: 'en', history: 'system' },
  ko: { description: 'Korean text, about 4 KB (three bytes a syllable)', targetBytes: 4096, stream: false, language: 'ko', history: 'chat' },
  sse: { description: 'streaming: about 1 KB asking for a streamed answer (SSE, ~130 events)', targetBytes: 1024, stream: true, language: 'en', history: 'system' },
};

export const DEFAULT_VARIANTS = 8;
export const MODEL = 'gpt-4o-mini';

/** mulberry32: a small, fast, seeded generator; the same seed gives the same bytes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Text of at least `bytes` UTF-8 bytes, sentences picked at random, joined by spaces. */
function prose(random: () => number, language: 'en' | 'ko', bytes: number): string {
  const sentences = language === 'ko' ? koreanSentences : englishSentences;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const s = pick(random, sentences);
    parts.push(s);
    size += Buffer.byteLength(s) + 1;
  }
  return parts.join(' ');
}

/** Cuts (never inside a character) or pads `text` with full stops to exactly `bytes`. */
export function fitToBytes(text: string, bytes: number): string {
  const points = [...text];
  let size = Buffer.byteLength(text);
  while (size > bytes && points.length > 0) size -= Buffer.byteLength(points.pop() as string);
  return points.join('') + '.'.repeat(bytes - size);
}

function history(random: () => number, spec: MixSpec): { role: string; content: string }[] {
  if (spec.history === 'none') return [];
  const system = { role: 'system', content: pick(random, systemPrompts) };
  if (spec.history === 'system') return [system];
  const question = spec.language === 'ko' ? pick(random, koreanQuestions) : pick(random, userQuestions);
  return [system, { role: 'user', content: question }, { role: 'assistant', content: spec.language === 'ko' ? '네, 문서를 보내 주세요.' : 'Sure, please share the document.' }];
}

function body(spec: MixSpec, turns: { role: string; content: string }[], last: string): string {
  const request: Record<string, unknown> = { model: MODEL, messages: [...turns, { role: 'user', content: last }], temperature: 0.2 };
  if (spec.stream) request.stream = true;
  return JSON.stringify(request);
}

/** One body of the mix: the last user message is sized so the whole body hits the target. */
function variant(name: MixName, index: number): string {
  return bodyFor(specs[name], `${name}:${index}`);
}

/** A chat body of exactly `bytes`, in English or Korean, for micro benchmarks. */
export function sizedChatBody(language: 'en' | 'ko', bytes: number, index = 0): string {
  return bodyFor({ description: '', targetBytes: bytes, stream: false, language, history: 'system' }, `sized:${language}:${bytes}:${index}`);
}

function bodyFor(spec: MixSpec, seed: string): string {
  const random = seededRandom(hash(seed));
  const turns = history(random, spec);
  const overhead = Buffer.byteLength(body(spec, turns, ''));
  const budget = Math.max(16, spec.targetBytes - overhead);
  return body(spec, turns, fitToBytes(prose(random, spec.language, budget), budget));
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function buildMix(name: MixName, variants = DEFAULT_VARIANTS): Mix {
  const spec = specs[name];
  const bodies = Array.from({ length: variants }, (_, i) => variant(name, i));
  return { name, description: spec.description, targetBytes: spec.targetBytes, stream: spec.stream, bodies };
}

export function isMixName(name: string): name is MixName {
  return (mixNames as readonly string[]).includes(name);
}

/** Writes each variant as `<mix>-<n>.json` in `dir`; returns the paths. */
export function writeMixes(dir: string, mixes: Mix[]): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const mix of mixes) {
    mix.bodies.forEach((text, i) => {
      const path = join(dir, `${mix.name}-${i}.json`);
      writeFileSync(path, text);
      paths.push(path);
    });
  }
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(tmpdir(), 'aegis-mixes');
  const paths = writeMixes(dir, mixNames.map((n) => buildMix(n)));
  process.stdout.write(`${paths.length} request bodies written to ${dir}\n`);
}
