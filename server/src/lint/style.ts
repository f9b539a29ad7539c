import type { ApkbuildModel, Span } from '../apkbuild';
import { parseShell } from '../apkbuild';
import { walk } from '../apkbuild/visit';
import { finding } from './rules';
import type { LintFinding } from './types';

/**
 * Where blanks at the end of a line are part of a value: quoted strings, heredoc bodies and
 * backtick bodies. The values of list variables are exempt, since abuild splits them on blanks.
 */
function significantBlanks(model: ApkbuildModel): { inside: Span[]; exempt: Span[] } {
  const inside: Span[] = [];
  walk(model.script, (node) => {
    if (node.kind === 'single-quoted' || node.kind === 'double-quoted') inside.push(node);
    else if (node.kind === 'command-substitution' && node.backtick) inside.push(node);
    else if (node.kind === 'redirect' && node.heredoc)
      inside.push({ start: node.heredoc.bodyStart, end: node.heredoc.bodyEnd });
  });
  const exempt = model.assignments
    .filter((a) => a.items !== null && a.valueRange !== null)
    .map((a) => a.valueRange!);
  return { inside, exempt };
}

function within(offset: number, spans: readonly Span[]): boolean {
  return spans.some((span) => span.start < offset && offset < span.end);
}

/** Blanks that end a line, found by looking back from each line end (a regex scan is slower). */
function trailingBlankRuns(text: string): Span[] {
  const runs: Span[] = [];
  for (let from = 0; from <= text.length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const lineEnd = text[end - 1] === '\r' ? end - 1 : end;
    let start = lineEnd;
    while (start > from && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    if (start < lineEnd) runs.push({ start, end: lineEnd });
    from = end + 1;
  }
  return runs;
}

/** AL8; the fix is offered only where deleting the blanks cannot change a value. */
function trailingWhitespace(model: ApkbuildModel): LintFinding[] {
  const text = model.text;
  const runs = trailingBlankRuns(text);
  if (runs.length === 0) return [];
  const { inside, exempt } = significantBlanks(model);
  return runs.map((range) => {
    // `\ ` is an escaped blank; without it the backslash would join the next line.
    const safe =
      text[range.start - 1] !== '\\' &&
      (!within(range.start, inside) || within(range.start, exempt));
    return finding(
      'AL8',
      'This line ends in blanks. Delete the trailing whitespace.',
      range,
      safe ? { title: 'Delete trailing whitespace', edits: [{ range, newText: '' }] } : undefined,
    );
  });
}

/** `$(...)` parses the body as it is written; only a body without backslashes means the same. */
function dollarForm(body: string): string | null {
  if (body.includes('\\')) return null;
  const replacement = `$(${body})`;
  return parseShell(`: ${replacement}\n`).diagnostics.length === 0 ? replacement : null;
}

/** AL25: backticks need escaping to nest and read badly; `$(...)` has neither problem. */
function backticks(model: ApkbuildModel): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!model.text.includes('`')) return findings; // most files have none: skip the tree walk
  walk(model.script, (node) => {
    if (node.kind !== 'command-substitution' || !node.backtick) return;
    const range = { start: node.start, end: node.end };
    const closed = node.end - node.start >= 2 && model.text[node.end - 1] === '`';
    const replacement = closed ? dollarForm(model.text.slice(node.start + 1, node.end - 1)) : null;
    findings.push(
      finding(
        'AL25',
        'Backticks are used for command substitution; use $(...) instead, which nests and quotes predictably.',
        range,
        replacement === null
          ? undefined
          : { title: 'Use $(...) instead of backticks', edits: [{ range, newText: replacement }] },
      ),
    );
  });
  return findings;
}

export function checkStyle(model: ApkbuildModel): LintFinding[] {
  return [...trailingWhitespace(model), ...backticks(model)];
}
