/**
 * Original vs hardened build outputs, from packages already read (see compare-side.ts): per
 * package and overall deltas, the install closure of each side on top of the reference image
 * when an APKINDEX is given, the build passes when the caller worked them out, and the cost
 * of each side's components.
 */
import type { BuildPasses } from '../aports';
import type { Prices } from '../hardening/profile';
import { dependencyName } from '../aports';
import {
  indexPackages,
  installClosure,
  type ApkPackage,
  type Closure,
  type PackageIndex,
} from '../sbom';
import {
  COMPARE_REPORT_SCHEMA,
  type ClosureSide,
  type CompareReport,
  type ListDelta,
  type PackageComparison,
  type PackageSummary,
} from './compare-report';
import type { LoadedSide } from './compare-side';
import { compareSignatures, type SignatureCheck } from './compare-signatures';
import { invoice } from './invoice';

export interface CompareInputs {
  original: LoadedSide;
  hardened: LoadedSide;
  /** The loaded APKINDEX files; null for no closure. */
  index: PackageIndex | null;
  /** The base image package whose closure counts as installed (alpine-base). */
  reference: string;
  /** Each side's build passes, when an aports tree was given. */
  passes: { before: BuildPasses; after: BuildPasses } | null;
  prices: Prices;
  /** Warnings found while loading the other inputs, reported as they are. */
  warnings?: string[];
  /**
   * The keys folder the packages' signatures were verified against (see compare-signatures.ts),
   * or why they were not; absent: not checked.
   */
  signatures?: SignatureCheck;
}

export function listDelta(before: Iterable<string>, after: Iterable<string>): ListDelta {
  const a = new Set(before);
  const b = new Set(after);
  return {
    removed: [...a].filter((x) => !b.has(x)).sort(),
    added: [...b].filter((x) => !a.has(x)).sort(),
    kept: [...a].filter((x) => b.has(x)).length,
  };
}

const union = (packages: PackageSummary[], pick: (p: PackageSummary) => string[]): string[] =>
  packages.flatMap(pick);

const sumOf = (packages: PackageSummary[], pick: (p: PackageSummary) => number): number =>
  packages.reduce((total, p) => total + pick(p), 0);

type ListField = 'depends' | 'provides' | 'files';

/** The deltas of one list field, over all the packages of each side. */
const fieldDelta = (
  field: ListField,
  before: PackageSummary[],
  after: PackageSummary[],
): ListDelta =>
  listDelta(
    union(before, (p) => p[field]),
    union(after, (p) => p[field]),
  );

/** The sonames a side's packages provide themselves: `provides = so:NAME=VERSION` in .PKGINFO. */
export function ownSonames(packages: PackageSummary[]): Set<string> {
  const own = new Set<string>();
  for (const token of union(packages, (p) => p.provides)) {
    if (!token.startsWith('so:')) continue;
    const name = token.slice(3).split('=')[0];
    if (name !== '') own.add(name);
  }
  return own;
}

/**
 * The sonames the packages need from outside their side: DT_NEEDED less what the side itself
 * provides (pcre2's libpcre2-posix needs libpcre2-8, which pcre2 ships: not a dependency).
 */
export function sonamesNeededOutside(packages: PackageSummary[], own: Set<string>): string[] {
  return union(packages, (p) => p.sonamesNeeded).filter((soname) => !own.has(soname));
}

/** The sonames each side provides itself, which that side's needs leave out. */
interface OwnSonames {
  before: Set<string>;
  after: Set<string>;
}

/** The measures shared by one package and a whole side: list deltas and installed size. */
function measures(before: PackageSummary[], after: PackageSummary[], own: OwnSonames) {
  return {
    depends: fieldDelta('depends', before, after),
    provides: fieldDelta('provides', before, after),
    sonamesNeeded: listDelta(
      sonamesNeededOutside(before, own.before),
      sonamesNeededOutside(after, own.after),
    ),
    installedSize: {
      before: sumOf(before, (p) => p.installedSize),
      after: sumOf(after, (p) => p.installedSize),
    },
  };
}

function comparePackage(
  name: string,
  before: PackageSummary | undefined,
  after: PackageSummary | undefined,
  own: OwnSonames,
): PackageComparison {
  const b = before ? [before] : [];
  const a = after ? [after] : [];
  return {
    name,
    presence: before && after ? 'both' : before ? 'original-only' : 'hardened-only',
    ...measures(b, a, own),
    files: fieldDelta('files', b, a),
  };
}

/**
 * `apk add` of every package of the side, on top of the reference: the side's own packages
 * replace the index records of the same name (the index has the distribution's build, the
 * side's depends are what was built).
 */
export function installSide(
  side: LoadedSide,
  index: PackageIndex,
  reference: string,
  targets?: string[],
): Closure {
  const own = new Set(side.records.map((r) => r.name));
  const records: ApkPackage[] = [
    ...index.packages.filter((p) => !own.has(p.name)),
    ...side.records,
  ];
  return installClosure(indexPackages(records), targets ?? [...own].sort(), {
    base: [reference],
  });
}

/** The side's install closure: of every package it built, or of `targets` alone. */
export function sideClosure(
  side: LoadedSide,
  index: PackageIndex,
  reference: string,
  targets?: string[],
): ClosureSide {
  const closure = installSide(side, index, reference, targets);
  return {
    packages: closure.packages.map((p) => p.name).sort(),
    installedSize: closure.installedSize,
    unresolved: closure.unresolved.map((u) =>
      u.neededBy === undefined ? u.token : `${u.token} (needed by ${u.neededBy})`,
    ),
  };
}

/** The package named as its origin (lighttpd of lighttpd), when both sides built it. */
function mainPackage(original: LoadedSide, hardened: LoadedSide): string | null {
  const main = (side: LoadedSide): string[] =>
    side.records.filter((r) => r.name === r.origin).map((r) => r.name);
  const before = new Set(main(original));
  return main(hardened).find((name) => before.has(name)) ?? null;
}

/** Names of the packages depended on, without conflicts (`!name`) and versions. */
function dependedNames(packages: PackageSummary[]): string[] {
  return union(packages, (p) => p.depends).flatMap((token) => dependencyName(token) ?? []);
}

export function compareSides(inputs: CompareInputs): CompareReport {
  const { original, hardened } = inputs;
  const before = original.side.packages;
  const after = hardened.side.packages;
  const byName = (packages: PackageSummary[]): Map<string, PackageSummary> =>
    new Map(packages.map((p) => [p.name, p]));
  const beforeByName = byName(before);
  const afterByName = byName(after);
  const names = [...new Set([...beforeByName.keys(), ...afterByName.keys()])].sort();
  // A soname a side's own packages provide is not a dependency of that side (issue 15, item 5).
  const own: OwnSonames = { before: ownSonames(before), after: ownSonames(after) };

  let closure: CompareReport['closure'] = null;
  if (inputs.index !== null) {
    const closureBefore = sideClosure(original, inputs.index, inputs.reference);
    const closureAfter = sideClosure(hardened, inputs.index, inputs.reference);
    const main = mainPackage(original, hardened);
    const mainBefore = main && sideClosure(original, inputs.index, inputs.reference, [main]);
    const mainAfter = main && sideClosure(hardened, inputs.index, inputs.reference, [main]);
    closure = {
      before: closureBefore,
      after: closureAfter,
      delta: listDelta(closureBefore.packages, closureAfter.packages),
      main:
        main && mainBefore && mainAfter
          ? {
              package: main,
              before: mainBefore,
              after: mainAfter,
              delta: listDelta(mainBefore.packages, mainAfter.packages),
            }
          : null,
    };
  }
  const passes =
    inputs.passes === null
      ? null
      : {
          before: inputs.passes.before.passes,
          after: inputs.passes.after.passes,
          delta: listDelta(inputs.passes.before.passes.flat(), inputs.passes.after.passes.flat()),
        };

  const basis = closure !== null ? 'install-closure' : passes !== null ? 'build-passes' : 'depends';
  const components = (side: 'before' | 'after'): string[] =>
    closure !== null
      ? closure[side].packages
      : passes !== null
        ? passes[side].flat()
        : dependedNames(side === 'before' ? before : after);

  return {
    schema: COMPARE_REPORT_SCHEMA,
    original: original.side,
    hardened: hardened.side,
    packages: names.map((name) =>
      comparePackage(name, beforeByName.get(name), afterByName.get(name), own),
    ),
    ...measures(before, after, own),
    fileCount: {
      before: sumOf(before, (p) => p.files.length),
      after: sumOf(after, (p) => p.files.length),
    },
    closure,
    passes,
    cost: {
      basis,
      before: invoice(components('before'), inputs.prices),
      after: invoice(components('after'), inputs.prices),
    },
    signatures: compareSignatures(
      [...before, ...after],
      inputs.signatures ?? { notChecked: 'signatures were not checked' },
    ),
    warnings: [...(inputs.warnings ?? []), ...original.warnings, ...hardened.warnings],
  };
}
