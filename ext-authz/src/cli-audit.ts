// `aegis audit verify FILE...`: checks the hash chains of decision logs (stdin with `-`).
import { readFileSync } from 'node:fs';
import { type Io, positional } from './cli-args.js';
import { verifyAuditLog } from './audit-verify.js';

const SHOWN = 10;

/** Exit 0 when every file verifies, 1 when one was altered, 2 on usage or an unreadable file. */
export function auditVerify(args: readonly string[], io: Io): number {
  const files = positional(args, []);
  if (files.length === 0) {
    io.err('usage: aegis audit verify <log file>... (- for stdin)');
    return 2;
  }
  let worst = 0;
  for (const file of files) worst = Math.max(worst, verifyFile(file, io));
  return worst;
}

function verifyFile(file: string, io: Io): number {
  let text: string;
  try {
    text = file === '-' ? io.stdin() : readFileSync(file, 'utf8');
  } catch (err) {
    io.err(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return 2;
  }
  const report = verifyAuditLog(text);
  for (const note of report.notes) io.out(`${file}: note: ${note}`);
  const first = report.problems[0];
  if (!first) {
    io.out(`${file}: ok, ${report.lines} lines in ${report.chains} chain(s)`);
    return 0;
  }
  io.err(`${file}:${first.line}: first problem: ${first.message}`);
  for (const p of report.problems.slice(1, SHOWN)) io.err(`${file}:${p.line}: ${p.message}`);
  if (report.problems.length > SHOWN) io.err(`${file}: … ${report.problems.length - SHOWN} more`);
  return 1;
}
