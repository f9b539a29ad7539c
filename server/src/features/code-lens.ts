/**
 * Code lenses over an APKBUILD's build(): what the profile finds removable and, with an
 * APKINDEX, what applying the fixes takes out of the install closure; and a lens that applies
 * them. Nothing for a file without findings, or one the profile does not judge.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../document-analysis';
import type { Finding } from '../hardening';
import { closureImpact, installClosure } from '../sbom';

/** The client command the apply lens runs (client/src/commands.ts registers it). */
export const APPLY_ALL_COMMAND = 'apkbuild.applyAllFixes';

/** What a lens says: the counts by kind, and the closure before and after when known. */
export interface FindingsSummary {
  options: number;
  makedepends: number;
  subpackages: number;
  /** Findings whose fix is advice only: counted above, not applied. */
  adviceOnly: number;
  /** `apk add <pkgname>` on the reference image, before and after the applied fixes. */
  closure: { before: number; after: number } | null;
}

const removable = (f: Finding): boolean => f.code !== 'harden/kept-makedepend';

/** The install closure before and after the verified fixes; null without an index. */
function closureChange(doc: DocumentAnalysis, applied: Finding[]): FindingsSummary['closure'] {
  const pkgname = doc.model.value('pkgname');
  const loaded = doc.packageIndex;
  if (!loaded || !pkgname?.known || !loaded.index.byName.has(pkgname.value)) return null;
  const reference = [doc.profile.profile.reference];
  const before = installClosure(loaded.index, [pkgname.value], { base: reference }).packages;
  // Every applied fix at once: a library two features link goes only when both go.
  const sonames = [...new Set(applied.flatMap((f) => f.evidence.sonames))];
  const dropped = closureImpact(loaded.index, pkgname.value, reference)(sonames);
  return { before: before.length, after: before.length - dropped.length };
}

const summaries = new WeakMap<DocumentAnalysis, FindingsSummary | null>();

/** The summary the lenses show; null when there is nothing to show. */
export function findingsSummary(doc: DocumentAnalysis): FindingsSummary | null {
  if (summaries.has(doc)) return summaries.get(doc) ?? null;
  const hardening = doc.hardening;
  const findings = hardening.skipped === null ? hardening.findings.filter(removable) : [];
  const count = (...kinds: Finding['target']['kind'][]): number =>
    findings.filter((f) => kinds.includes(f.target.kind)).length;
  const summary: FindingsSummary | null =
    findings.length === 0
      ? null
      : {
          options: count('option', 'default-on'),
          makedepends: count('makedepend'),
          subpackages: count('subpackage'),
          adviceOnly: findings.filter((f) => !f.verified).length,
          closure: closureChange(
            doc,
            findings.filter((f) => f.verified),
          ),
        };
  summaries.set(doc, summary);
  return summary;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "6 removable options, 6 makedepends, 2 subpackages · install closure 9 → 2". */
export function describeSummary(summary: FindingsSummary): string {
  const counts = [
    summary.options > 0 ? plural(summary.options, 'option') : '',
    summary.makedepends > 0 ? plural(summary.makedepends, 'makedepend') : '',
    summary.subpackages > 0 ? plural(summary.subpackages, 'subpackage') : '',
  ].filter((part) => part !== '');
  // "6 removable options": the first count says what they all are.
  let text = counts.join(', ').replace(/^(\d+) /, '$1 removable ');
  if (summary.adviceOnly > 0) text += ` (${summary.adviceOnly} advice only)`;
  if (summary.closure)
    text += ` · install closure ${summary.closure.before} → ${summary.closure.after}`;
  return text;
}

/** `textDocument/codeLens`: the summary and the apply lens, over build() (else line 1). */
export function codeLenses(doc: DocumentAnalysis): CodeLens[] {
  const summary = findingsSummary(doc);
  if (summary === null) return [];
  const build = doc.model.functions.find((f) => f.name === 'build');
  const at = doc.model.lines.positionAt(build?.range.start ?? 0);
  const range = { start: at, end: at };
  const lenses: CodeLens[] = [
    // No command of its own: a lens with an empty command is shown as a label.
    { range, command: { title: describeSummary(summary), command: '' } },
  ];
  if (summary.adviceOnly < countOf(summary))
    lenses.push({
      range,
      command: {
        title: 'Apply all hardening fixes',
        command: APPLY_ALL_COMMAND,
        arguments: [doc.uri],
      },
    });
  return lenses;
}

const countOf = (s: FindingsSummary): number => s.options + s.makedepends + s.subpackages;
