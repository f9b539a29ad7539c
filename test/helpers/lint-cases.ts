/** Lint test cases: a valid head, and reading findings and their fixes back from a text. */
import { expect } from 'vitest';
import { analyzeApkbuild, parseShell } from '../../server/src/apkbuild';
import { lintApkbuild, type LintFinding } from '../../server/src/lint';

/** The variables abuild validate requires, so the snippets below only show what they test. */
export const HEAD =
  'pkgname=foo\npkgver=1.0\npkgrel=0\npkgdesc="Foo"\nurl="https://example.org"\narch="all"\nlicense="MIT"\n';

export function lint(text: string): LintFinding[] {
  return lintApkbuild(analyzeApkbuild(text));
}

export function only(code: string, text: string): LintFinding[] {
  return lint(text).filter((f) => f.code === code);
}

export function rangeText(text: string, finding: LintFinding): string {
  return text.slice(finding.range.start, finding.range.end);
}

/** Applies the fixes in order, skipping an edit that overlaps one already taken. */
export function applyFixes(text: string, findings: readonly LintFinding[]): string {
  const taken: { start: number; end: number; newText: string }[] = [];
  for (const finding of findings)
    for (const edit of finding.fix?.edits ?? [])
      if (taken.every((t) => edit.range.end <= t.start || edit.range.start >= t.end))
        taken.push({ ...edit.range, newText: edit.newText });
  let fixed = text;
  for (const edit of taken.sort((a, b) => b.start - a.start))
    fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
  return fixed;
}

/** The one finding of `code` in `text`: its range text, and the file after its fix. */
export function single(code: string, text: string): { range: string; fixed: string | null } {
  const findings = only(code, text);
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  const fixed = finding.fix ? applyFixes(text, [finding]) : null;
  if (fixed !== null) expect(parseShell(fixed).diagnostics).toEqual([]);
  return { range: rangeText(text, finding), fixed };
}
