import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/** Top-level entries of the repository that packaging never reads. */
const NOT_PACKAGED = new Set([
  '.git',
  'node_modules',
  'test',
  'test-artifacts',
  'bench',
  '.tsbuild',
  'corpus',
]);

/**
 * Runs the project's own `npm run package` in a staging copy of the repository under `dir` and
 * returns the .vsix it made. The copy keeps the production build (minified bundles) away from
 * the repository's server/out, which other tests run at the same time.
 */
export async function packageExtension(repoRoot: string, dir: string): Promise<string> {
  const stage = join(dir, 'stage');
  mkdirSync(stage, { recursive: true });
  for (const entry of readdirSync(repoRoot)) {
    if (NOT_PACKAGED.has(entry) || entry.endsWith('.vsix')) continue;
    cpSync(join(repoRoot, entry), join(stage, entry), {
      recursive: true,
      filter: (source) => !/[/\\](out|node_modules)$/.test(source),
    });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const run = await execa('npm', ['run', 'package'], { cwd: stage, reject: false, all: true });
  const vsix = readdirSync(stage).find((entry) => entry.endsWith('.vsix'));
  if (run.exitCode !== 0 || vsix === undefined)
    throw new Error(`npm run package failed (exit ${run.exitCode}):\n${run.all}`);
  return join(stage, vsix);
}
