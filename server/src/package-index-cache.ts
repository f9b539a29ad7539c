import { statSync } from 'node:fs';
import {
  closureImpact,
  indexPackages,
  installClosure,
  runtimeMap,
  type PackageIndex,
  type RuntimeMap,
} from './sbom';
import { readPackageInputs, type PackageInputs } from './sbom/package-inputs';

export interface LoadedPackageIndex {
  index: PackageIndex;
  /** `alpine-3.19` when the inputs name one release, for the purls' distro. */
  distro: string | null;
  /** Names of desired-SBOM lists among the apkbuild.sbom files: more of the reference image. */
  desired: string[];
  /** What could not be read, each naming the file and the place. */
  problems: string[];
}

/**
 * APKINDEX files (or installed dbs) and SBOMs, read once per set of paths and modification
 * times, and the closure impact per package built on them, so keystrokes never re-read or
 * re-resolve.
 */
export class PackageIndexCache {
  private loaded: { key: string; value: LoadedPackageIndex } | null = null;
  private readonly impacts = new Map<string, (patterns: readonly string[]) => string[]>();
  private readonly runtimeMaps = new Map<string, RuntimeMap>();

  get(inputs: Required<PackageInputs>): LoadedPackageIndex | null {
    const paths = [...inputs.index, ...inputs.sbom];
    if (paths.length === 0) return null;
    const stamp = (p: string): string =>
      `${p}@${statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 'missing'}`;
    const key = `${inputs.index.map(stamp).join('\0')}\n${inputs.sbom.map(stamp).join('\0')}`;
    if (this.loaded?.key === key) return this.loaded.value;
    const read = readPackageInputs(inputs, { lenient: true });
    // Lenient reading never fails: a file that cannot be used is one of the problems.
    const { sources, problems } =
      'error' in read ? { sources: null, problems: [read.error] } : read;
    const value: LoadedPackageIndex = {
      index: sources?.index ?? indexPackages([]),
      distro: sources?.distro ?? null,
      desired: sources?.desired ?? [],
      problems,
    };
    this.loaded = { key, value };
    this.impacts.clear();
    this.runtimeMaps.clear();
    return value;
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
