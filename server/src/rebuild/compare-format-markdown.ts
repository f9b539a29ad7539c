/**
 * A compare report as a pull-request comment: the summary line first, then tables of the
 * measures, the closure and the invoices; long lists fold into <details>.
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
  summaryLine,
} from './compare-summary';

/** Backslash-escapes what would break a table cell or start Markdown formatting. */
function cell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`);
}

const code = (items: string[]): string =>
  items.length === 0 ? '' : items.map((item) => `\`${item.replace(/`/g, "'")}\``).join(' ');

function deltaRow(label: string, delta: ListDelta): string {
  return `| ${label} | ${beforeAfter(deltaCounts(delta))} | ${code(delta.removed)} | ${code(delta.added)} |`;
}

/** Text inside an HTML element: entities, not backslashes. */
const html = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${html(summary)}</summary>`, '', ...body, '', '</details>', ''];
}

export function formatCompareMarkdown(report: CompareReport): string {
  const lines: string[] = [
    `**${cell(summaryLine(report))}**`,
    '',
    '| | original -> hardened | removed | added |',
    '|---|---|---|---|',
    deltaRow('depends', report.depends),
    deltaRow('provides', report.provides),
    deltaRow('sonames needed', report.sonamesNeeded),
  ];
  if (report.closure?.main)
    lines.push(
      deltaRow(
        `install closure, apk add ${report.closure.main.package}`,
        report.closure.main.delta,
      ),
    );
  if (report.closure !== null)
    lines.push(deltaRow('install closure, every package built', report.closure.delta));
  if (report.passes !== null) lines.push(deltaRow('build-pass origins', report.passes.delta));
  lines.push(
    `| installed size | ${beforeAfter(report.installedSize, formatBytes)} | | |`,
    `| files | ${beforeAfter(report.fileCount)} | | |`,
  );
  if (report.closure !== null) {
    const { before, after } = report.closure;
    lines.push(
      `| closure installed size | ${beforeAfter({ before: before.installedSize, after: after.installedSize }, formatBytes)} | | |`,
    );
  }
  const signatures = signatureSummary(report);
  if (signatures !== null) lines.push(`| signatures | ${cell(signatures)} | | |`);
  lines.push('');
  const problems = signatureProblems(report);
  if (problems.length > 0)
    lines.push(
      '**Inputs whose signature does not verify:**',
      '',
      ...problems.map((problem) => `- ${cell(problem)}`),
      '',
    );

  const { before, after, basis } = report.cost;
  const invoice = [
    `Priced by ${basis}; currency as in the profile's price table.`,
    '',
    '| component | original | hardened |',
    '|---|---:|---:|',
    ...invoiceRows(before, after).map(
      (r) =>
        `| ${cell(r.component)} | ${r.before === null ? '' : money(r.before)} | ${r.after === null ? '' : money(r.after)} |`,
    ),
    `| subtotal | ${money(before.subtotal)} | ${money(after.subtotal)} |`,
  ];
  if (before.taxPercent !== 0)
    invoice.push(`| tax ${before.taxPercent}% | ${money(before.tax)} | ${money(after.tax)} |`);
  invoice.push(`| **total** | **${money(before.total)}** | **${money(after.total)}** |`);
  lines.push(...details(`Cost: ${money(before.total)} -> ${money(after.total)}`, invoice));

  const packages = report.packages.map(
    (p) =>
      `| ${cell(p.name)} | ${p.presence} | ${beforeAfter(p.installedSize, formatBytes)} | ${beforeAfter(deltaCounts(p.files))} |`,
  );
  lines.push(
    ...details(`Packages (${report.packages.length})`, [
      '| package | built | installed size | files |',
      '|---|---|---|---|',
      ...packages,
    ]),
  );
  if (report.passes !== null) {
    const passRows = (label: string, passes: string[][]): string[] =>
      passes.map((origins, i) => `| ${label} | ${i + 1} | ${code(origins)} |`);
    lines.push(
      ...details('Build passes', [
        '| side | pass | origins |',
        '|---|---|---|',
        ...passRows('original', report.passes.before),
        ...passRows('hardened', report.passes.after),
      ]),
    );
  }
  for (const warning of report.warnings) lines.push(`> warning: ${cell(warning)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
