/**
 * A disk cache of an aports index: each entry is kept with its file's size and mtime, so a
 * second start reads again only the APKBUILDs that changed (or are new) since the cache was
 * saved, and drops those that are gone. The cache files live in the user's own cache folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Turns } from '../threads';
import { readCacheFile, userCacheFolder, writeCacheFile } from '../user-cache';
import type { AportsEntry } from './entry';
import {
  AportsIndex,
  listAportFolders,
  readTreeEntries,
  settingsOf,
  type IndexOptions,
  type IndexSettings,
} from './tree';

/** Bump when AportsEntry or the reading of APKBUILDs changes: older caches are then ignored. */
/** 2: one line per entry (1 was one JSON text). */
const CACHE_FORMAT = 2;

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

/** The first line of a cache file. */
interface CacheHead {
  format: number;
  settings: IndexSettings;
}

/** Every other line: one entry with its file's size and mtime when it was saved. */
type CacheLine = [path: string, size: number, mtimeMs: number, entry: AportsEntry];

function fileKey(root: string, path: string): { size: number; mtimeMs: number } | null {
  const stat = statSync(join(root, path), { throwIfNoEntry: false });
  return stat ? { size: stat.size, mtimeMs: stat.mtimeMs } : null;
}

/**
 * Writes the index to `file`: a line of JSON with the format and settings, then one line per
 * entry (`[path, size, mtimeMs, entry]`, its file's current size and mtime), written to a new
 * file of a random name and then renamed, so a reader never sees half a cache and no planted
 * link is followed. Lines, not one JSON text: the corpus tree's cache is 8 MB, and the server
 * answers the editor between lines, writing and reading. Rejects when it cannot be written.
 */
export async function saveIndexCache(index: AportsIndex, file: string): Promise<void> {
  const head: CacheHead = { format: CACHE_FORMAT, settings: index.settings };
  const parts: Buffer[] = [Buffer.from(JSON.stringify(head))];
  const turns = new Turns();
  for (const entry of index.entries()) {
    const key = fileKey(index.root, entry.path);
    if (key)
      parts.push(Buffer.from(`\n${JSON.stringify([entry.path, key.size, key.mtimeMs, entry])}`));
    await turns.take();
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const written = await writeCacheFile(file, Buffer.concat(parts));
  if (!written.ok) throw new Error(written.message);
}

/** Whether the cache at `file` is worth writing after `index` was loaded from it. */
export function indexCacheOutdated(index: AportsIndex, file: string): boolean {
  return index.stats.parsed > 0 || !existsSync(file);
}

/** The cache's entries by path; empty when it is missing, damaged, or for other settings. */
async function readCache(
  file: string | null,
  settings: IndexSettings,
): Promise<Map<string, CachedFile>> {
  const files = new Map<string, CachedFile>();
  if (file === null) return files;
  const read = readCacheFile(file, MAX_CACHE_BYTES);
  if (!read.ok) return files; // missing, a link or too large: index from scratch
  const lines = read.bytes.toString('utf8').split('\n');
  const turns = new Turns();
  try {
    const head = JSON.parse(lines[0]) as Partial<CacheHead> | null;
    if (head?.format !== CACHE_FORMAT || JSON.stringify(head.settings) !== JSON.stringify(settings))
      return files;
    for (let i = 1; i < lines.length; i++) {
      const [path, size, mtimeMs, entry] = JSON.parse(lines[i]) as CacheLine;
      if (typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number')
        return new Map(); // damaged: index from scratch
      files.set(path, { size, mtimeMs, entry });
      await turns.take();
    }
  } catch {
    return new Map(); // damaged: index from scratch
  }
  return files;
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
  const cached = await readCache(file, settings);
  // Folders, not files: a cache hit's stat tells the file is there, and reading a stale
  // path tells it too (null when it is gone), so no path is looked at twice.
  const paths = listAportFolders(root);
  const entries: (AportsEntry | null)[] = [];
  const stale: number[] = [];
  const turns = new Turns();
  for (const path of paths) {
    const hit = cached.get(path);
    const key = hit ? fileKey(root, path) : null;
    const fresh = hit && key && key.size === hit.size && key.mtimeMs === hit.mtimeMs;
    if (!fresh) stale.push(entries.length);
    entries.push(fresh ? hit.entry : null);
    await turns.take();
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
  ).prepared();
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
