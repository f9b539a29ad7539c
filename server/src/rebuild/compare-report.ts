/**
 * The shape of a compare report: original vs hardened build outputs. The CLI prints it as
 * JSON (`apkharden compare --format json`), the VS Code compare view renders it, and the text
 * and Markdown formats are made from it. Plain data only, so it crosses process boundaries.
 */
import type { FileVerdict, SignatureStatus, SignatureVerdict } from '../signature/verdict';

export const COMPARE_REPORT_SCHEMA = 'apkbuild-hardening/compare-report/1';

/** What one side of the comparison is: a set of .apk files read from a folder or a list. */
export interface CompareSide {
  /** The folder or file(s) the packages were read from, as given. */
  source: string;
  packages: PackageSummary[];
}

/** One .apk file, read without extracting it. */
export interface PackageSummary {
  file: string;
  name: string;
  version: string;
  arch: string;
  origin: string;
  /** `size` from .PKGINFO: the installed size in bytes. */
  installedSize: number;
  /** Size of the .apk file itself. */
  fileSize: number;
  /** `depend` lines of .PKGINFO, as written (`so:libc.musl-x86_64.so.1`, `!foo`, `bar>=1`). */
  depends: string[];
  /** `provides` lines of .PKGINFO, as written (`so:liblber.so.2=2.6.6`, `cmd:lighttpd=1.4.73`). */
  provides: string[];
  /** DT_NEEDED of every ELF file in the data tar, deduplicated and sorted. */
  sonamesNeeded: string[];
  /** Paths of the data tar's regular files and symlinks, sorted, without a leading `/`. */
  files: string[];
  /** The signature verdict against the keys folder; absent when signatures were not checked. */
  signature?: SignatureVerdict;
}

/** Whether and against what the inputs' signatures were checked, and what was found. */
export interface CompareSignatures {
  /** The keys folder the packages were verified against; null when none was. */
  keys: string | null;
  /** Why signatures were not checked (no keys folder); null when they were. */
  notChecked: string | null;
  /** How many input packages of both sides got each verdict. */
  counts: Record<SignatureStatus, number>;
  /** The verdict on each `--index` file (a plain, not gzipped, APKINDEX is unsigned). */
  indexes: FileVerdict[];
}

/** A set difference, with both sides sorted. */
export interface ListDelta {
  removed: string[];
  added: string[];
  /** How many items both sides share. */
  kept: number;
}

export interface NumberDelta {
  before: number;
  after: number;
}

/** Package with the same name on both sides (or on one side only). */
export interface PackageComparison {
  name: string;
  presence: 'both' | 'original-only' | 'hardened-only';
  depends: ListDelta;
  provides: ListDelta;
  /** DT_NEEDED of the package's ELF files, less the sonames its side provides itself. */
  sonamesNeeded: ListDelta;
  installedSize: NumberDelta;
  files: ListDelta;
}

/** `apk add` of every package of one side on top of the reference, from an APKINDEX. */
export interface ClosureSide {
  /** Package names installed on top of the reference, sorted. */
  packages: string[];
  installedSize: number;
  /** Dependencies no loaded repository provides: listed, never guessed. */
  unresolved: string[];
}

export interface InvoiceLine {
  /** A package name (install closure) or an origin (build passes). */
  component: string;
  price: number;
}

/** Cost per dependency, priced from the profile's `prices` table. */
export interface Invoice {
  lines: InvoiceLine[];
  subtotal: number;
  /** Percentage from the profile (`prices.tax`), 0 when none. */
  taxPercent: number;
  tax: number;
  total: number;
}

export interface CompareReport {
  schema: typeof COMPARE_REPORT_SCHEMA;
  original: CompareSide;
  hardened: CompareSide;
  /** One entry per package name found on either side, sorted by name. */
  packages: PackageComparison[];
  /** Unions over all packages of a side. */
  depends: ListDelta;
  provides: ListDelta;
  /**
   * The sonames each side needs from outside itself: DT_NEEDED less the sonames the side's own
   * packages provide (`provides = so:NAME=...`), so a library another of its files needs is
   * not counted as a dependency.
   */
  sonamesNeeded: ListDelta;
  installedSize: NumberDelta;
  fileCount: NumberDelta;
  /**
   * With an APKINDEX: the install closure before and after of `apk add` of every package the
   * side built (its subpackages included), and of the main package alone in `main` (what
   * `apk add lighttpd` installs: the figure a deployment sees), when both sides built it.
   */
  closure: {
    before: ClosureSide;
    after: ClosureSide;
    delta: ListDelta;
    main?: { package: string; before: ClosureSide; after: ClosureSide; delta: ListDelta } | null;
  } | null;
  /** With an aports tree: origins to build from source, pass by pass, before and after. */
  passes: { before: string[][]; after: string[][]; delta: ListDelta } | null;
  /** The components priced: the install closure when known, else the depends. */
  cost: { basis: 'install-closure' | 'build-passes' | 'depends'; before: Invoice; after: Invoice };
  /**
   * The inputs' signatures (each package's verdict is on its summary). Absent from reports
   * made before signatures were checked.
   */
  signatures?: CompareSignatures;
  /** What could not be read or resolved, each naming the file or package. */
  warnings: string[];
}
