// The repository root, found by walking up to package.json, so that modules work the same
// from their TypeScript sources and from the compiled copies under dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'aegis') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Aegis repository root above ${start}`);
    dir = parent;
  }
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
