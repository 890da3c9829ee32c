// The repository root for the harness, the bench and the scripts: the service's own
// lookup (nearest package.json above), so that there is one definition of it.
import { findRepoRoot } from '../../ext-authz/src/repo-root.js';

export const repoRoot = findRepoRoot();
