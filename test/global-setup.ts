import { execFileSync } from 'node:child_process';
import { bundlesAreFresh } from './helpers/bundles';
import { repoRoot } from './helpers/paths';

/** Runs once before all test files: the CLI and LSP tests drive the built bundles. */
export default function setup(): void {
  if (bundlesAreFresh()) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}
