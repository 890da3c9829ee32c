// A tamper-evident log: every line pino writes gets four more fields before it leaves the
// process, `"chain"` (this process's chain id), `"seq"` (0, 1, 2, … in the chain), `"prev"` (the
// previous line's hash) and last `"hash"` = sha256 of the line's text up to and including
// `prev`. Changing, removing or reordering a line breaks the chain at that place; `aegis audit
// verify` finds it. Each process (each worker) keeps its own chain, so lines of several
// workers may interleave in one stream and still verify.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);
/** `,"hash":"<64 hex>"}` */
export const HASH_SUFFIX_LENGTH = ',"hash":""}'.length + 64;

export interface LineSink {
  write(text: string): unknown;
  flush?(cb?: (err?: Error | null) => void): unknown;
  flushSync?(): unknown;
}

export interface ChainStream {
  write(line: string): void;
  flush(cb?: (err?: Error | null) => void): void;
  flushSync(): void;
  readonly chainId: string;
}

/** `<worker>-<pid>-<start time in base 36>`: unique per process run. */
export function newChainId(worker: number): string {
  return `${worker}-${process.pid}-${Date.now().toString(36)}`;
}

export function createChainStream(sink: LineSink, chainId: string): ChainStream {
  let seq = 0;
  let prev = GENESIS;
  return {
    chainId,
    write(line) {
      const end = line.endsWith('\n') ? line.length - 1 : line.length;
      const body = line.slice(0, line.lastIndexOf('}', end));
      const content = `${body}${body === '{' ? '' : ','}"chain":"${chainId}","seq":${seq},"prev":"${prev}"`;
      const hash = sha256(content);
      sink.write(`${content},"hash":"${hash}"}\n`);
      seq += 1;
      prev = hash;
    },
    flush(cb) {
      if (sink.flush) sink.flush(cb);
      else cb?.();
    },
    flushSync() {
      sink.flushSync?.();
    },
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
