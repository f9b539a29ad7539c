/**
 * A disk cache of an aports index: each entry is kept with its file's size and mtime, so a
 * second start reads again only the APKBUILDs that changed (or are new) since the cache was
 * saved, and drops those that are gone. The cache files live in the user's own cache folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readCacheFile, userCacheFolder, writeCacheFile } from '../user-cache';
import type { AportsEntry } from './entry';
import {
  AportsIndex,
  listAportFolders,
  readTreeEntries,
  settingsOf,
  YIELD_EVERY_MS,
  type IndexOptions,
  type IndexSettings,
} from './tree';

/** Bump when AportsEntry or the reading of APKBUILDs changes: older caches are then ignored. */
const CACHE_FORMAT = 1;

/** A larger file is no cache of ours (the whole aports tree makes about 8 MB). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * Where the index of the tree at `root` is cached for these options: one file per tree and
 * CARCH in `${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening/aports-index`, shared by the
 * server and the CLI. Null with the reason when that folder is not safe to use (see
 * userCacheFolder): the tree is then indexed without a cache.
 */
export function indexCacheFile(
  root: string,
  options: IndexOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): { file: string } | { file: null; reason: string } {
  const folder = userCacheFolder('aports-index', env);
  if (!folder.ok) return { file: null, reason: `not caching the aports index: ${folder.reason}` };
  const key = createHash('sha256')
    .update(`${resolve(root)}\0${settingsOf(options).carch}`)
    .digest('hex')
    .slice(0, 16);
  return { file: join(folder.path, `aports-${key}.json`) };
}

interface CachedFile {
  size: number;
  mtimeMs: number;
  entry: AportsEntry;
}

interface CacheFile {
  format: number;
  settings: IndexSettings;
  files: Record<string, CachedFile>;
}

function fileKey(root: string, path: string): { size: number; mtimeMs: number } | null {
  const stat = statSync(join(root, path), { throwIfNoEntry: false });
  return stat ? { size: stat.size, mtimeMs: stat.mtimeMs } : null;
}

/**
 * Writes the index to `file` (JSON, written to a new file of a random name and then renamed,
 * so a reader never sees half a cache and no planted link is followed). Each entry is stored
 * with its file's current size and mtime. The entries are written out a few milliseconds at a
 * time: the server answers the editor in between (the corpus tree's cache is 8 MB). Rejects
 * when the file cannot be written.
 */
export async function saveIndexCache(index: AportsIndex, file: string): Promise<void> {
  // The same text as JSON.stringify of a CacheFile, its keys in the same order, encoded
  // entry by entry (encoding 8 MB at once would hold the thread too).
  const head: Omit<CacheFile, 'files'> = { format: CACHE_FORMAT, settings: index.settings };
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"files":{`)];
  let turn = performance.now();
  let first = true;
  for (const entry of index.entries()) {
    const key = fileKey(index.root, entry.path);
    const cached: CachedFile | null = key && { ...key, entry };
    if (cached) {
      const text = `${first ? '' : ','}${JSON.stringify(entry.path)}:${JSON.stringify(cached)}`;
      parts.push(Buffer.from(text));
      first = false;
    }
    if (performance.now() - turn > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
  parts.push(Buffer.from('}}'));
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const written = writeCacheFile(file, Buffer.concat(parts));
  if (!written.ok) throw new Error(written.message);
}

/** Whether the cache at `file` is worth writing after `index` was loaded from it. */
export function indexCacheOutdated(index: AportsIndex, file: string): boolean {
  return index.stats.parsed > 0 || !existsSync(file);
}

function readCache(file: string | null, settings: IndexSettings): Record<string, CachedFile> {
  if (file === null) return {};
  const read = readCacheFile(file, MAX_CACHE_BYTES);
  if (!read.ok) return {}; // missing, a link or too large: index from scratch
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return {}; // damaged: index from scratch
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const cache = parsed as Partial<CacheFile>;
  if (cache.format !== CACHE_FORMAT || JSON.stringify(cache.settings) !== JSON.stringify(settings))
    return {};
  return typeof cache.files === 'object' && cache.files !== null ? cache.files : {};
}

/**
 * Indexes the tree at `root`, taking from the cache `file` every entry whose APKBUILD has the
 * same size and mtime as when it was saved; the others are read again. A missing, damaged or
 * older-format cache (or one for another CARCH or environment), or no file, just means every
 * file is read. `index.stats` says how many files were parsed and how many came from the cache.
 */
export async function loadIndexCache(
  file: string | null,
  root: string,
  options: IndexOptions = {},
): Promise<AportsIndex> {
  const settings = settingsOf(options);
  const cached = readCache(file, settings);
  // Folders, not files: a cache hit's stat tells the file is there, and reading a stale
  // path tells it too (null when it is gone), so no path is looked at twice.
  const paths = listAportFolders(root);
  const entries: (AportsEntry | null)[] = [];
  const stale: number[] = [];
  for (const path of paths) {
    const hit = Object.hasOwn(cached, path) ? cached[path] : undefined;
    const key = hit ? fileKey(root, path) : null;
    const fresh = hit && key && key.size === hit.size && key.mtimeMs === hit.mtimeMs;
    if (!fresh) stale.push(entries.length);
    entries.push(fresh ? hit.entry : null);
  }
  const fromCache = paths.length - stale.length;
  const read = await readTreeEntries(
    root,
    stale.map((slot) => paths[slot]),
    settings,
    options.onProgress,
    options.offThread,
  );
  stale.forEach((slot, i) => (entries[slot] = read.entries[i]!));
  const parsed = read.entries.filter((entry) => entry !== null).length;
  const stats = { files: fromCache + parsed, parsed, fromCache };
  return new AportsIndex(
    root,
    settings,
    entries.filter((e) => e !== null),
    stats,
    read.unread,
  );
}

/**
 * Indexes the tree at `root` through its cache file (see indexCacheFile) and saves the cache
 * again when anything had to be read. Without a safe cache folder the tree is indexed from
 * scratch; `warn` hears why, and why a cache could not be saved. `millis` is the indexing
 * alone, without the saving.
 */
export async function indexThroughCache(
  root: string,
  options: IndexOptions,
  warn: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ index: AportsIndex; millis: number }> {
  const started = performance.now();
  const cache = indexCacheFile(root, options, env);
  if (cache.file === null) warn(cache.reason);
  const index = await loadIndexCache(cache.file, root, options);
  const millis = performance.now() - started;
  if (cache.file !== null && indexCacheOutdated(index, cache.file)) {
    try {
      await saveIndexCache(index, cache.file);
    } catch (error) {
      warn(`cannot save the aports index cache: ${(error as Error).message}`);
    }
  }
  return { index, millis };
}
