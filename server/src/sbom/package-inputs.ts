/**
 * The packages a resolution works on, from the inputs a user has: APKINDEX files (plain or
 * .tar.gz, or an installed db) and SBOMs in any format `read-sbom` knows, merged into one
 * package index. Shared by the CLI's `--index`/`--sbom` and the server's settings.
 */
import { readInputFile } from '../input-file';
import type { ApkPackage } from './apkindex';
import {
  DEFAULT_INDEX_LIMITS,
  readApkIndex,
  type ApkIndexRead,
  type IndexLimits,
} from './apkindex';
import { indexPackages, type PackageIndex } from './closure';
import { formatProblem } from './formats/model';
import { readSbomFile } from './formats/read-sbom';
import { packagesFromSbom } from './formats/sbom-packages';

export interface PackageSources {
  index: PackageIndex;
  /** `alpine-3.19` when every index's DESCRIPTION (or SBOM's purls) names the same release. */
  distro: string | null;
  /** bomresolver's own secondary map, when an SBOM input carries one. */
  secondary: Record<string, Record<string, string[]>> | null;
  /**
   * The names of desired-SBOM lists (bomres's `config/packages`: the base image a product is
   * built on). They are names, not packages: they widen the reference image.
   */
  desired: string[];
}

/** What the package inputs are: APKINDEX files and SBOMs (any format read-sbom knows). */
export interface PackageInputs {
  index: readonly string[];
  sbom?: readonly string[];
}

/** `v3.19.0-327-g6edd0d6d61c` -> `alpine-3.19`; null for anything else (edge, no DESCRIPTION). */
function distroOf(description: string | undefined): string | null {
  const match = description === undefined ? null : /^v(\d+)\.(\d+)\./.exec(description);
  return match ? `alpine-${match[1]}.${match[2]}` : null;
}

/** An index file read, or why it cannot be used (naming it): unreadable, over a limit, no record. */
function readIndexFile(file: string, limits: IndexLimits): ApkIndexRead | { error: string } {
  // A compressed index is never larger than what it inflates to: one limit for both.
  const bytes = readInputFile(file, { what: 'an APKINDEX', maxBytes: limits.maxInflatedBytes });
  if (!bytes.ok) return { error: bytes.message };
  const read = readApkIndex(bytes.bytes, file, limits);
  return read.refused === undefined ? read : { error: read.refused };
}

/** Adds one by one: a spread of a long list (`push(...list)`) overflows the stack. */
function addAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/**
 * Reads every APKINDEX file and SBOM into one package index. Problems inside a file are
 * returned (they name the file and the place) and the rest is still used; a file that cannot be
 * read at all (a FIFO, a device, larger than the limits allow), or yields no package, is an
 * error that names it; `lenient` makes it a problem and leaves the file out (the server keeps
 * working with the others). `limits` bounds each index (tests lower them).
 */
export function readPackageInputs(
  inputs: PackageInputs,
  options: { lenient?: boolean; limits?: IndexLimits } = {},
): { sources: PackageSources; problems: string[] } | { error: string } {
  const limits = options.limits ?? DEFAULT_INDEX_LIMITS;
  const problems: string[] = [];
  const fail = (error: string): { error: string } | null => {
    if (!options.lenient) return { error };
    problems.push(error);
    return null;
  };
  const packages: ApkPackage[] = [];
  const distros = new Set<string | null>();
  let secondary: PackageSources['secondary'] = null;
  const desired = new Set<string>();
  for (const file of inputs.index) {
    const read = readIndexFile(file, limits);
    if ('error' in read) {
      const failed = fail(read.error);
      if (failed) return failed;
      continue;
    }
    for (const problem of read.problems) problems.push(problem.message);
    addAll(packages, read.packages);
    distros.add(distroOf(read.description));
  }
  for (const file of inputs.sbom ?? []) {
    const read = readSbomFile(file);
    if ('error' in read) {
      const failed = fail(read.error);
      if (failed) return failed;
      continue;
    }
    for (const problem of read.problems) problems.push(formatProblem(problem));
    if (read.format === 'desired-sbom') {
      for (const component of read.document.components) desired.add(component.name);
      continue;
    }
    const converted = packagesFromSbom(read.document, file);
    for (const problem of converted.problems) problems.push(formatProblem(problem));
    if (converted.packages.length === 0 && read.document.secondary === undefined) {
      // Say why when the reader knows: a document that is not JSON reads as empty.
      const [first] = read.problems;
      const why = first === undefined ? '' : ` (${formatProblem(first)})`;
      const failed = fail(`${file}: no Alpine package in this ${read.format} SBOM${why}`);
      if (failed) return failed;
      continue;
    }
    addAll(packages, converted.packages);
    distros.add(read.document.distro ?? null);
    if (read.document.secondary !== undefined) secondary = read.document.secondary;
  }
  const [distro] = distros;
  const index = indexPackages(packages);
  return {
    sources: {
      index,
      distro: distros.size === 1 ? (distro ?? null) : null,
      secondary,
      desired: [...desired],
    },
    problems,
  };
}
