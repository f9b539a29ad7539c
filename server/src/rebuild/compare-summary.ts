/**
 * Wording shared by the text and Markdown forms of a compare report: the one-line summary,
 * sizes, signed differences and money.
 */
import { statusLabel, verdictLine, type SignatureStatus } from '../signature/verdict';
import type { CompareReport, Invoice, ListDelta, NumberDelta } from './compare-report';

/** `3.45 MB`, `812 kB`, `96 B`: decimal units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  for (const [size, unit] of units)
    if (Math.abs(bytes) >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  return `${bytes} B`;
}

/** `+2`, `-7`, `±0`. */
export function signed(value: number, format: (n: number) => string = String): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${format(value)}` : `-${format(-value)}`;
}

export function money(value: number): string {
  return value.toFixed(2);
}

/** `9 -> 2 (-7)`. */
export function beforeAfter(delta: NumberDelta, format: (n: number) => string = String): string {
  return `${format(delta.before)} -> ${format(delta.after)} (${signed(delta.after - delta.before, format)})`;
}

/** Counts of a list delta's sides: before = removed + kept, after = added + kept. */
export function deltaCounts(delta: ListDelta): NumberDelta {
  return { before: delta.removed.length + delta.kept, after: delta.added.length + delta.kept };
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

function listed(label: string, items: string[], max = 8): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max).join(', ');
  return `; ${label}: ${shown}${items.length > max ? `, and ${items.length - max} more` : ''}`;
}

/**
 * `Hardened build installs 2 packages instead of 9 (-7); removed sonames: ...`; without an
 * index, the same about its depends.
 */
export function summaryLine(report: CompareReport): string {
  let head: string;
  if (report.closure?.main) {
    // What a deployment installs: the main package, as the seed's `apk add lighttpd` counts.
    const { package: name, before, after } = report.closure.main;
    const count = { before: before.packages.length, after: after.packages.length };
    head = `apk add ${name} installs ${plural(count.after, 'package')} instead of ${count.before} (${signed(count.after - count.before)})`;
  } else if (report.closure !== null) {
    const { before, after } = report.closure;
    const count = { before: before.packages.length, after: after.packages.length };
    head = `Hardened build installs ${plural(count.after, 'package')} instead of ${count.before} (${signed(count.after - count.before)})`;
  } else {
    const count = deltaCounts(report.depends);
    head = `Hardened build declares ${plural(count.after, 'dependency', 'dependencies')} instead of ${count.before} (${signed(count.after - count.before)})`;
  }
  const removed = report.sonamesNeeded.removed;
  const tail =
    removed.length > 0
      ? listed('removed sonames', removed)
      : listed('removed depends', report.depends.removed);
  const added = listed('added sonames', report.sonamesNeeded.added);
  return `${head}${tail}${added}`;
}

/** Every component of either invoice with its price on each side (null: not on that side). */
export function invoiceRows(
  before: Invoice,
  after: Invoice,
): { component: string; before: number | null; after: number | null }[] {
  const rows = new Map<string, { before: number | null; after: number | null }>();
  for (const line of before.lines) rows.set(line.component, { before: line.price, after: null });
  for (const line of after.lines)
    rows.set(line.component, {
      before: rows.get(line.component)?.before ?? null,
      after: line.price,
    });
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([component, prices]) => ({ component, ...prices }));
}

const SIGNATURE_ORDER: SignatureStatus[] = [
  'verified',
  'unsigned',
  'unknown-key',
  'altered',
  'unreadable',
];

/**
 * The inputs' signatures in a line: `3 verified (keys /etc/apk/keys)`, `1 verified, 1 unsigned
 * (keys DIR)`, or why they were not checked. Null for a report without the section.
 */
export function signatureSummary(report: CompareReport): string | null {
  const signatures = report.signatures;
  if (signatures === undefined) return null;
  if (signatures.keys === null) return signatures.notChecked ?? 'signatures were not checked';
  const counts = SIGNATURE_ORDER.filter((s) => signatures.counts[s] > 0).map(
    (s) => `${signatures.counts[s]} ${statusLabel(s)}`,
  );
  const indexes = signatures.indexes.filter((i) => i.verdict.status === 'verified').length;
  const indexPart =
    signatures.indexes.length === 0
      ? ''
      : `; indexes: ${indexes} of ${signatures.indexes.length} verified`;
  return `${counts.length > 0 ? counts.join(', ') : 'no packages'}${indexPart} (keys ${signatures.keys})`;
}

/** One line for each input package or index whose signature did not verify: file, verdict, why. */
export function signatureProblems(report: CompareReport): string[] {
  const keys = report.signatures?.keys;
  if (keys === null || keys === undefined) return [];
  const packages = [...report.original.packages, ...report.hardened.packages].flatMap((p) =>
    p.signature === undefined || p.signature.status === 'verified'
      ? []
      : [verdictLine({ file: p.file, kind: 'package', verdict: p.signature }, keys)],
  );
  const indexes = (report.signatures?.indexes ?? []).filter((i) => i.verdict.status !== 'verified');
  return [...packages, ...indexes.map((i) => verdictLine(i, keys))];
}
