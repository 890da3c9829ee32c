// Checks a log written through audit-chain.ts: every line's hash, and every chain's links.
// Reports the first line (in file order) that was altered, or where lines went missing.
import { HASH_SUFFIX_LENGTH, sha256 } from './audit-chain.js';

export interface AuditProblem {
  /** 1-based line number of the file. */
  readonly line: number;
  readonly message: string;
}

export interface AuditReport {
  readonly lines: number;
  readonly chains: number;
  /** Sorted by line; empty when the log verifies. */
  readonly problems: readonly AuditProblem[];
  /** Not errors: chains that begin mid-way (log rotation, a file cut at the start). */
  readonly notes: readonly string[];
}

interface ChainState {
  seq: number;
  hash: string;
  line: number;
}

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export function verifyAuditLog(text: string): AuditReport {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const chains = new Map<string, ChainState>();
  const problems: AuditProblem[] = [];
  const notes: string[] = [];
  lines.forEach((raw, i) => checkLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, i + 1, chains, problems, notes));
  problems.sort((a, b) => a.line - b.line);
  return { lines: lines.length, chains: chains.size, problems, notes };
}

function checkLine(text: string, line: number, chains: Map<string, ChainState>, problems: AuditProblem[], notes: string[]): void {
  const hash = HASH_SUFFIX.exec(text)?.[1];
  if (!hash) return void problems.push({ line, message: 'no hash chain fields: not an aegis log line, or its end was altered' });
  const content = text.slice(0, text.length - HASH_SUFFIX_LENGTH);
  if (sha256(content) !== hash) problems.push({ line, message: 'altered: the hash does not match the line' });
  const fields = chainFields(content);
  if (!fields) return void problems.push({ line, message: 'altered: the chain fields do not parse' });
  link(fields, hash, line, chains, problems, notes); // with the hash the line claims, so later lines are judged on their own
}

function link(fields: { chain: string; seq: number; prev: string }, hash: string, line: number, chains: Map<string, ChainState>, problems: AuditProblem[], notes: string[]): void {
  const last = chains.get(fields.chain);
  chains.set(fields.chain, { seq: fields.seq, hash, line });
  if (!last) {
    if (fields.seq !== 0) notes.push(`chain ${fields.chain} starts at seq ${fields.seq} on line ${line} (its earlier lines are not in this file)`);
    return;
  }
  const name = `chain ${fields.chain}`;
  if (fields.seq <= last.seq) problems.push({ line, message: `out of order: ${name} seq ${fields.seq} after seq ${last.seq} (line ${last.line})` });
  else if (fields.seq > last.seq + 1) problems.push({ line, message: `${fields.seq - last.seq - 1} line(s) of ${name} missing before this line (seq ${last.seq} on line ${last.line}, then ${fields.seq})` });
  else if (fields.prev !== last.hash) problems.push({ line: last.line, message: `altered: line ${line}, next in ${name}, links to a different hash (the line was rewritten with a fresh hash)` });
}

/** The chain fields are the last ones of the line, so a parse of the whole line reads them. */
function chainFields(content: string): { chain: string; seq: number; prev: string } | undefined {
  try {
    const value = JSON.parse(`${content}}`) as Record<string, unknown>;
    const { chain, seq, prev } = value;
    if (typeof chain !== 'string' || typeof seq !== 'number' || typeof prev !== 'string') return undefined;
    return { chain, seq, prev };
  } catch {
    return undefined;
  }
}
