/**
 * Lint findings as the CLI reports them, by `apkharden lint` and inside `check`: located by
 * line and column, as text lines, JSON records and a SARIF run of their own (the lint rules
 * are not the hardening analyzer's).
 */
import type { ApkbuildModel } from '../apkbuild';
import { LINT_RULES, lintApkbuild, type LintFinding, type LintSeverity } from '../lint';
import { artifactUri, sarifLocation, type SarifLocation } from './sarif';

/** A file's lint: its findings and the syntax errors, the latter as code `syntax`. */
export function lintOf(model: ApkbuildModel): LintFinding[] {
  const syntax: LintFinding[] = model.syntaxDiagnostics.map((d) => ({
    code: 'syntax',
    severity: 'error',
    message: d.message,
    range: { start: d.start, end: d.end },
  }));
  return [...syntax, ...lintApkbuild(model)].sort((a, b) => a.range.start - b.range.start);
}

/** One lint finding with one-based line and column numbers; the end is exclusive. */
export interface LocatedLint {
  code: string;
  severity: LintSeverity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** The title of its fix when `fix --lint` can apply one; null when it has none. */
  fix: string | null;
}

export function locateLint(model: ApkbuildModel, findings: readonly LintFinding[]): LocatedLint[] {
  return findings.map((finding) => {
    const start = model.lines.positionAt(finding.range.start);
    const end = model.lines.positionAt(finding.range.end);
    return {
      code: finding.code,
      severity: finding.severity,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      message: finding.message,
      fix: finding.fix?.title ?? null,
    };
  });
}

/** `FILE:LINE:COL: CODE: message (severity)`, one a finding. */
export function lintTextLines(path: string, located: readonly LocatedLint[]): string[] {
  return located.map(
    (l) => `${path}:${l.line}:${l.column}: ${l.code}: ${l.message} (${l.severity})`,
  );
}

/** "2 lint findings (1 error)", or null for none. */
export function lintCountText(located: readonly LocatedLint[]): string | null {
  if (located.length === 0) return null;
  const errors = located.filter((l) => l.severity === 'error').length;
  const count = `${located.length} lint finding${located.length === 1 ? '' : 's'}`;
  return errors > 0 ? `${count} (${errors} error${errors === 1 ? '' : 's'})` : count;
}

const SARIF_LEVEL: Record<LintSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** The lint rules of a SARIF run: every code, so `ruleIndex` is the same in every log. */
const LINT_SARIF_RULES = [
  { id: 'syntax', shortDescription: { text: 'The file is not valid shell.' } },
  ...LINT_RULES.map((rule) => ({ id: rule.code, shortDescription: { text: rule.description } })),
];

export interface LintSarifRun {
  tool: { driver: { name: string; rules: typeof LINT_SARIF_RULES } };
  results: {
    ruleId: string;
    ruleIndex: number;
    level: 'error' | 'warning' | 'note';
    message: { text: string };
    locations: SarifLocation[];
  }[];
}

/** A SARIF run of the files' lint (`files`: path and located findings). */
export function lintSarifRun(
  files: readonly { path: string; located: LocatedLint[] }[],
): LintSarifRun {
  const index = new Map(LINT_SARIF_RULES.map((rule, i) => [rule.id, i]));
  return {
    tool: { driver: { name: 'apkharden lint', rules: LINT_SARIF_RULES } },
    results: files.flatMap(({ path, located }) =>
      located.map((l) => ({
        ruleId: l.code,
        ruleIndex: index.get(l.code) ?? -1,
        level: SARIF_LEVEL[l.severity],
        message: { text: l.message },
        locations: [sarifLocation(artifactUri(path), l)],
      })),
    ),
  };
}
