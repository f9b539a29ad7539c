import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { ApkbuildModel, Span } from '../apkbuild';
import {
  checkFix,
  DEFAULT_PROFILE,
  fixAll,
  fixesForFinding,
  type Finding,
  type FixCheck,
  type TextEdit,
} from '../hardening';
import type { DocumentAnalysis } from '../document-analysis';
import { lintFixAll } from '../lint';
import { startdirOf } from '../model-cache';
import { findingDiagnostic, type FindingData } from './diagnostics';
import { addToKeep, keepNameOf } from './keep-in-profile';

/** Fix-all that disables each option (`enabled` -> `disabled`): the kind fix-on-save runs. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.apkbuild`;

/**
 * Fix-all that removes the options instead (the seed's result). Not a source.fixAll kind: an
 * editor running every fix-all on save would apply both variants to one text.
 */
export const REMOVE_ALL_KIND = `${CodeActionKind.Source}.removeAll.apkbuild`;

/** Every lint fix at once, kept apart from the hardening fix-all (its own kind and title). */
export const LINT_FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.apkbuildLint`;

function toLsp(model: ApkbuildModel, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({
    range: {
      start: model.lines.positionAt(e.range.start),
      end: model.lines.positionAt(e.range.end),
    },
    newText: e.newText,
  }));
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function fileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Verdicts of checkFix per model and edit set: the editor asks for code actions at every move
 * of the cursor, and a model (one version of a document) never changes.
 */
const verdicts = new WeakMap<ApkbuildModel, Map<string, FixCheck>>();

function verdictOf(model: ApkbuildModel, edits: readonly TextEdit[]): FixCheck {
  let known = verdicts.get(model);
  if (!known) verdicts.set(model, (known = new Map<string, FixCheck>()));
  const key = JSON.stringify(edits);
  let verdict = known.get(key);
  if (!verdict) known.set(key, (verdict = checkFix(model, edits)));
  return verdict;
}

function wanted(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * Quick-fixes for the findings under the cursor, fix-all, and "keep this" in the profile. An
 * edit of the APKBUILD that checkFix refuses (the file does not parse, or would not after it)
 * is offered disabled with the reason when the client shows such actions, else not at all.
 */
export function codeActions(
  doc: DocumentAnalysis,
  params: CodeActionParams,
  showsDisabled = false,
): CodeAction[] {
  const { model, hardening } = doc;
  const uri = params.textDocument.uri;
  const range = {
    start: model.lines.offsetAt(params.range.start),
    end: model.lines.offsetAt(params.range.end),
  };
  const actions: CodeAction[] = [];
  const offer = (action: CodeAction, edits: readonly TextEdit[]): void => {
    const verdict = verdictOf(model, edits);
    if (verdict.ok) actions.push({ ...action, edit: { changes: { [uri]: toLsp(model, edits) } } });
    else if (showsDisabled)
      actions.push({ ...action, disabled: { reason: sentence(verdict.reason) } });
  };
  const underCursor = hardening.findings.filter((f) => overlaps(f.range, range));
  if (wanted(params, CodeActionKind.QuickFix)) {
    for (const finding of underCursor) {
      const diagnostic =
        params.context.diagnostics.find(
          (d) => (d.data as FindingData | undefined)?.start === finding.range.start,
        ) ?? findingDiagnostic(model, finding, 2);
      for (const fix of fixesForFinding(model, hardening, finding)) {
        offer(
          {
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.variant !== 'remove',
          },
          fix.edits,
        );
      }
      // A broken profile is fixed by hand first: an edit could land in a file that is not YAML.
      if (finding.code !== 'harden/kept-makedepend' && !doc.profile.broken)
        actions.push(keepAction(doc, finding, diagnostic));
    }
    for (const finding of doc.lint.filter((f) => f.fix && overlaps(f.range, range)))
      offer({ title: finding.fix!.title, kind: CodeActionKind.QuickFix }, finding.fix!.edits);
  }
  const lintAll = lintFixAll(doc.lint);
  if (lintAll.applied > 0) {
    const title = `Apply all ${lintAll.applied} lint fix${lintAll.applied === 1 ? '' : 'es'}`;
    if (wanted(params, LINT_FIX_ALL_KIND)) offer({ title, kind: LINT_FIX_ALL_KIND }, lintAll.edits);
    const besideLint = doc.lint.some((f) => f.fix && overlaps(f.range, range));
    if (besideLint && lintAll.applied > 1 && wanted(params, CodeActionKind.QuickFix))
      offer({ title, kind: CodeActionKind.QuickFix }, lintAll.edits);
  }
  // Fix-all applies verified fixes only: with none, there is nothing to offer. As a quick-fix
  // it is offered only beside a finding, so the light bulb shows on the lines that have one.
  if (hardening.findings.some((f) => f.verified)) {
    for (const [variant, kind] of [
      ['disable', FIX_ALL_KIND],
      ['remove', REMOVE_ALL_KIND],
    ] as const) {
      if (
        !wanted(params, kind) &&
        !(underCursor.length > 0 && wanted(params, CodeActionKind.QuickFix))
      )
        continue;
      const all = fixAll(model, hardening, variant);
      if (wanted(params, kind)) offer({ title: all.title, kind }, all.edits);
      if (underCursor.length > 0 && wanted(params, CodeActionKind.QuickFix))
        offer({ title: all.title, kind: CodeActionKind.QuickFix }, all.edits);
    }
  }
  return actions;
}

/** A reason as the editor shows it: a sentence of its own. */
function sentence(reason: string): string {
  return reason.charAt(0).toUpperCase() + reason.slice(1) + '.';
}

function keepAction(doc: DocumentAnalysis, finding: Finding, diagnostic: Diagnostic): CodeAction {
  const name = keepNameOf(finding);
  const folder = startdirOf(doc.uri) ?? '.';
  const change = addToKeep(doc.profile, name, folder, doc.settings.profile || DEFAULT_PROFILE);
  const edit: WorkspaceEdit =
    change.kind === 'create'
      ? {
          documentChanges: [
            { kind: 'create', uri: fileUri(change.file), options: { ignoreIfExists: true } },
            {
              textDocument: { uri: fileUri(change.file), version: null },
              edits: [
                {
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  newText: change.text,
                },
              ],
            },
          ],
        }
      : { changes: { [fileUri(change.file)]: [{ range: change.range, newText: change.newText }] } };
  return {
    title: `Keep ${name} (add it to the profile's keep list)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit,
  };
}
