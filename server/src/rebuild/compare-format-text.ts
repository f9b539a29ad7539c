/**
 * A compare report for the terminal: the summary line, then one aligned block per measure
 * with the removed (`-`) and added (`+`) items under it.
 */
import type { CompareReport, ListDelta } from './compare-report';
import {
  beforeAfter,
  deltaCounts,
  formatBytes,
  invoiceRows,
  money,
  signatureProblems,
  signatureSummary,
  signed,
  summaryLine,
} from './compare-summary';

const LABEL_WIDTH = 16;

/** The label padded, and always one space before the value. */
const row = (label: string, value: string): string => `${label.padEnd(LABEL_WIDTH)} ${value}`;

/** How many items a delta removes or adds. */
const moved = (delta: ListDelta): number => delta.removed.length + delta.added.length;

/** The counts (and what they count, after a comma), then each item removed or added. */
function deltaBlock(label: string, delta: ListDelta, counted = '', items = true): string[] {
  const lines = [row(label, beforeAfter(deltaCounts(delta)) + (counted && `, ${counted}`))];
  if (!items) return lines;
  for (const item of delta.removed) lines.push(`  - ${item}`);
  for (const item of delta.added) lines.push(`  + ${item}`);
  return lines;
}

function passLines(label: string, passes: string[][]): string[] {
  if (passes.length === 0) return [`  ${label}: none`];
  return passes.map((origins, i) => `  ${label} pass ${i + 1}: ${origins.join(' ')}`);
}

export function formatCompareText(report: CompareReport): string {
  const lines: string[] = [
    `original: ${report.original.source} (${report.original.packages.length} packages)`,
    `hardened: ${report.hardened.source} (${report.hardened.packages.length} packages)`,
    summaryLine(report),
    '',
  ];
  for (const pkg of report.packages) {
    if (pkg.presence !== 'both') {
      lines.push(row(`package ${pkg.name}`, pkg.presence));
      continue;
    }
    const changed =
      moved(pkg.depends) + moved(pkg.files) > 0 ||
      pkg.installedSize.before !== pkg.installedSize.after;
    if (changed)
      lines.push(
        row(
          `package ${pkg.name}`,
          `size ${beforeAfter(pkg.installedSize, formatBytes)}, files ${signed(pkg.files.added.length - pkg.files.removed.length)}`,
        ),
      );
  }
  lines.push(
    ...deltaBlock('depends', report.depends),
    ...deltaBlock('provides', report.provides),
    ...deltaBlock('sonames needed', report.sonamesNeeded),
    row('installed size', beforeAfter(report.installedSize, formatBytes)),
    row('files', beforeAfter(report.fileCount)),
  );
  const signatures = signatureSummary(report);
  if (signatures !== null) lines.push(row('signatures', signatures));
  for (const problem of signatureProblems(report)) lines.push(`  ${problem}`);
  if (report.closure !== null) {
    const { before, after, delta, main } = report.closure;
    const installed = (b: typeof before, a: typeof after): string =>
      row(
        '  installed',
        beforeAfter({ before: b.installedSize, after: a.installedSize }, formatBytes),
      );
    // The main package's closure is what a deployment installs (`apk add lighttpd`); every
    // package built counts the subpackages too. Each says which it is.
    if (main) {
      lines.push(...deltaBlock('install closure', main.delta, `apk add ${main.package}`));
      lines.push(installed(main.before, main.after));
    }
    lines.push(
      ...deltaBlock(
        main ? 'all packages' : 'install closure',
        delta,
        'apk add of every package built',
        !main,
      ),
    );
    lines.push(installed(before, after));
    for (const token of before.unresolved) lines.push(`  unresolved before: ${token}`);
    for (const token of after.unresolved) lines.push(`  unresolved after: ${token}`);
  }
  if (report.passes !== null) {
    lines.push(...deltaBlock('build passes', report.passes.delta));
    lines.push(
      ...passLines('before', report.passes.before),
      ...passLines('after', report.passes.after),
    );
  }
  const { before, after, basis } = report.cost;
  lines.push(
    row(`cost (${basis})`, beforeAfter({ before: before.total, after: after.total }, money)),
  );
  const rows = invoiceRows(before, after);
  const width = Math.max(0, ...rows.map((r) => r.component.length));
  const cell = (price: number | null): string => (price === null ? '-' : money(price)).padStart(8);
  for (const r of rows)
    lines.push(`  ${r.component.padEnd(width)} ${cell(r.before)} ${cell(r.after)}`);
  const footer = (label: string, b: number, a: number): string =>
    `  ${label.padEnd(width)} ${cell(b)} ${cell(a)}`;
  lines.push(footer('subtotal', before.subtotal, after.subtotal));
  if (before.taxPercent !== 0)
    lines.push(footer(`tax ${before.taxPercent}%`, before.tax, after.tax));
  lines.push(footer('total', before.total, after.total));
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
