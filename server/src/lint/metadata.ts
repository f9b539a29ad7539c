import type { ApkbuildModel, VariableAssignment } from '../apkbuild';
import { lineEndAt } from './edits';
import { finding, REQUIRED_VARIABLES } from './rules';
import type { LintFinding } from './types';

/**
 * Variables abuild validate requires (`[ -z "$pkgdesc" ] && die`): unset, or known to be empty.
 * An unknown value may well be set. arch is not among validate's checks: a warning.
 */
function missingRequired(model: ApkbuildModel): LintFinding[] {
  // Nothing to point at: the first line stands for the file.
  const range = { start: 0, end: lineEndAt(model.text, 0) };
  const empty = (name: string): boolean => {
    const value = model.value(name);
    return value === undefined || (value.known && value.value.trim() === '');
  };
  return REQUIRED_VARIABLES.filter(empty).map((name) =>
    finding(
      `apkbuild/missing-${name}`,
      name === 'arch'
        ? 'arch is not set: it names the architectures the package builds for (abuild validate does not check it). Add arch="all", or the list.'
        : `${name} is ${model.value(name) === undefined ? 'not set' : 'empty'}; abuild validate refuses the APKBUILD. Add a top-level ${name}="..." assignment.`,
      range,
    ),
  );
}

/** Top-level assignments of `name` whose value, as bash gave it there, matches `bad`. */
function assignedMatching(
  model: ApkbuildModel,
  name: string,
  bad: RegExp,
): { assignment: VariableAssignment; value: string }[] {
  const found: { assignment: VariableAssignment; value: string }[] = [];
  for (const assignment of model.assignments) {
    if (assignment.name !== name || assignment.valueRange === null) continue;
    const value = assignment.value;
    const raw = model.text.slice(assignment.valueRange.start, assignment.valueRange.end);
    // One that did not run for this CARCH is still checked when its text is its value.
    const text = value?.known
      ? value.value
      : value === null && !/[$`\\]/.test(raw)
        ? raw.replace(/["']/g, '')
        : null;
    if (text !== null && bad.test(text)) found.push({ assignment, value: text });
  }
  return found;
}

function uppercasePkgname(model: ApkbuildModel): LintFinding[] {
  // The value is what matters: `$_PKGNAME` in the source may well expand to lower case.
  return assignedMatching(model, 'pkgname', /[A-Z]/).map(({ assignment, value }) =>
    finding(
      'AL14',
      `pkgname "${value}" contains uppercase characters; Alpine package names are lower case. Use "${value.toLowerCase()}".`,
      assignment.valueRange!,
    ),
  );
}

/**
 * AL15: a release written into pkgver: `-rN` or `_rN` (apk's grammar has no `_r` suffix), and
 * `-rc`, which apk cannot read either: a release candidate is `_rc`.
 */
function releaseInPkgver(model: ApkbuildModel): LintFinding[] {
  return assignedMatching(model, 'pkgver', /[-_]r\d|-rc/).map(({ assignment, value }) =>
    finding(
      'AL15',
      /-rc/.test(value) && !/[-_]r\d/.test(value)
        ? `pkgver "${value}" contains -rc, which apk does not read as a release candidate. Write it as _rc (${value.replace('-rc', '_rc')}).`
        : `pkgver "${value}" contains a release suffix; the release belongs in pkgrel. Remove it from pkgver and set pkgrel to the number.`,
      assignment.valueRange!,
    ),
  );
}

export function checkMetadata(model: ApkbuildModel): LintFinding[] {
  return [...missingRequired(model), ...uppercasePkgname(model), ...releaseInPkgver(model)];
}
