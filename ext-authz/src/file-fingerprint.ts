// A cheap change detector for hot reload: names, sizes and mtimes of the watched files.
// Polling stat() follows the symlink swaps Kubernetes uses for ConfigMap and Secret mounts.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function fingerprint(path: string): string {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return `${path}:${stat.size}:${stat.mtimeMs}`;
    return readdirSync(path)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => fingerprint(join(path, name)))
      .join('|');
  } catch {
    return `${path}:missing`;
  }
}
