// In cluster mode every worker writes its log to a pipe read by the primary, which writes
// whole lines, one writer, to its own stdout: lines of several workers never interleave
// mid-line, so each worker's hash chain stays verifiable in the merged stream.
import type { Readable } from 'node:stream';

export interface LineWriter {
  write(chunk: Buffer | string): unknown;
}

export function relayLines(from: Readable, to: LineWriter): void {
  let rest: Buffer | undefined;
  from.on('data', (chunk: Buffer) => {
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    const end = data.lastIndexOf(10);
    if (end === -1) {
      rest = data;
      return;
    }
    to.write(data.subarray(0, end + 1));
    rest = end + 1 < data.length ? data.subarray(end + 1) : undefined;
  });
  from.on('end', () => {
    if (rest) to.write(Buffer.concat([rest, Buffer.from('\n')]));
    rest = undefined;
  });
}
