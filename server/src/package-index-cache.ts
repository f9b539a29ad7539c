import { readFileSync, statSync } from 'node:fs';
import {
  closureImpact,
  indexPackages,
  readApkIndex,
  type IndexProblem,
  type PackageIndex,
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
    return this.loaded.value;
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
