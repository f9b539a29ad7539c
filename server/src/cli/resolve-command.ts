import { existsSync, statSync } from 'node:fs';
import { ARCH_TRIPLETS } from '../apkbuild';
import { PASS_MODES, resolvePackage, type PassMode } from '../sbom/resolve-package';
import { resolutionDocument, resolvedSbomText } from '../sbom/resolved-document';
import { resolutionDesired, resolutionJson } from '../sbom/resolution-output';
import { readApkbuildFile, type CliIo } from './io';
import { entryFromFile, loadAportsTree, readPackageSources, treeRootOf } from './resolve-sources';

export interface ResolveFlags {
  /** The aports tree's root; default: the tree the APKBUILD sits in, if it sits in one. */
  aports?: string;
  /** APKINDEX files (plain or .tar.gz). */
  index: string[];
  /** SBOM files whose packages join the index's. */
  sbom: string[];
  reference: string;
  /** runtime (the seed's process; needs packages) or build-tools (makedepend recursion). */
  passes?: string;
  format: string;
  carch: string;
}

const FORMATS = ['desired', 'json', 'cyclonedx', 'spdx'];

function usageError(flags: ResolveFlags, files: string[]): string | null {
  if (files.length !== 1) return 'resolve needs exactly one APKBUILD file';
  if (!FORMATS.includes(flags.format))
    return `unknown --format '${flags.format}' (one of ${FORMATS.join(', ')})`;
  if (!(flags.carch in ARCH_TRIPLETS))
    return `unknown --carch '${flags.carch}' (one of ${Object.keys(ARCH_TRIPLETS).join(', ')})`;
  if (flags.reference === '') return '--reference needs a package name';
  if (flags.passes !== undefined && !PASS_MODES.includes(flags.passes as PassMode))
    return `unknown --passes '${flags.passes}' (one of ${PASS_MODES.join(', ')})`;
  if (flags.passes === 'runtime' && flags.index.length + flags.sbom.length === 0)
    return '--passes runtime needs the packages: give --index or --sbom';
  return null;
}

/**
 * `apkharden resolve FILE [--index APKINDEX...] [--sbom FILE...] [--aports DIR] [--reference
 * NAME] [--passes runtime|build-tools] [--format desired|json|cyclonedx|spdx] [--carch ARCH]`:
 * what the text builds, resolved against the reference image: with packages (an index or
 * SBOMs) the seed's passes, runtime map and install closure; else the makedepend recursion
 * over the aports tree. Exit 0, or 2 when an input cannot be read or the usage is wrong.
 */
export async function runResolve(files: string[], flags: ResolveFlags, io: CliIo): Promise<number> {
  const usage = usageError(flags, files);
  if (usage !== null) return io.usage(usage);
  const loaded = readApkbuildFile(files[0]);
  if (!loaded.ok) {
    io.error(loaded.message);
    return 2;
  }
  if (
    flags.aports !== undefined &&
    !statSync(flags.aports, { throwIfNoEntry: false })?.isDirectory()
  ) {
    io.error(
      `${flags.aports}: cannot read: ${existsSync(flags.aports) ? 'not a folder' : 'no such folder'}`,
    );
    return 2;
  }
  const sources = readPackageSources({ index: flags.index, sbom: flags.sbom }, io);
  if (sources !== null && 'error' in sources) {
    io.error(sources.error);
    return 2;
  }
  const mode = flags.passes as PassMode | undefined;
  // The tree is only walked for build-tools passes; the runtime process needs the packages.
  const wantsTree = mode === 'build-tools' || sources === null;
  const root = flags.aports ?? (wantsTree ? treeRootOf(loaded.path) : null);
  const tree = root === null ? null : await loadAportsTree(root, flags.carch, io);
  const entry = entryFromFile(loaded.text, loaded.path, tree, flags.carch);
  const resolution = resolvePackage({
    entry,
    index: sources?.index ?? null,
    tree,
    reference: flags.reference,
    referenceExtra: sources?.desired ?? [],
    passes: mode,
  });
  for (const note of resolution.notes) io.error(`${loaded.path}: ${note}`);
  if (resolution.prediction !== null) io.error(`${loaded.path}: ${resolution.prediction.basis}`);
  const distro = sources?.distro ?? null;
  if (flags.format === 'json')
    io.print(JSON.stringify(resolutionJson(resolution, sources?.secondary ?? null), null, 2));
  else if (flags.format === 'desired') io.write(resolutionDesired(resolution));
  else
    io.write(
      resolvedSbomText(
        resolutionDocument(resolution, distro),
        flags.format === 'spdx' ? 'spdx' : 'cyclonedx',
      ),
    );
  return 0;
}
