import { existsSync, statSync } from 'node:fs';
import { ARCH_TRIPLETS } from '../apkbuild';
import { buildPasses, desiredSbomText, referenceClosure, type BuildPasses } from '../aports';
import { installClosure, runtimeMap, type Closure, type RuntimeMap } from '../sbom';
import { closureDocument, passesDocument, resolvedCycloneDx } from '../sbom/resolved-document';
import { readApkbuildFile, type CliIo } from './io';
import {
  entryFromFile,
  loadAportsTree,
  readPackageSources,
  treeRootOf,
  type PackageSources,
} from './resolve-sources';

export interface ResolveFlags {
  /** The aports tree's root; default: the tree the APKBUILD sits in, if it sits in one. */
  aports?: string;
  /** APKINDEX files (plain or .tar.gz). */
  index: string[];
  reference: string;
  format: string;
  carch: string;
}

const FORMATS = ['desired', 'json', 'cyclonedx'];

/** What was worked out for one APKBUILD; closure and secondary only with an index. */
interface Resolved {
  name: string;
  version: string | null;
  reference: string;
  passes: BuildPasses;
  runtime: { sources: PackageSources; closure: Closure; secondary: RuntimeMap } | null;
}

function noPasses(): BuildPasses {
  return { passes: [], cycles: [], unresolved: [], reasons: {}, unknown: [] };
}

/**
 * `apkharden resolve FILE [--aports DIR] [--index APKINDEX...] [--reference NAME]
 * [--format desired|json|cyclonedx] [--carch ARCH]`: the build passes of the APKBUILD's origin
 * against the reference image and, with an index, its install closure and runtime map.
 * Exit 0, or 2 when an input cannot be read or the usage is wrong.
 */
export function runResolve(files: string[], flags: ResolveFlags, io: CliIo): number {
  if (files.length !== 1) return io.usage('resolve needs exactly one APKBUILD file');
  if (!FORMATS.includes(flags.format))
    return io.usage(`unknown --format '${flags.format}' (one of ${FORMATS.join(', ')})`);
  if (!(flags.carch in ARCH_TRIPLETS))
    return io.usage(
      `unknown --carch '${flags.carch}' (one of ${Object.keys(ARCH_TRIPLETS).join(', ')})`,
    );
  if (flags.reference === '') return io.usage('--reference needs a package name');
  const loaded = readApkbuildFile(files[0]);
  if (!loaded.ok) {
    io.error(loaded.message);
    return 2;
  }
  const root = flags.aports ?? treeRootOf(loaded.path);
  if (
    flags.aports !== undefined &&
    !statSync(flags.aports, { throwIfNoEntry: false })?.isDirectory()
  ) {
    io.error(
      `${flags.aports}: cannot read: ${existsSync(flags.aports) ? 'not a folder' : 'no such folder'}`,
    );
    return 2;
  }
  const sources = flags.index.length > 0 ? readPackageSources(flags.index, io) : null;
  if (sources !== null && 'error' in sources) {
    io.error(sources.error);
    return 2;
  }

  const tree = root === null ? null : loadAportsTree(root, flags.carch, io);
  if (tree === null)
    io.error(`${loaded.path}: not inside an aports tree and no --aports given: no build passes`);
  const entry = entryFromFile(loaded.text, loaded.path, tree, flags.carch);
  let passes = noPasses();
  if (tree !== null) {
    if (tree.originOf(flags.reference) === null)
      io.error(`--reference ${flags.reference}: no aport of ${tree.root} builds it`);
    passes = buildPasses(tree, entry, referenceClosure(tree, flags.reference));
  }
  const name = entry.pkgname.known ? entry.pkgname.value : entry.origin;
  const resolved: Resolved = {
    name,
    version: entry.version.known ? entry.version.value : null,
    reference: flags.reference,
    passes,
    runtime: null,
  };
  if (sources !== null) {
    const closure = installClosure(sources.index, [name], { base: [flags.reference] });
    resolved.runtime = { sources, closure, secondary: runtimeMap(closure) };
  }
  if (flags.format === 'json') io.print(JSON.stringify(resolvedJson(resolved), null, 2));
  else if (flags.format === 'cyclonedx') io.write(resolvedCycloneDxText(resolved));
  else io.write(resolvedDesired(resolved));
  return 0;
}

/**
 * The desired SBOM of the build passes, then with an index a `# runtime` section: one comment
 * line per origin and consumer of the secondary map, `# ORIGIN CONSUMER SONAME...`.
 */
function resolvedDesired(resolved: Resolved): string {
  let text = desiredSbomText(resolved.passes.passes);
  if (resolved.runtime === null) return text;
  text += '# runtime\n';
  for (const [origin, consumers] of Object.entries(resolved.runtime.secondary))
    for (const [consumer, sonames] of Object.entries(consumers))
      text += `# ${origin} ${consumer} ${sonames.join(' ')}\n`;
  return text;
}

function resolvedJson(resolved: Resolved): Record<string, unknown> {
  const { passes, runtime } = resolved;
  const closure = runtime?.closure;
  return {
    package: resolved.name,
    version: resolved.version,
    reference: resolved.reference,
    passes: passes.passes.map((origins, i) => ({ pass: i + 1, origins })),
    cycles: passes.cycles,
    unresolved: passes.unresolved,
    reasons: passes.reasons,
    unknown: passes.unknown,
    closure:
      closure === undefined
        ? null
        : {
            added: closure.packages.map((p) => p.name),
            whole: [...closure.base, ...closure.packages].map((p) => p.name),
            installedSize: closure.installedSize,
            baseInstalledSize: closure.baseInstalledSize,
            unresolved: closure.unresolved,
            conflicts: closure.conflicts,
            installIf: closure.installIf,
          },
    secondary: runtime?.secondary ?? null,
  };
}

/** CycloneDX 1.6 of the install closure (or, without an index, of the build passes). */
function resolvedCycloneDxText(resolved: Resolved): string {
  const { runtime } = resolved;
  const document =
    runtime === null
      ? passesDocument(resolved.name, resolved.version, resolved.passes)
      : closureDocument(runtime.closure, runtime.sources.index, runtime.sources.distro);
  return resolvedCycloneDx(document, resolved.name, 'apkharden');
}
