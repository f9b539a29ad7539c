/**
 * What the compare view draws, made from a CompareReport without VS Code or a DOM, so it can be
 * tested: the install closure before and after, what left it, sizes, build passes and the
 * cost-per-dependency invoices. The view script (media/compare-view.js) only renders this.
 */
import type {
  ClosureSide,
  CompareReport,
  Invoice,
  ListDelta,
} from '../../server/src/rebuild/compare-report';

export interface BarPair {
  label: string;
  before: number;
  after: number;
  /** How to print the numbers: a count, or bytes. */
  unit: 'count' | 'bytes';
}

export interface InvoiceView {
  basis: string;
  before: Invoice;
  after: Invoice;
  /** Components priced before and not after. */
  dropped: string[];
}

export interface CompareViewModel {
  title: string;
  /** Bars for the chart, each drawn as before/after. */
  bars: BarPair[];
  /**
   * The closure drawn as lists: of the main package when both builds made it (`apk add
   * lighttpd`, what a deployment installs), else of every package built; `label` says which.
   */
  closure: {
    label: string;
    before: string[];
    after: string[];
    removed: string[];
    added: string[];
  } | null;
  removedDepends: string[];
  removedSonames: string[];
  addedSonames: string[];
  passes: { before: string[][]; after: string[][]; removed: string[] } | null;
  invoice: InvoiceView;
  /** Per package: files and installed size before/after, for a table. */
  packages: {
    name: string;
    presence: string;
    sizeBefore: number;
    sizeAfter: number;
    filesRemoved: number;
  }[];
  warnings: string[];
}

const names = (sides: CompareReport['original']): string =>
  [...new Set(sides.packages.map((p) => p.origin || p.name))].sort().join(', ');

function removedOnly(delta: ListDelta): string[] {
  return [...delta.removed];
}

function closureLists(closure: NonNullable<CompareReport['closure']>): CompareViewModel['closure'] {
  const shown = closure.main ?? closure;
  return {
    label: closure.main ? `apk add ${closure.main.package}` : 'apk add of every package built',
    before: shown.before.packages,
    after: shown.after.packages,
    removed: shown.delta.removed,
    added: shown.delta.added,
  };
}

/** The view model of a report. */
export function compareViewModel(report: CompareReport): CompareViewModel {
  const bars: BarPair[] = [];
  const main = report.closure?.main ?? null;
  const closureBars = (what: string, side: { before: ClosureSide; after: ClosureSide }): void => {
    bars.push(
      {
        label: `${what}: packages`,
        before: side.before.packages.length,
        after: side.after.packages.length,
        unit: 'count',
      },
      {
        label: `${what}: installed size`,
        before: side.before.installedSize,
        after: side.after.installedSize,
        unit: 'bytes',
      },
    );
  };
  if (main) closureBars(`apk add ${main.package}`, main);
  if (report.closure) closureBars('every package built', report.closure);
  bars.push(
    { label: 'installed size of the build', unit: 'bytes', ...report.installedSize },
    {
      label: 'sonames needed',
      before: report.sonamesNeeded.removed.length + report.sonamesNeeded.kept,
      after: report.sonamesNeeded.added.length + report.sonamesNeeded.kept,
      unit: 'count',
    },
    { label: 'files', unit: 'count', ...report.fileCount },
  );
  if (report.passes)
    bars.push({
      label: 'origins built from source',
      before: report.passes.before.flat().length,
      after: report.passes.after.flat().length,
      unit: 'count',
    });
  const priced = (invoice: Invoice): Set<string> => new Set(invoice.lines.map((l) => l.component));
  const after = priced(report.cost.after);
  return {
    title: `Compare ${names(report.original) || report.original.source}`,
    bars,
    closure: report.closure && closureLists(report.closure),
    removedDepends: removedOnly(report.depends),
    removedSonames: removedOnly(report.sonamesNeeded),
    addedSonames: [...report.sonamesNeeded.added],
    passes: report.passes && {
      before: report.passes.before,
      after: report.passes.after,
      removed: report.passes.delta.removed,
    },
    invoice: {
      basis: report.cost.basis,
      before: report.cost.before,
      after: report.cost.after,
      dropped: report.cost.before.lines.map((l) => l.component).filter((c) => !after.has(c)),
    },
    packages: report.packages.map((p) => ({
      name: p.name,
      presence: p.presence,
      sizeBefore: p.installedSize.before,
      sizeAfter: p.installedSize.after,
      filesRemoved: p.files.removed.length,
    })),
    warnings: report.warnings,
  };
}

/** Whether a parsed JSON value is a compare report this view understands. */
const SCHEMA: CompareReport['schema'] = 'apkbuild-hardening/compare-report/1';

export function isCompareReport(value: unknown): value is CompareReport {
  return (
    typeof value === 'object' && value !== null && (value as { schema?: unknown }).schema === SCHEMA
  );
}
