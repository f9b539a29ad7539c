import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  closureImpact,
  indexPackages,
  installClosure,
  runtimeMap,
  type PackageIndex,
  type RuntimeMap,
} from './sbom';
import { readPackageInputs, type PackageInputs } from './sbom/package-inputs';
import type { ApkPackage } from './sbom/apkindex';
import { nextTurn } from './threads';

/** How a load tells where it is: the file it reads next and the share done so far. */
export interface LoadProgress {
  begin(title: string, message: string, percentage: number): Promise<void>;
  report(message: string, percentage: number): void;
  done(): void;
}

/** `APKINDEX v3.19.0-main-x86_64` (an index is named by its folder), or `SBOM alpine.spdx.json`. */
export function inputLabel(path: string, kind: 'index' | 'sbom'): string {
  if (kind === 'sbom') return `SBOM ${basename(path)}`;
  const name = basename(path);
  return /^APKINDEX(\.tar\.gz)?$/.test(name)
    ? `APKINDEX ${basename(dirname(path))}`
    : `APKINDEX ${name}`;
}

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
  private loading: { key: string; promise: Promise<void> } | null = null;
  private readonly impacts = new Map<string, (patterns: readonly string[]) => string[]>();
  private readonly runtimeMaps = new Map<string, RuntimeMap>();

  get(inputs: Required<PackageInputs>): LoadedPackageIndex | null {
    const key = keyOf(inputs);
    if (key === null) return null;
    if (this.loaded?.key === key) return this.loaded.value;
    return this.keep(key, merge([readLeniently(inputs)]));
  }

  /** The inputs are none, or read already (and unchanged on disk): `get` returns at once. */
  isLoaded(inputs: Required<PackageInputs>): boolean {
    const key = keyOf(inputs);
    return key === null || this.loaded?.key === key;
  }

  /**
   * Reads the inputs as `get` does, one file a turn, telling `progress` which file it reads
   * and how many are done. Nothing is read when they are loaded already (a request may have
   * read them meanwhile).
   */
  async load(inputs: Required<PackageInputs>, progress: LoadProgress): Promise<void> {
    const key = keyOf(inputs);
    if (key === null || this.loaded?.key === key) return;
    // A publish and a request may both ask: one reading, one progress.
    if (this.loading?.key !== key) {
      const promise = this.read(inputs, progress).finally(() => {
        if (this.loading?.promise === promise) this.loading = null;
      });
      this.loading = { key, promise };
    }
    await this.loading.promise;
  }

  private async read(inputs: Required<PackageInputs>, progress: LoadProgress): Promise<void> {
    const files = [
      ...inputs.index.map((path) => ({ path, kind: 'index' as const })),
      ...inputs.sbom.map((path) => ({ path, kind: 'sbom' as const })),
    ];
    const title =
      files.length === 1
        ? `Reading ${inputLabel(files[0].path, files[0].kind)}`
        : `Reading ${files.length} package inputs`;
    await progress.begin(title, files[0].path, 0);
    try {
      const reads: Read[] = [];
      for (const [i, { path, kind }] of files.entries()) {
        if (this.isLoaded(inputs)) return;
        if (i > 0) progress.report(path, Math.floor((100 * i) / files.length));
        reads.push(
          readLeniently(kind === 'index' ? { index: [path] } : { index: [], sbom: [path] }),
        );
        // The reading held the thread: a turn for the requests waiting.
        await nextTurn();
      }
      const key = keyOf(inputs);
      if (key !== null && !this.isLoaded(inputs)) this.keep(key, merge(reads));
    } finally {
      progress.done();
    }
  }

  private keep(key: string, value: LoadedPackageIndex): LoadedPackageIndex {
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

/** The inputs' paths and modification times; null when there are none. */
function keyOf(inputs: Required<PackageInputs>): string | null {
  if (inputs.index.length + inputs.sbom.length === 0) return null;
  const stamp = (p: string): string =>
    `${p}@${statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 'missing'}`;
  return `${inputs.index.map(stamp).join('\0')}\n${inputs.sbom.map(stamp).join('\0')}`;
}

interface Read {
  packages: ApkPackage[];
  distro: string | null;
  desired: string[];
  problems: string[];
}

/** Lenient reading never fails: a file that cannot be used is one of the problems. */
function readLeniently(inputs: PackageInputs): Read {
  const read = readPackageInputs(inputs, { lenient: true });
  if ('error' in read) return { packages: [], distro: null, desired: [], problems: [read.error] };
  const { sources, problems } = read;
  return {
    packages: sources.index.packages,
    distro: sources.distro,
    desired: sources.desired,
    problems,
  };
}

/** Reads of files one by one, as one read of them all: one release only when all say it. */
function merge(reads: readonly Read[]): LoadedPackageIndex {
  const packages: ApkPackage[] = [];
  // Added one by one: a spread of a long list overflows the stack.
  for (const read of reads) for (const pkg of read.packages) packages.push(pkg);
  const distros = new Set(reads.filter((r) => r.packages.length > 0).map((r) => r.distro));
  const [distro] = distros;
  return {
    index: indexPackages(packages),
    distro: distros.size === 1 ? (distro ?? null) : null,
    desired: [...new Set(reads.flatMap((r) => r.desired))],
    problems: reads.flatMap((r) => r.problems),
  };
}
