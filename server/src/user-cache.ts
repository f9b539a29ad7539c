/**
 * The user's own cache folder, `${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening`, as the
 * XDG base directory specification places caches. A folder in it is used only once checked to
 * be private: a shared temporary folder would let another user plant a symbolic link where a
 * cache file is about to be written, or a cache of their making where one is read.
 */
import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomicallyInBackground, type WriteResult } from './atomic-write';
import { readInputFile, type InputFileRead } from './input-file';

/** `${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening`: index caches and rebuild outputs. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'apkbuild-hardening');
}

export type CacheFolder = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Why the folder at `path` cannot hold a cache of user `uid`, or null when it can: it must be a
 * folder (not a symbolic link to one) owned by the user; with `strict`, one that nobody else
 * may write in either. Without a uid (Windows) there are no owners or modes to check.
 */
function folderProblem(
  path: string,
  stat: Stats,
  uid: number | undefined,
  strict: boolean,
): string | null {
  if (stat.isSymbolicLink()) return `${path}: is a symbolic link, not a folder`;
  if (!stat.isDirectory()) return `${path}: is not a folder`;
  if (uid === undefined) return null;
  if (stat.uid !== uid) return `${path}: belongs to uid ${stat.uid}, not to uid ${uid}`;
  if (strict && (stat.mode & 0o022) !== 0)
    return `${path}: others may write in it (mode ${(stat.mode & 0o777).toString(8)})`;
  return null;
}

function statProblem(path: string, uid: number | undefined, strict: boolean): string | null {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return `${path}: cannot use: ${(error as Error).message}`;
  }
  return folderProblem(path, stat, uid, strict);
}

/**
 * The folder `name` of the cache root, made with mode 0700 when missing, and checked: it must
 * be the user's and nobody else's to write in, and the cache root above it the user's. Else
 * the reason, for the caller to log and go on without the cache.
 */
export function userCacheFolder(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): CacheFolder {
  const root = cacheRoot(env);
  const path = join(root, name);
  // A relative root would put the cache wherever the process happens to run.
  if (!isAbsolute(root)) return { ok: false, reason: `${root}: not an absolute path` };
  // The root first: a folder is made inside it only once it is known to be the user's.
  const problem =
    makeFolder(root, true) ??
    statProblem(root, uid, false) ??
    makeFolder(path, false) ??
    statProblem(path, uid, true);
  return problem === null ? { ok: true, path } : { ok: false, reason: problem };
}

/** Makes a folder with mode 0700 unless there is one; why it cannot be made, or null. */
function makeFolder(path: string, parents: boolean): string | null {
  try {
    mkdirSync(path, { recursive: parents, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return `${path}: cannot create: ${(error as Error).message}`;
  }
  return null;
}

/** Reads a cache file; a symbolic link in its place is refused, not followed. */
export function readCacheFile(path: string, maxBytes: number): InputFileRead {
  return readInputFile(path, { what: 'a cache file', maxBytes, noFollow: true });
}

/**
 * Writes a cache file (mode 0600) so that no reader sees half of it and no link is followed,
 * off the calling thread: a cache of megabytes and its fsync would hold the server's thread.
 */
export function writeCacheFile(path: string, bytes: Uint8Array): Promise<WriteResult> {
  return writeFileAtomicallyInBackground(path, bytes, 0o600);
}
