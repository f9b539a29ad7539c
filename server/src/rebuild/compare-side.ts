/**
 * One side of a comparison read from disk: an .apk file, or a folder of them (a rebuild's
 * `original/` or `hardened/` output, or an abuild REPODEST with `<repo>/<arch>/*.apk`). A
 * folder may also hold the variant's `APKBUILD`, which gives that side's build passes.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { MAX_APORT_FILE_BYTES } from '../aports/aport-file';
import { readInputFile } from '../input-file';
import { capRepeated, messageSummary } from '../repeated-problems';
import { parseDependency, parseProvide, type ApkPackage, type Dependency } from '../sbom';
import { DEFAULT_APK_LIMITS, readApkFile, type ApkContents, type ApkLimits } from './apk-file';
import type { CompareSide, PackageSummary } from './compare-report';

export interface LoadedSide {
  side: CompareSide;
  /** The same packages as index records, so the resolver can install them. */
  records: ApkPackage[];
  /** The variant's APKBUILD found beside the packages, if any. */
  apkbuild: { path: string; text: string } | null;
  warnings: string[];
}

/** How deep a folder is searched for .apk files: REPODEST is `<repo>/<arch>/`. */
const MAX_DEPTH = 3;

function apkFilesUnder(folder: string, depth = 0): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name.endsWith('.apk')) found.push(path);
    else if (entry.isDirectory() && depth < MAX_DEPTH)
      found.push(...apkFilesUnder(path, depth + 1));
  }
  return found.sort();
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The summary of one read package; `warnings` gets what was missing from .PKGINFO. */
export function summaryOf(
  apk: ApkContents,
  file: string,
  fileSize: number,
  warnings: string[],
): PackageSummary {
  const first = (key: string): string | undefined => apk.pkginfo.get(key)?.[0];
  const all = (key: string): string[] =>
    (apk.pkginfo.get(key) ?? []).flatMap((value) => value.split(/\s+/)).filter(Boolean);
  const name = first('pkgname') ?? '';
  const size = Number(first('size'));
  if (!Number.isFinite(size) || first('size') === undefined)
    warnings.push(`${file}: .PKGINFO has no valid size; using the data part's file sizes`);
  return {
    file,
    name,
    version: first('pkgver') ?? '',
    arch: first('arch') ?? '',
    origin: first('origin') ?? name,
    installedSize: Number.isFinite(size) && first('size') !== undefined ? size : apk.dataBytes,
    fileSize,
    depends: all('depend'),
    provides: all('provides'),
    sonamesNeeded: [...new Set(apk.elf.flatMap((e) => e.needed))].sort(),
    files: apk.files,
  };
}

/** The package as an APKINDEX record; tokens the index syntax does not allow are warned about. */
export function recordOf(
  summary: PackageSummary,
  installIf: string[],
  warnings: string[],
): ApkPackage {
  const invalid: string[] = [];
  const parse = (tokens: string[]): Dependency[] =>
    tokens.flatMap((token) => {
      const dep = parseDependency(token);
      if (!dep) invalid.push(`${summary.file}: not a valid dependency: '${token}'`);
      return dep ? [dep] : [];
    });
  const record: ApkPackage = {
    name: summary.name,
    version: summary.version,
    arch: summary.arch,
    installedSize: summary.installedSize,
    origin: summary.origin,
    depends: parse(summary.depends),
    provides: summary.provides.flatMap((token) => parseProvide(token) ?? []),
    installIf: parse(installIf),
    source: summary.file,
    record: 1,
  };
  warnings.push(...capRepeated(invalid, messageSummary('tokens', summary.file)));
  return record;
}

/**
 * Reads every .apk of `source` (a file or a folder). An input that cannot be read at all is
 * an error naming it; an odd entry inside a package is a warning.
 */
export async function loadSide(
  source: string,
  limits: ApkLimits = DEFAULT_APK_LIMITS,
): Promise<LoadedSide | { error: string }> {
  const stat = statOf(source);
  if (stat === undefined) return { error: `${source}: cannot read: no such file or folder` };
  const isFolder = stat.isDirectory();
  const files = isFolder ? apkFilesUnder(source) : [source];
  if (files.length === 0) return { error: `${source}: no .apk files in this folder` };
  const loaded: LoadedSide = {
    side: { source, packages: [] },
    records: [],
    apkbuild: null,
    warnings: [],
  };
  for (const file of files) {
    const read = await readApkFile(file, limits);
    if (!read.ok) return { error: read.message };
    loaded.warnings.push(...read.apk.warnings);
    const summary = summaryOf(read.apk, file, statOf(file)?.size ?? 0, loaded.warnings);
    loaded.side.packages.push(summary);
    const installIf = (read.apk.pkginfo.get('install_if') ?? []).flatMap((v) => v.split(/\s+/));
    loaded.records.push(recordOf(summary, installIf.filter(Boolean), loaded.warnings));
  }
  if (isFolder) {
    const path = join(source, 'APKBUILD');
    if (statOf(path) !== undefined) {
      // As in a tree: a FIFO or device here would block the read; say so and go on without.
      const read = readInputFile(path, { what: 'an APKBUILD', maxBytes: MAX_APORT_FILE_BYTES });
      if (read.ok) loaded.apkbuild = { path, text: read.bytes.toString('utf8') };
      else loaded.warnings.push(`${read.message}; read as if there were none`);
    }
  }
  return loaded;
}
