import { LineIndex, parseShell, type ApkbuildModel, type SyntaxDiagnostic } from '../apkbuild';
import { applyEdits, type TextEdit } from './text-edits';

/**
 * The fixed text, or why the edits must not be applied: a sentence without the file name, and
 * whether the file itself is at fault (it does not parse) or the fixed text would be.
 */
export type FixCheck =
  { ok: true; text: string } | { ok: false; reason: string; fault: 'file' | 'fix' };

function describe(lines: LineIndex, d: SyntaxDiagnostic): string {
  const at = lines.positionAt(d.start);
  return `${at.line + 1}:${at.character + 1} (${d.message})`;
}

/**
 * The one rule every fix obeys, in the CLI and in the editor: it never makes the file's syntax
 * worse. A file with a syntax error gets no edit at all: the parser reports an error where it
 * becomes certain (an unmatched `}` near the end, say), which may lie far below where it and
 * bash first read the text differently (a NUL byte, which bash drops, before a `{`), so no
 * edit is known to touch only commands that parse. A file that parses must parse after the
 * edits too.
 */
export function checkFix(model: ApkbuildModel, edits: readonly TextEdit[]): FixCheck {
  if (edits.length === 0) return { ok: true, text: model.text };
  const before = model.syntaxDiagnostics[0];
  if (before) {
    return {
      ok: false,
      reason: `the file has a syntax error at ${describe(model.lines, before)}; fixes apply only to a file that parses`,
      fault: 'file',
    };
  }
  const text = applyEdits(model.text, edits);
  const after = parseShell(text).diagnostics[0];
  if (after) {
    return {
      ok: false,
      reason: `the fixed text would have a syntax error at ${describe(new LineIndex(text), after)}`,
      fault: 'fix',
    };
  }
  return { ok: true, text };
}
