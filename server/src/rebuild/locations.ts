import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheRoot } from '../user-cache';
import { IN_CONTAINER_SCRIPT } from './container-args';

/** Where `apkharden rebuild` puts a package's variants unless `--out` says otherwise. */
export function defaultOutDir(pkgname: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'rebuild', pkgname);
}

/** Caches shared by every rebuild, so a second rebuild fetches nothing. */
export function sharedCaches(env: NodeJS.ProcessEnv = process.env): {
  distfiles: string;
  apkCache: string;
} {
  const root = cacheRoot(env);
  return { distfiles: join(root, 'distfiles'), apkCache: join(root, 'apk-cache') };
}

/**
 * The folder of abuild-in-container.sh. The bundle runs from server/out (data is ../data);
 * the sources, under vitest, from server/src/rebuild (data is ../../data).
 */
export function scriptDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [resolve(here, '..', 'data'), resolve(here, '..', '..', 'data')];
  const found = candidates.find((dir) => existsSync(join(dir, IN_CONTAINER_SCRIPT)));
  if (found === undefined)
    throw new Error(
      `${IN_CONTAINER_SCRIPT} is missing: looked in ${candidates.join(' and ')} (a broken install?)`,
    );
  return found;
}
