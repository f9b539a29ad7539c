/**
 * `apk version --check` as apk-tools 2.x answers it (src/version.c, apk_version_validate), for
 * abuild validate's pkgver check. Its tokenizer is more lenient than the grammar it describes:
 * it takes `v1`, `0.h`, `1h2` and an empty version, and refuses `1ab`, `1-2`, `1_x`, `1.h.2`;
 * test/rebuild/apk-version-check.test.ts holds this to real apk. Comparisons use apk-version.ts.
 */

/** What the tokenizer expects next, in the order a version may go through them. */
const enum Part {
  Invalid = -1,
  DigitOrZero,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  Release,
  End,
}

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** Going back to an earlier part is allowed only from a digit run, a suffix number, a letter. */
function mayFollow(next: Part, current: Part): boolean {
  if (next >= current) return true;
  return (
    (next === Part.DigitOrZero && current === Part.Digit) ||
    (next === Part.Suffix && current === Part.SuffixNumber) ||
    (next === Part.Digit && current === Part.Letter)
  );
}

/** The part after `current`, reading the separator at `at`; `[part, offset after it]`. */
function nextPart(current: Part, text: string, at: number): [Part, number] {
  const c = text[at];
  let next: Part;
  let after = at;
  if (at >= text.length) next = Part.End;
  else if ((current === Part.Digit || current === Part.DigitOrZero) && isLower(c))
    next = Part.Letter;
  else if (current === Part.Letter && isDigit(c)) next = Part.Digit;
  else if (current === Part.Suffix && isDigit(c)) next = Part.SuffixNumber;
  else {
    // A separator: consumed, and what it introduces.
    after = at + 1;
    if (c === '.') next = Part.DigitOrZero;
    else if (c === '_') next = Part.Suffix;
    else if (c === '-' && text[at + 1] === 'r') {
      next = Part.Release;
      after = at + 2;
    } else next = Part.Invalid;
  }
  return [mayFollow(next, current) ? next : Part.Invalid, after];
}

/** Whether `apk version --check` accepts the whole version (`1.2.3-r0`). */
export function apkAcceptsVersion(version: string): boolean {
  let part: Part = Part.Digit;
  let at = 0;
  while (part !== Part.End && part !== Part.Invalid) {
    if (at >= version.length) return true;
    let end = at;
    if (part === Part.Letter) end = at + 1;
    else if (part === Part.Suffix) {
      const suffix = SUFFIXES.find((s) => version.startsWith(s, at));
      if (suffix === undefined) return false;
      end = at + suffix.length;
    } else {
      // Digits; after a dot, leading zeros are a part of their own.
      if (part === Part.DigitOrZero && version[at] === '0') {
        while (version[end] === '0') end++;
        if (end >= version.length) return true;
        // The digits after the zeros are read as a part of their own, with no separator.
        part = Part.Digit;
        at = end;
        continue;
      }
      while (isDigit(version[end])) end++;
    }
    if (end >= version.length) return true;
    [part, at] = nextPart(part, version, end);
  }
  return part === Part.End;
}
