/**
 * An index of an aports tree: for each `<repo>/<name>/APKBUILD` its origin, subpackages,
 * provides and dependencies, with lookups from any package name back to its origin.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { readAportFile } from './aport-file';
import type { AportsEntry } from './entry';
import {
  AportsIndex,
  listAportFolders,
  readTreeEntries,
  settingsOf,
  treeEntryOfText,
  type IndexOptions,
} from './tree';

export { ORDINARY_BUILD, dependencyName, readEntry } from './entry';
export type { AportsEntry, EntryOptions, Field } from './entry';
export {
  AportsIndex,
  listApkbuilds,
  readTreeEntry,
  type IndexOptions,
  type IndexSettings,
  type IndexStats,
} from './tree';
export {
  indexCacheFile,
  indexCacheOutdated,
  indexThroughCache,
  saveIndexCache,
  loadIndexCache,
} from './cache';
export {
  buildPasses,
  referenceClosure,
  desiredSbomText,
  passesJson,
  type BuildPasses,
  type PassReason,
} from './build-passes';

/**
 * Indexes every `<repo>/<name>/APKBUILD` under root, in tree order (see readTreeEntries).
 * `onProgress` counts aport folders: one without an APKBUILD counts as done.
 */
export async function indexAportsTree(
  root: string,
  options: IndexOptions = {},
): Promise<AportsIndex> {
  const settings = settingsOf(options);
  const paths = listAportFolders(root);
  const read = await readTreeEntries(root, paths, settings, options.onProgress);
  const entries = read.entries.filter((entry) => entry !== null);
  const stats = { files: entries.length, parsed: entries.length, fromCache: 0 };
  return new AportsIndex(root, settings, entries, stats, read.unread).prepared();
}

/**
 * Reads one APKBUILD again after it changed (absolute, or relative to the index's root);
 * removes its entry when the file is gone, or is not a file to read (then the index's problems
 * say why). Returns the new entry, or null when removed.
 */
export function updateEntry(index: AportsIndex, file: string): AportsEntry | null {
  const rel = (isAbsolute(file) ? relative(index.root, file) : file).split(sep).join('/');
  const path = rel.endsWith('/APKBUILD') ? rel : `${rel}/APKBUILD`;
  if (path.startsWith('../') || path.split('/').length !== 3)
    throw new Error(`not an APKBUILD of the tree ${index.root}: ${file}`);
  const text = readAportFile(join(index.root, path));
  if (typeof text !== 'string') {
    if (text === null) index.set(path, null);
    else index.leaveOut(path, text.problem);
    return null;
  }
  const entry = treeEntryOfText(index.root, path, text, index.settings);
  index.set(path, entry);
  return entry;
}
