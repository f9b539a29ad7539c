import type { Span } from '../apkbuild';

export type LintSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface LintEdit {
  range: Span;
  newText: string;
}

/** A fix that keeps the file sourcing to the same package metadata. */
export interface LintFix {
  title: string;
  edits: LintEdit[];
}

export interface LintFinding {
  code: string;
  severity: LintSeverity;
  message: string;
  range: Span;
  /** an optional safe fix */
  fix?: LintFix;
}

/** One row of LINT_RULES: what a code means, for documentation and settings. */
export interface LintRuleInfo {
  code: string;
  severity: LintSeverity;
  description: string;
}
