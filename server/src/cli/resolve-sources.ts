/**
 * What `apkharden resolve` reads besides the APKBUILD: the aports tree (indexed through a disk
 * cache in the temporary folder) and the APKINDEX files (merged into one package index).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import {
  loadIndexCache,
  readEntry,
  indexCacheOutdated,
  saveIndexCache,
  type AportsEntry,
  type AportsIndex,
} from '../aports';
import { gunzipAll, indexPackages, readApkIndex, readTar } from '../sbom';
import { isGzip } from '../sbom/tar';
import type { ApkPackage, PackageIndex } from '../sbom';
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

/** Where the index of `root` is cached: one file per tree and CARCH, in the temporary folder. */
export function cacheFileFor(root: string, carch: string): string {
  const key = createHash('sha256')
    .update(`${resolve(root)}\0${carch}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), 'apkharden', `aports-${key}.json`);
}

/**
 * Indexes the tree at `root`, taking unchanged entries from the disk cache and saving it again
 * when anything had to be read; says on stderr how many aports and how long it took.
 */
export async function loadAportsTree(root: string, carch: string, io: CliIo): Promise<AportsIndex> {
  const started = performance.now();
  const cache = cacheFileFor(root, carch);
  const index = await loadIndexCache(cache, resolve(root), { carch });
  // The indexing alone: saving the cache afterwards is not part of it.
  const ms = Math.round(performance.now() - started);
  if (indexCacheOutdated(index, cache)) {
    try {
      saveIndexCache(index, cache);
    } catch (error) {
      io.error(`${cache}: cannot save the index cache: ${(error as Error).message}`);
    }
  }
  io.error(`indexed ${index.size} aports in ${ms} ms (${index.stats.fromCache} from cache)`);
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

export interface PackageSources {
  index: PackageIndex;
  /** `alpine-3.19` when every index's DESCRIPTION names the same release; else null. */
  distro: string | null;
}

/** `v3.19.0-327-g6edd0d6d61c` -> `alpine-3.19`; null for anything else (edge, no DESCRIPTION). */
function distroOf(bytes: Buffer): string | null {
  if (!isGzip(bytes)) return null;
  const description = readTar(gunzipAll(bytes).value).value.find(
    (e) => e.name === 'DESCRIPTION' || e.name === './DESCRIPTION',
  );
  const match = description ? /^v(\d+)\.(\d+)\./.exec(description.data.toString('utf8')) : null;
  return match ? `alpine-${match[1]}.${match[2]}` : null;
}

/**
 * Reads every APKINDEX file into one package index. Problems inside a file go to stderr (they
 * name the file and the record) and the rest is still used; a file that cannot be read at all
 * is an error: the message names it.
 */
export function readPackageSources(
  files: readonly string[],
  io: CliIo,
): PackageSources | { error: string } {
  const packages: ApkPackage[] = [];
  const distros = new Set<string | null>();
  for (const file of files) {
    let bytes: Buffer;
    try {
      if (statSync(file).isDirectory()) return { error: `${file}: is a folder, not an APKINDEX` };
      bytes = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
      return { error: `${file}: cannot read: ${why}` };
    }
    const read = readApkIndex(bytes, file);
    for (const problem of read.problems) io.error(problem.message);
    packages.push(...read.packages);
    distros.add(distroOf(bytes));
  }
  const [distro] = distros;
  return { index: indexPackages(packages), distro: distros.size === 1 ? (distro ?? null) : null };
}
