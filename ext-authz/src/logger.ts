// JSON logs on stdout through an asynchronous destination (no write blocks a Check), each
// line hash-chained (audit-chain.ts). Nothing here ever receives a key, a body or a matched value.
import { pino, type DestinationStream, type Logger } from 'pino';
import { createChainStream, newChainId } from './audit-chain.js';
import type { LogLevel } from './config.js';

export type { Logger };

export interface LoggerOptions {
  /** Cluster worker id (0: the primary, or no cluster); part of the chain id. */
  readonly worker?: number;
  /** Write each line before returning: for a last line before process.exit. */
  readonly sync?: boolean;
}

export function createLogger(level: LogLevel, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const sink = destination ?? pino.destination({ dest: 1, sync: options.sync ?? false });
  const stream = createChainStream(sink, newChainId(options.worker ?? 0));
  return pino(
    {
      level,
      base: { service: 'aegis-authz' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label: string) => ({ level: label }) },
    },
    stream,
  );
}

/** Resolves once every line written so far has left the process. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
