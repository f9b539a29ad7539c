import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ApkbuildModel } from '../apkbuild';

/** Syntax errors of the shell parser as LSP diagnostics. */
export function syntaxDiagnostics(model: ApkbuildModel): Diagnostic[] {
  return model.syntaxDiagnostics.map((d) => ({
    range: {
      start: model.lines.positionAt(d.start),
      end: model.lines.positionAt(Math.max(d.end, d.start + 1)),
    },
    severity: DiagnosticSeverity.Error,
    source: 'apkbuild',
    code: 'syntax',
    message: d.message,
  }));
}
