/**
 * The checks of abuild's `validate` (abuild.in, default_validate), read statically: what abuild
 * refuses to build (`die`: an error here) and what it warns about. Only values known for certain
 * are judged; an unknown value may be right.
 */
import { ABUILD_SPLIT_FUNCTIONS, splitFunctionOf, type ApkbuildModel } from '../apkbuild';
import { apkAcceptsVersion } from '../sbom/apk-version-check';
import { lineEndAt } from './edits';
import { checksums, scripts } from './abuild-files';
import { finding } from './rules';
import type { LintFinding } from './types';
import { known, placeOf } from './validate-values';

/** verify_pkgname: letters, digits and `._+-`, starting with a letter or digit. */
const PACKAGE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._+-]*$/;

function versions(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  const pkgver = known(model, 'pkgver');
  if (pkgver !== null && !apkAcceptsVersion(`${pkgver}-r0`))
    out.push(
      finding(
        'abuild/invalid-pkgver',
        `pkgver "${pkgver}" is not a version apk reads (apk version --check refuses ${pkgver}-r0); abuild validate refuses it.`,
        placeOf(model, 'pkgver'),
      ),
    );
  const pkgrel = known(model, 'pkgrel');
  if (pkgrel !== null && pkgrel !== '' && !/^\d+$/.test(pkgrel))
    out.push(
      finding(
        'abuild/invalid-pkgrel',
        `pkgrel "${pkgrel}" is not a number; abuild validate refuses it.`,
        placeOf(model, 'pkgrel'),
      ),
    );
  for (const name of ['replaces_priority', 'provider_priority']) {
    const value = known(model, name);
    if (value !== null && /[^0-9]/.test(value))
      out.push(
        finding(
          'abuild/priority-not-number',
          `${name} "${value}" must be a number; abuild validate refuses it.`,
          placeOf(model, name),
        ),
      );
  }
  return out;
}

function description(model: ApkbuildModel): LintFinding[] {
  const pkgdesc = known(model, 'pkgdesc');
  if (pkgdesc === null) return [];
  if (pkgdesc.includes('\n'))
    return [
      finding(
        'abuild/pkgdesc-not-one-line',
        'pkgdesc is not a single line; abuild validate refuses it.',
        placeOf(model, 'pkgdesc'),
      ),
    ];
  // abuild counts `echo "$pkgdesc" | wc -c`: the bytes and the newline echo adds.
  const bytes = Buffer.byteLength(pkgdesc) + 1;
  if (bytes <= 128) return [];
  return [
    finding(
      'abuild/pkgdesc-too-long',
      `pkgdesc is ${bytes - 1} bytes; abuild validate refuses one over 127. Shorten it.`,
      placeOf(model, 'pkgdesc'),
    ),
  ];
}

function packageNames(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  const pkgname = known(model, 'pkgname');
  const subpackages = model.list('subpackages');
  const names = [
    ...(pkgname === null ? [] : [pkgname]),
    ...(Array.isArray(subpackages) ? subpackages.map((s) => s.split(':')[0]) : []),
  ];
  const seen = new Set<string>();
  for (const name of names) {
    if (!PACKAGE_NAME.test(name))
      out.push(
        finding(
          'abuild/invalid-package-name',
          `"${name}" is not a valid package name (letters, digits and ._+-, starting with a letter or digit); abuild validate refuses it.`,
          placeOf(model, name === pkgname ? 'pkgname' : 'subpackages'),
        ),
      );
    else if (seen.has(name))
      out.push(
        finding(
          'abuild/duplicate-subpackage',
          `${name} is named twice among pkgname and subpackages; abuild validate refuses it.`,
          placeOf(model, 'subpackages'),
        ),
      );
    seen.add(name);
  }
  return out;
}

/** abuild's spell_error: a variable abuild never reads, where one it reads was meant. */
const MISSPELLED: Readonly<Record<string, string>> = {
  depend: 'depends',
  makedepend: 'makedepends',
  pkguser: 'pkgusers',
  pkggroup: 'pkggroups',
  subpackage: 'subpackages',
  checkdepend: 'checkdepends',
};

function misspelled(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [wrong, right] of Object.entries(MISSPELLED)) {
    const value = known(model, wrong);
    if (value !== null && value !== '')
      out.push(
        finding(
          'abuild/misspelled-variable',
          `${wrong} is set; abuild reads ${right}, and validate refuses the APKBUILD. Rename it.`,
          placeOf(model, wrong),
        ),
      );
  }
  const conflicts = known(model, 'conflicts');
  if (conflicts !== null && conflicts !== '')
    out.push(
      finding(
        'abuild/conflicts-variable',
        '$conflicts is set; abuild validate refuses it: write a conflict as !pkgname in depends.',
        placeOf(model, 'conflicts'),
      ),
    );
  return out;
}

/**
 * check_maintainer: `$maintainer`, else the first `# Maintainer:` comment, must look like an
 * RFC 822 address (`Name <user@host.domain>`, no blank or quote around it); none is a warning.
 */
function maintainerProblems(model: ApkbuildModel): LintFinding[] {
  const variable = known(model, 'maintainer');
  const comment = /^# *Maintainer: ?(.*)$/m.exec(model.text);
  const maintainer = variable || (comment?.[1] ?? '');
  const place = comment
    ? { start: comment.index, end: comment.index + comment[0].length }
    : placeOf(model, 'maintainer');
  if (maintainer === '')
    return [finding('abuild/no-maintainer', 'The APKBUILD names no maintainer.', place)];
  const problem = /^\s|\s$/.test(maintainer)
    ? 'has a leading or trailing blank'
    : /^"|"$/.test(maintainer)
      ? 'has a leading or trailing quote'
      : !/ <[^>]*@[^>]*\.[^>]*>$/.test(maintainer)
        ? 'is not a valid RFC 822 address (Name <user@example.org>)'
        : null;
  if (problem === null) return [];
  return [
    finding(
      'abuild/invalid-maintainer',
      `The maintainer '${maintainer}' ${problem}; abuild validate refuses it.`,
      place,
    ),
  ];
}

function structure(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  if (!model.functions.some((fn) => fn.name === 'package'))
    out.push(
      finding(
        'abuild/missing-package-function',
        'The APKBUILD has no package() function; abuild validate refuses it.',
        { start: 0, end: lineEndAt(model.text, 0) },
      ),
    );
  out.push(...maintainerProblems(model));
  const maintainers = [...model.text.matchAll(/^# *Maintainer:/gm)];
  if (maintainers.length > 1) {
    const second = maintainers[1].index;
    out.push(
      finding(
        'abuild/multiple-maintainers',
        `The APKBUILD names ${maintainers.length} maintainers; abuild validate refuses more than one.`,
        { start: second, end: lineEndAt(model.text, second) },
      ),
    );
  }
  // A subpackage's split function: the file's, or one abuild predefines. A file whose
  // evaluation stopped may define more than the model saw.
  const subpackages = model.list('subpackages');
  if (Array.isArray(subpackages) && !model.evaluationStop)
    for (const entry of subpackages) {
      const fn = splitFunctionOf(entry);
      if (ABUILD_SPLIT_FUNCTIONS.has(fn) || model.functions.some((f) => f.name === fn)) continue;
      out.push(
        finding(
          'abuild/missing-split-function',
          `${entry.split(':')[0]} has no split function ${fn}(); abuild validate refuses it.`,
          placeOf(model, 'subpackages'),
        ),
      );
    }
  const pkgname = known(model, 'pkgname');
  const provides = model.list('provides');
  if (pkgname !== null && Array.isArray(provides))
    for (const entry of provides)
      if (entry.split(/[<>=~]/)[0] === pkgname)
        out.push(
          finding(
            'abuild/provides-pkgname',
            `provides names the package itself (${entry}); abuild validate refuses it.`,
            placeOf(model, 'provides'),
          ),
        );
  return out;
}

/** What abuild validate warns about, and builds anyway. */
function warnings(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  const makedepends = model.list('makedepends');
  // Unset is an empty list to abuild; an unknown one may hold anything.
  const options = model.list('options') ?? [];
  const has = (list: unknown, word: string): boolean => Array.isArray(list) && list.includes(word);
  if (Array.isArray(options)) {
    if (has(makedepends, 'go') && !has(options, 'net'))
      out.push(
        finding(
          'abuild/go-without-net',
          'go is in makedepends but options has no net: Go builds fetch modules over the network. Add net to options.',
          placeOf(model, 'makedepends'),
        ),
      );
    if (has(makedepends, 'g++') && !has(options, 'toolchain'))
      out.push(
        finding(
          'abuild/gxx-in-makedepends',
          'g++ should not be in makedepends: build-base brings it.',
          placeOf(model, 'makedepends'),
        ),
      );
  }
  const dependsDev = known(model, 'depends_dev');
  const subpackages = model.list('subpackages') ?? [];
  if (
    dependsDev !== null &&
    dependsDev.trim() !== '' &&
    Array.isArray(subpackages) &&
    !subpackages.some((s) => s.split(':')[0].endsWith('-dev'))
  )
    out.push(
      finding(
        'abuild/depends-dev-without-dev',
        'depends_dev is set but no -dev subpackage is built, so nothing carries it.',
        placeOf(model, 'depends_dev'),
      ),
    );
  return out;
}

export function checkAbuildValidate(model: ApkbuildModel): LintFinding[] {
  return [
    ...versions(model),
    ...description(model),
    ...packageNames(model),
    ...misspelled(model),
    ...structure(model),
    ...scripts(model),
    ...checksums(model),
    ...warnings(model),
  ];
}
