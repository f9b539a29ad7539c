import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const serverBundle = join(repoRoot, 'server/out/server.js');
export const cliBundle = join(repoRoot, 'server/out/cli.js');

/** Newest modification time among the files the bundles are built from. */
function newestSourceTime(): number {
  const sources = [join(repoRoot, 'scripts/build.mjs'), join(repoRoot, 'package-lock.json')];
  const src = join(repoRoot, 'server/src');
  for (const entry of readdirSync(src, { recursive: true, encoding: 'utf8' }))
    sources.push(join(src, entry));
  return Math.max(...sources.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

/** The CLI and server bundles exist and are newer than every source they are built from. */
export function bundlesAreFresh(): boolean {
  const newest = newestSourceTime();
  return [cliBundle, serverBundle].every((f) => existsSync(f) && statSync(f).mtimeMs >= newest);
}
