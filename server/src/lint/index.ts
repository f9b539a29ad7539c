/** Protocol-free lint rules for APKBUILDs, in the spirit (and codes) of Alpine's apkbuild-lint. */
import type { ApkbuildModel } from '../apkbuild';
import { checkCustomVariables } from './custom-variables';
import { checkDuplicateDependencies } from './duplicates';
import { checkMetadata } from './metadata';
import { checkStyle } from './style';
import { checkSuperfluous } from './superfluous';
import type { LintFinding } from './types';

export { LINT_RULES } from './rules';
export type { LintEdit, LintFinding, LintFix, LintRuleInfo, LintSeverity } from './types';

const CHECKS: readonly ((model: ApkbuildModel) => LintFinding[])[] = [
  checkMetadata,
  checkDuplicateDependencies,
  checkCustomVariables,
  checkSuperfluous,
  checkStyle,
];

/** Every finding for the file, in source order. */
export function lintApkbuild(model: ApkbuildModel): LintFinding[] {
  // A stable sort: findings on the same range keep the order their check gave them.
  return CHECKS.flatMap((check) => check(model)).sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end,
  );
}
