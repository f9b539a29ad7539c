import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARCH_TRIPLETS } from '../apkbuild';
import {
  buildPasses,
  readEntry,
  referenceClosure,
  type AportsIndex,
  type BuildPasses,
} from '../aports';
import { compareSides } from '../rebuild/compare';
import { formatCompareMarkdown } from '../rebuild/compare-format-markdown';
import { formatCompareText } from '../rebuild/compare-format-text';
import { loadSide, type LoadedSide } from '../rebuild/compare-side';
import { signatureKeys, verifyIndexes, verifySide } from '../rebuild/compare-signatures';
import type { CliIo } from './io';
import { ProfileChooser } from './profile-option';
import { loadAportsTree, readPackageSources } from './resolve-sources';

export interface CompareFlags {
  /** APKINDEX files (plain or .tar.gz) for the install closures. */
  index: string[];
  /** SBOM files whose packages join the index's. */
  sbom: string[];
  /** An aports tree, for the build passes of each side's APKBUILD. */
  aports?: string;
  profile?: string;
  format: string;
  /** The trusted keys folder for the inputs' signatures; default /etc/apk/keys when it exists. */
  keys?: string;
}

const FORMATS = ['text', 'json', 'markdown'];

/** The side's CARCH: its packages' arch when the APKBUILD model knows it, else x86_64. */
function carchOf(side: LoadedSide): string {
  const arch = side.side.packages.find((p) => p.arch in ARCH_TRIPLETS)?.arch;
  return arch ?? 'x86_64';
}

/**
 * The side's build passes: from the APKBUILD beside its packages, else (with a warning) from
 * the tree's aport of its origin, which is the distribution's recipe, not necessarily the one
 * built.
 */
function sidePasses(
  side: LoadedSide,
  tree: AportsIndex,
  reference: ReadonlySet<string>,
  warnings: string[],
): BuildPasses {
  const origin = side.side.packages[0]?.origin ?? '';
  if (side.apkbuild === null) {
    warnings.push(
      `${side.side.source}: no APKBUILD beside the packages; build passes of the tree's aport ${origin}`,
    );
    return buildPasses(tree, origin, reference);
  }
  const repo = tree.entry(origin)?.repo ?? 'main';
  const entry = readEntry(
    side.apkbuild.text,
    { repo, folder: origin, startdir: dirname(side.apkbuild.path) },
    { carch: carchOf(side) },
  );
  return buildPasses(tree, entry, reference);
}

/**
 * `apkharden compare A B [--index APKINDEX]... [--aports DIR] [--profile P] [--keys DIR]
 * [--format text|json|markdown]`: original (A) vs hardened (B) build outputs, each package's
 * signature verified. Exit 0 when the report was made (whatever the signatures), 2 when an
 * input or the keys folder cannot be read or the usage is wrong.
 */
export async function runCompare(files: string[], flags: CompareFlags, io: CliIo): Promise<number> {
  if (files.length !== 2)
    return io.usage(
      'compare needs two inputs: the original and the hardened .apk files or folders',
    );
  if (!FORMATS.includes(flags.format))
    return io.usage(`unknown --format '${flags.format}' (one of ${FORMATS.join(', ')})`);
  const chooser = ProfileChooser.create(flags.profile, io);
  if (typeof chooser === 'number') return chooser;
  if (
    flags.aports !== undefined &&
    !statSync(flags.aports, { throwIfNoEntry: false })?.isDirectory()
  ) {
    io.error(`${flags.aports}: cannot read: not a folder`);
    return 2;
  }
  const sources = readPackageSources({ index: flags.index, sbom: flags.sbom }, io);
  if (sources !== null && 'error' in sources) {
    io.error(sources.error);
    return 2;
  }
  const keys = signatureKeys(flags.keys);
  if (!keys.ok) {
    io.error(keys.message);
    return 2;
  }
  const sides: LoadedSide[] = [];
  for (const file of files) {
    const side = await loadSide(file);
    if ('error' in side) {
      io.error(side.error);
      return 2;
    }
    if (keys.keyring !== null) await verifySide(side, keys.keyring);
    sides.push(side);
  }
  const [original, hardened] = sides;
  const hardenedPath = statSync(files[1]).isDirectory() ? join(files[1], 'APKBUILD') : files[1];
  const loaded = chooser.profileFor(hardenedPath);
  if (loaded === null) return 2;
  const { profile } = loaded;

  const warnings: string[] = keys.keyring === null ? [] : [...keys.keyring.problems];
  let passes: { before: BuildPasses; after: BuildPasses } | null = null;
  if (flags.aports !== undefined) {
    const tree = await loadAportsTree(flags.aports, carchOf(hardened), io);
    const reference = referenceClosure(tree, profile.reference);
    passes = {
      before: sidePasses(original, tree, reference, warnings),
      after: sidePasses(hardened, tree, reference, warnings),
    };
  }
  const report = compareSides({
    original,
    hardened,
    index: sources?.index ?? null,
    reference: profile.reference,
    passes,
    prices: profile.prices,
    warnings,
    signatures:
      keys.keyring === null
        ? { notChecked: keys.notChecked }
        : {
            folder: keys.keyring.folder,
            indexes: await verifyIndexes(flags.index, keys.keyring),
          },
  });
  if (flags.format === 'json') io.print(JSON.stringify(report, null, 2));
  else if (flags.format === 'markdown') io.write(formatCompareMarkdown(report));
  else io.write(formatCompareText(report));
  return 0;
}
