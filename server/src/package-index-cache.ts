import { readFileSync, statSync } from 'node:fs';
import {
  closureImpact,
  indexPackages,
  installClosure,
  readApkIndex,
  runtimeMap,
  type IndexProblem,
  type PackageIndex,
  type RuntimeMap,
} from './sbom';

export interface LoadedPackageIndex {
  index: PackageIndex;
  /** What could not be read, naming the file and the record. */
  problems: IndexProblem[];
}

/**
 * APKINDEX files (or installed dbs), read once per set of paths and modification times, and the
 * closure impact per package built on them, so keystrokes never re-read or re-resolve.
 */
export class PackageIndexCache {
  private loaded: { key: string; value: LoadedPackageIndex } | null = null;
  private readonly impacts = new Map<string, (patterns: readonly string[]) => string[]>();
  private readonly runtimeMaps = new Map<string, RuntimeMap>();

  get(paths: readonly string[]): LoadedPackageIndex | null {
    if (paths.length === 0) return null;
    const key = paths
      .map((p) => `${p}@${statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 'missing'}`)
      .join('\0');
    if (this.loaded?.key === key) return this.loaded.value;
    const problems: IndexProblem[] = [];
    const packages = paths.flatMap((path) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        problems.push({
          source: path,
          message: `${path}: cannot read the index: ${(error as Error).message}`,
        });
        return [];
      }
      const read = readApkIndex(bytes, path);
      problems.push(...read.problems);
      return read.packages;
    });
    this.loaded = { key, value: { index: indexPackages(packages), problems } };
    this.impacts.clear();
    this.runtimeMaps.clear();
    return this.loaded.value;
  }

  /** The runtime map of a package's whole install closure: the sonames it really links. */
  secondary(loaded: LoadedPackageIndex, pkgname: string): RuntimeMap {
    let map = this.runtimeMaps.get(pkgname);
    if (!map) {
      map = runtimeMap(installClosure(loaded.index, [pkgname]));
      this.runtimeMaps.set(pkgname, map);
    }
    return map;
  }

  /** `closureWithout` for the analyzer: what `apk add <pkgname>` stops installing per feature. */
  impact(
    loaded: LoadedPackageIndex,
    pkgname: string,
    reference: string,
  ): (patterns: readonly string[]) => string[] {
    const key = `${pkgname}\0${reference}`;
    let impact = this.impacts.get(key);
    if (!impact) {
      impact = closureImpact(loaded.index, pkgname, [reference]);
      this.impacts.set(key, impact);
    }
    return impact;
  }
}
