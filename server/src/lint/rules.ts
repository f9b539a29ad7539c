import { REQUIRED_VARIABLES, type Span } from '../apkbuild';
import type { LintFinding, LintFix, LintRuleInfo } from './types';

/** abuild validate's checks (abuild-validate.ts): errors where abuild refuses, else warnings. */
const ABUILD_VALIDATE_RULES: readonly LintRuleInfo[] = [
  ['abuild/invalid-pkgver', 'error', 'pkgver is not a version apk reads.'],
  ['abuild/invalid-pkgrel', 'error', 'pkgrel is not a number.'],
  [
    'abuild/priority-not-number',
    'error',
    'replaces_priority or provider_priority is not a number.',
  ],
  ['abuild/pkgdesc-too-long', 'error', 'pkgdesc is over 127 bytes.'],
  ['abuild/pkgdesc-not-one-line', 'error', 'pkgdesc spans more than one line.'],
  ['abuild/invalid-package-name', 'error', 'pkgname or a subpackage is not a valid package name.'],
  [
    'abuild/duplicate-subpackage',
    'error',
    'A package name appears twice in pkgname and subpackages.',
  ],
  [
    'abuild/misspelled-variable',
    'error',
    'depend, makedepend, subpackage, ... is set instead of the plural.',
  ],
  ['abuild/conflicts-variable', 'error', '$conflicts is set; conflicts are !pkgname in depends.'],
  ['abuild/missing-package-function', 'error', 'The APKBUILD has no package() function.'],
  ['abuild/missing-split-function', 'error', 'A subpackage has no split function.'],
  ['abuild/multiple-maintainers', 'error', 'More than one # Maintainer: line.'],
  ['abuild/invalid-maintainer', 'error', 'The maintainer is not an RFC 822 address.'],
  ['abuild/no-maintainer', 'warning', 'The APKBUILD names no maintainer.'],
  ['abuild/provides-pkgname', 'error', 'provides names the package itself.'],
  [
    'abuild/install-script-name',
    'error',
    'An install script has an unknown suffix or names no package.',
  ],
  [
    'abuild/trigger-name',
    'error',
    "A trigger has no '=', no .trigger suffix, or names no package.",
  ],
  ['abuild/missing-checksum', 'error', 'A source has no checksum, or the counts differ.'],
  ['abuild/stray-checksum', 'error', 'A checksum names a file that is not in source.'],
  ['abuild/go-without-net', 'warning', 'go in makedepends without net in options.'],
  ['abuild/gxx-in-makedepends', 'warning', 'g++ in makedepends without toolchain in options.'],
  [
    'abuild/depends-dev-without-dev',
    'warning',
    'depends_dev is set but no -dev subpackage is built.',
  ],
].map(([code, severity, description]) => ({
  code,
  severity: severity as LintRuleInfo['severity'],
  description,
}));

export { REQUIRED_VARIABLES };

/**
 * Every code the linter emits. AL numbers are those of Alpine's apkbuild-lint/aports-lint
 * (alint(5)) where the meaning is the same, so packagers recognise them.
 */
export const LINT_RULES: readonly LintRuleInfo[] = [
  ...REQUIRED_VARIABLES.map((name): LintRuleInfo =>
    name === 'arch'
      ? {
          code: 'apkbuild/missing-arch',
          severity: 'warning',
          description: 'arch is not set or empty (abuild validate does not check it).',
        }
      : {
          code: `apkbuild/missing-${name}`,
          severity: 'error',
          description: `${name} is not set or empty; abuild validate requires it.`,
        },
  ),
  ...ABUILD_VALIDATE_RULES,
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
