import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LineIndex, type ApkbuildModel, type Span } from '../apkbuild';
import type { Finding, LoadedProfile } from '../hardening';
import type { DocumentAnalysis } from '../document-analysis';
import type { LintFinding } from '../lint';
import type { ServerSettings, SeveritySetting } from '../settings-schema';
import { codePage } from './code-pages';
import { findingEvidence, type EvidenceContext } from './finding-evidence';

const SEVERITY: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function rangeOf(lines: LineIndex, span: Span): Diagnostic['range'] {
  return {
    start: lines.positionAt(span.start),
    end: lines.positionAt(Math.max(span.end, span.start + 1)),
  };
}

/** Syntax errors of the shell parser. */
export function syntaxDiagnostics(model: ApkbuildModel): Diagnostic[] {
  return model.syntaxDiagnostics.map((d) => ({
    range: rangeOf(model.lines, d),
    severity: DiagnosticSeverity.Error,
    source: 'apkbuild',
    code: 'syntax',
    message: d.message,
  }));
}

/**
 * Where static evaluation spent its budget: what the file sets after that point is unknown,
 * so findings that depend on it are missing. A warning, on the rest of the line that went over.
 */
function evaluationDiagnostics(model: ApkbuildModel): Diagnostic[] {
  const stop = model.evaluationStop;
  if (!stop) return [];
  const lineEnd = model.text.indexOf('\n', stop.offset);
  const end = lineEnd === -1 ? model.text.length : lineEnd;
  return [
    {
      range: rangeOf(model.lines, { start: stop.offset, end }),
      severity: DiagnosticSeverity.Warning,
      source: 'apkbuild',
      code: 'evaluation-stopped',
      message: `${stop.reason}: values set after this point are unknown`,
    },
  ];
}

/** What code actions need to find a hardening finding again from its diagnostic. */
export interface FindingData {
  subject: string;
  start: number;
}

/** The link to the code's page (docs/codes), where there is one. */
function linked(diagnostic: Diagnostic): Diagnostic {
  const href = typeof diagnostic.code === 'string' ? codePage(diagnostic.code) : undefined;
  return href ? { ...diagnostic, codeDescription: { href } } : diagnostic;
}

/**
 * A finding as a diagnostic: its one-clause summary (the Problems panel shows one line), the
 * evidence as related information where `context` says where it is, and its code's page. The
 * whole explanation is the hover's.
 */
export function findingDiagnostic(
  model: ApkbuildModel,
  finding: Finding,
  severity: DiagnosticSeverity,
  context?: EvidenceContext,
): Diagnostic {
  const data: FindingData = { subject: finding.subject, start: finding.range.start };
  const related = context ? findingEvidence(model, finding, context) : [];
  return linked({
    range: rangeOf(model.lines, finding.range),
    severity,
    source: 'apkbuild-hardening',
    code: finding.code,
    message: finding.summary,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  });
}

/** Lint findings: rules that are errors (a missing pkgname) stay errors; the setting sets the rest. */
function lintDiagnostics(
  model: ApkbuildModel,
  lint: readonly LintFinding[],
  settings: Pick<ServerSettings, 'severity'>,
): Diagnostic[] {
  if (settings.severity.lint === 'off') return [];
  const configured = SEVERITY[settings.severity.lint];
  return lint.map((finding) => ({
    range: rangeOf(model.lines, finding.range),
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : configured,
    source: 'apkbuild-lint',
    code: finding.code,
    message: finding.message,
  }));
}

/** Why a document has no hardening findings at all (too large, its evaluation stopped). */
function notJudgedDiagnostic(model: ApkbuildModel, skipped: string): Diagnostic {
  return {
    range: rangeOf(model.lines, { start: 0, end: Math.max(model.text.indexOf('\n'), 1) }),
    severity: DiagnosticSeverity.Information,
    source: 'apkbuild-hardening',
    code: 'harden/not-judged',
    message: `No hardening findings: ${skipped}`,
  };
}

/**
 * What a document shows before any hardening finding: syntax, where evaluation stopped, lint,
 * and why the file was not judged (`skipped`). A document too large to judge shows only this.
 */
export function modelDiagnostics(
  model: ApkbuildModel,
  lint: readonly LintFinding[],
  settings: Pick<ServerSettings, 'severity'>,
  skipped: string | null,
): Diagnostic[] {
  const out = [
    ...syntaxDiagnostics(model),
    ...evaluationDiagnostics(model),
    ...lintDiagnostics(model, lint, settings),
  ];
  if (skipped && settings.severity.hardening !== 'off')
    out.push(notJudgedDiagnostic(model, skipped));
  return out.map(linked);
}

/**
 * Everything wrong or removable in a document. Lint rules that are errors (a missing pkgname)
 * stay errors; the setting sets the rest, and "off" hides a whole group.
 */
export function documentDiagnostics(doc: DocumentAnalysis): Diagnostic[] {
  const { model, settings } = doc;
  const out = modelDiagnostics(model, doc.lint, settings, doc.hardening.skipped);
  const context: EvidenceContext = { uri: doc.uri, hardening: doc.hardening, profile: doc.profile };
  if (settings.severity.hardening !== 'off') {
    const severity = SEVERITY[settings.severity.hardening];
    // Advice (no fix is applied) never outranks information; a kept makedepend is a hint.
    const advice = Math.max(severity, DiagnosticSeverity.Information) as DiagnosticSeverity;
    for (const finding of doc.hardening.findings) {
      const level =
        finding.code === 'harden/kept-makedepend'
          ? DiagnosticSeverity.Hint
          : finding.verified
            ? severity
            : advice;
      out.push(findingDiagnostic(model, finding, level, context));
    }
  }
  return out;
}

/** Problems in the profile file, for publishing on the profile's own URI. */
export function profileDiagnostics(loaded: LoadedProfile): Diagnostic[] {
  const lines = new LineIndex(loaded.text ?? '');
  return loaded.diagnostics
    .map((d) => ({
      range: rangeOf(lines, d.range),
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'apkbuild-hardening',
      code: 'profile',
      message: d.message,
    }))
    .map(linked);
}
