/** Protocol-free lint rules for APKBUILDs, in the spirit (and codes) of Alpine's apkbuild-lint. */
import type { ApkbuildModel } from '../apkbuild';
import { checkAbuildValidate } from './abuild-validate';
import { checkCustomVariables } from './custom-variables';
import { checkDuplicateDependencies } from './duplicates';
import { checkMetadata } from './metadata';
import { checkStyle } from './style';
import { checkSuperfluous } from './superfluous';
import type { LintEdit, LintFinding } from './types';

export { LINT_RULES } from './rules';
export type { LintEdit, LintFinding, LintFix, LintRuleInfo, LintSeverity } from './types';

const CHECKS: readonly ((model: ApkbuildModel) => LintFinding[])[] = [
  checkMetadata,
  checkAbuildValidate,
  checkDuplicateDependencies,
  checkCustomVariables,
  checkSuperfluous,
  checkStyle,
];

/**
 * The edits of every fixable finding that do not overlap an earlier one's, as one edit of the
 * file (`fix --lint`, the editor's lint fix-all); `applied` counts the findings they fix.
 */
export function lintFixAll(findings: readonly LintFinding[]): {
  edits: LintEdit[];
  applied: number;
} {
  const edits: LintEdit[] = [];
  let applied = 0;
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix) continue;
    const clashes = fix.edits.some((e) =>
      edits.some((taken) => e.range.start < taken.range.end && taken.range.start < e.range.end),
    );
    if (clashes) continue;
    edits.push(...fix.edits);
    applied++;
  }
  return { edits: edits.sort((a, b) => a.range.start - b.range.start), applied };
}

/** Every finding for the file, in source order. */
export function lintApkbuild(model: ApkbuildModel): LintFinding[] {
  // A stable sort: findings on the same range keep the order their check gave them.
  return CHECKS.flatMap((check) => check(model)).sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end,
  );
}
