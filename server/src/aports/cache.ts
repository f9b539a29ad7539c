/**
 * A disk cache of an aports index: each entry is kept with its file's size and mtime, so a
 * second start reads again only the APKBUILDs that changed (or are new) since the cache was
 * saved, and drops those that are gone.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readInputFile } from '../input-file';
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
const CACHE_FORMAT = 1;

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
 * Writes the index to `file` (JSON, written to a temporary name and then renamed, so a reader
 * never sees half a cache). Each entry is stored with its file's current size and mtime.
 */
export function saveIndexCache(index: AportsIndex, file: string): void {
  const files: Record<string, CachedFile> = {};
  for (const entry of index.entries()) {
    const key = fileKey(index.root, entry.path);
    if (key) files[entry.path] = { ...key, entry };
  }
  const cache: CacheFile = { format: CACHE_FORMAT, settings: index.settings, files };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(cache));
  renameSync(temporary, file);
}

/** Whether the cache at `file` is worth writing after `index` was loaded from it. */
export function indexCacheOutdated(index: AportsIndex, file: string): boolean {
  return index.stats.parsed > 0 || !existsSync(file);
}

/** The corpus tree's cache is 8 MB: far more is no cache of ours. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

function readCache(file: string, settings: IndexSettings): Record<string, CachedFile> {
  // Not a regular file (a FIFO in the temporary folder would block), too large: no cache.
  const read = readInputFile(file, { what: 'an index cache', maxBytes: MAX_CACHE_BYTES });
  if (!read.ok) return {};
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
 * older-format cache (or one for another CARCH or environment) just means every file is read.
 * `index.stats` says how many files were parsed and how many came from the cache.
 */
export async function loadIndexCache(
  file: string,
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
