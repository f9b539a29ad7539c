/**
 * What `apkharden resolve` reads besides the APKBUILD: the aports tree (indexed through a disk
 * cache in the user's cache folder) and the APKINDEX files (merged into one package index).
 */
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { indexThroughCache, readEntry, type AportsEntry, type AportsIndex } from '../aports';
import { readPackageInputs, type PackageInputs, type PackageSources } from '../sbom/package-inputs';
import type { CliIo } from './io';

/**
 * The root of the aports tree an APKBUILD sits in: `<root>/<repo>/<name>/APKBUILD` where
 * `<root>` has a `main/` or `community/` folder; null when the file is not in such a tree.
 */
export function treeRootOf(apkbuildPath: string): string | null {
  const root = dirname(dirname(dirname(resolve(apkbuildPath))));
  const isDir = (path: string): boolean =>
    statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  return isDir(join(root, 'main')) || isDir(join(root, 'community')) ? root : null;
}

/** A tree full of FIFOs should not flood stderr: the first few, then a count. */
const MAX_TREE_PROBLEMS_SHOWN = 20;

/**
 * Indexes the tree at `root`, taking unchanged entries from the disk cache and saving it again
 * when anything had to be read; says on stderr how many aports and how long it took, which
 * files were left out (a FIFO, a device, too large), and why there is no cache when its folder
 * is not safe to use.
 */
export async function loadAportsTree(root: string, carch: string, io: CliIo): Promise<AportsIndex> {
  const { index, millis } = await indexThroughCache(resolve(root), { carch }, (message) =>
    io.error(message),
  );
  const ms = Math.round(millis);
  io.error(`indexed ${index.size} aports in ${ms} ms (${index.stats.fromCache} from cache)`);
  const unread = index.problems();
  for (const problem of unread.slice(0, MAX_TREE_PROBLEMS_SHOWN)) io.error(problem);
  if (unread.length > MAX_TREE_PROBLEMS_SHOWN)
    io.error(
      `${root}: ${unread.length - MAX_TREE_PROBLEMS_SHOWN} more files left out of the index`,
    );
  return index;
}

/**
 * The APKBUILD's own text as an entry: its folder is the aport's; its repository is the one
 * the tree holds that folder in, else the folder above it.
 */
export function entryFromFile(
  text: string,
  apkbuildPath: string,
  index: AportsIndex | null,
  carch: string,
): AportsEntry {
  const startdir = dirname(resolve(apkbuildPath));
  const folder = basename(startdir);
  const inTree = index?.entries().find((e) => e.folder === folder);
  const repo = inTree?.repo ?? basename(dirname(startdir));
  return readEntry(text, { repo, folder, startdir }, { carch });
}

/**
 * Reads every APKINDEX file and SBOM into one package index; problems inside a file go to
 * stderr (they name the file and the place). An error names the file that cannot be used;
 * null when there are no inputs.
 */
export function readPackageSources(
  inputs: PackageInputs,
  io: CliIo,
): PackageSources | { error: string } | null {
  if (inputs.index.length + (inputs.sbom?.length ?? 0) === 0) return null;
  const read = readPackageInputs(inputs);
  if ('error' in read) return read;
  for (const problem of read.problems) io.error(problem);
  return read.sources;
}

export type { PackageInputs, PackageSources };
