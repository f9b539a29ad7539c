import { REQUIRED_VARIABLES, type Span } from '../apkbuild';
import type { LintFinding, LintFix, LintRuleInfo } from './types';

export { REQUIRED_VARIABLES };

/**
 * Every code the linter emits. AL numbers are those of Alpine's apkbuild-lint/aports-lint
 * (alint(5)) where the meaning is the same, so packagers recognise them.
 */
export const LINT_RULES: readonly LintRuleInfo[] = [
  ...REQUIRED_VARIABLES.map((name): LintRuleInfo => ({
    code: `apkbuild/missing-${name}`,
    severity: 'error',
    description: `${name} is not set; abuild validate requires it.`,
  })),
  {
    code: 'AL1',
    severity: 'warning',
    description: 'builddir is set to its default "$srcdir/$pkgname-$pkgver".',
  },
  {
    code: 'AL5',
    severity: 'warning',
    description: 'An APKBUILD variable is assigned an empty value, which is the same as unset.',
  },
  {
    code: 'AL6',
    severity: 'warning',
    description: 'A custom top-level variable does not start with an underscore.',
  },
  { code: 'AL8', severity: 'information', description: 'A line ends in spaces or tabs.' },
  {
    code: 'AL13',
    severity: 'warning',
    description: 'cd "$builddir" starts prepare, build, check or package; abuild already does it.',
  },
  {
    code: 'AL14',
    severity: 'warning',
    description: 'pkgname contains uppercase characters, which Alpine policy forbids.',
  },
  { code: 'AL15', severity: 'error', description: 'pkgver contains a -rN release suffix.' },
  {
    code: 'AL17',
    severity: 'warning',
    description: 'An item of depends (or depends_dev) is listed twice.',
  },
  {
    code: 'AL19',
    severity: 'warning',
    description: 'An item of makedepends (or makedepends_build/_host) is listed twice.',
  },
  { code: 'AL21', severity: 'warning', description: 'An item of checkdepends is listed twice.' },
  {
    code: 'AL25',
    severity: 'information',
    description: 'Backticks are used for command substitution instead of $(...).',
  },
];

const SEVERITY = new Map(LINT_RULES.map((rule) => [rule.code, rule.severity]));

/** Builds a finding with the rule's default severity, so severities live in one table. */
export function finding(code: string, message: string, range: Span, fix?: LintFix): LintFinding {
  const severity = SEVERITY.get(code);
  if (severity === undefined) throw new Error(`lint code ${code} is not in LINT_RULES`);
  return fix ? { code, severity, message, range, fix } : { code, severity, message, range };
}
