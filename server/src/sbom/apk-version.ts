/**
 * Alpine package versions, compared as apk-tools compares them.
 *
 * A version is `1.2.3` (numbers separated by dots), an optional letter (`1.2a`), any number of
 * suffixes (`_alpha`, `_beta`, `_pre`, `_rc` sort before the plain version; `_cvs`, `_svn`,
 * `_git`, `_hg`, `_p` after it), each with an optional number, an optional `~commithash`, and an
 * optional release `-rN`. Tokens are compared left to right; when one version runs out or the
 * kinds differ, the one that goes on is newer unless what follows is a pre-release suffix.
 */

export type VersionOp = '=' | '<' | '<=' | '>' | '>=' | '~';

const enum Kind {
  Digit = 0,
  Letter = 1,
  Suffix = 2,
  SuffixNumber = 3,
  Hash = 4,
  Release = 5,
  End = 6,
}

interface Token {
  kind: Kind;
  value: number;
  text?: string;
}

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

function suffixValue(name: string): number | undefined {
  const pre = PRE_SUFFIXES.indexOf(name);
  if (pre >= 0) return pre - PRE_SUFFIXES.length;
  const post = POST_SUFFIXES.indexOf(name);
  return post >= 0 ? post + 1 : undefined;
}

/** Digits after a dot that start with zeros: the zeros count as a negative token of their own. */
function digitTokens(digits: string, first: boolean): Token[] {
  if (first || !digits.startsWith('0')) return [{ kind: Kind.Digit, value: Number(digits) }];
  const zeros = /^0+/.exec(digits)?.[0].length ?? 0;
  const rest = digits.slice(zeros);
  const tokens: Token[] = [{ kind: Kind.Digit, value: -zeros }];
  if (rest !== '') tokens.push({ kind: Kind.Digit, value: Number(rest) });
  return tokens;
}

const VERSION_SHAPE = /^(\d+(?:\.\d+)*)([a-z])?((?:_[a-z]+\d*)*)(?:~([0-9a-f]+))?(?:-r(\d+))?$/;

/** The tokens of a version, or undefined when it is not a valid apk version. */
function versionTokens(version: string): Token[] | undefined {
  const match = VERSION_SHAPE.exec(version);
  if (!match) return undefined;
  const [, numbers, letter, suffixes, hash, release] = match;
  const tokens: Token[] = [];
  numbers.split('.').forEach((part, i) => tokens.push(...digitTokens(part, i === 0)));
  if (letter) tokens.push({ kind: Kind.Letter, value: letter.charCodeAt(0) });
  for (const suffix of suffixes.split('_').slice(1)) {
    const [, name, number] = /^([a-z]+)(\d*)$/.exec(suffix) ?? [];
    const value = name === undefined ? undefined : suffixValue(name);
    if (value === undefined) return undefined;
    tokens.push({ kind: Kind.Suffix, value });
    if (number) tokens.push({ kind: Kind.SuffixNumber, value: Number(number) });
  }
  if (hash) tokens.push({ kind: Kind.Hash, value: 0, text: hash });
  if (release) tokens.push({ kind: Kind.Release, value: Number(release) });
  return tokens;
}

const END: Token = { kind: Kind.End, value: 0 };

function compareTokens(a: Token[], b: Token[], fuzzy: boolean): number {
  for (let i = 0; ; i++) {
    if (fuzzy && i >= b.length) return 0;
    const x = a[i] ?? END;
    const y = b[i] ?? END;
    if (x.kind === Kind.End && y.kind === Kind.End) return 0;
    if (x.kind === y.kind) {
      if (x.text !== undefined || y.text !== undefined) {
        if (x.text !== y.text) return (x.text ?? '') < (y.text ?? '') ? -1 : 1;
      } else if (x.value !== y.value) return x.value < y.value ? -1 : 1;
      continue;
    }
    // Different kinds: a pre-release suffix is older than anything; otherwise the version whose
    // token kind comes earlier (it goes on where the other stops) is the newer.
    if (x.kind === Kind.Suffix && x.value < 0) return -1;
    if (y.kind === Kind.Suffix && y.value < 0) return 1;
    return x.kind < y.kind ? 1 : -1;
  }
}

/**
 * -1, 0 or 1 as `a` is older than, the same as or newer than `b`. Versions apk would reject are
 * compared as plain strings after every valid version, so sorting never throws.
 */
export function compareVersions(a: string, b: string): number {
  const x = versionTokens(a);
  const y = versionTokens(b);
  if (x && y) return compareTokens(x, y, false);
  if (x) return -1;
  if (y) return 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Whether `version` satisfies `op constraint`; `~` is apk's fuzzy match, a token prefix. */
export function versionSatisfies(version: string, op: VersionOp, constraint: string): boolean {
  if (op === '~') {
    const x = versionTokens(version);
    const y = versionTokens(constraint);
    if (!x || !y) return version.startsWith(constraint);
    return compareTokens(x, y, true) === 0;
  }
  const order = compareVersions(version, constraint);
  switch (op) {
    case '=':
      return order === 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
