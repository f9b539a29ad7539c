/**
 * POSIX character classes (`[[:alpha:]]`) as bash tests them. ASCII follows the C locale;
 * other code points follow glibc's UTF-8 locales as far as Unicode properties tell them
 * (there `[[:alpha:]]` also takes letters and digits of other scripts, `[[:digit:]]` only 0-9).
 */

export type ClassTest = (code: number) => boolean;

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const LETTER_OR_DIGIT = /[\p{Alphabetic}\p{Nd}]/u;
const UPPER = /\p{Uppercase}/u;
const LOWER = /\p{Lowercase}/u;
const WHITE = /\p{White_Space}/u;
const BLANK = /\p{Zs}/u;
const CONTROL = /\p{Cc}/u;
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpper = (c: number): boolean =>
  c < 0x80 ? c >= 0x41 && c <= 0x5a : UPPER.test(String.fromCodePoint(c));
const isLower = (c: number): boolean =>
  c < 0x80 ? c >= 0x61 && c <= 0x7a : LOWER.test(String.fromCodePoint(c));
const isAlpha = (c: number): boolean =>
  c < 0x80 ? isUpper(c) || isLower(c) : LETTER_OR_DIGIT.test(String.fromCodePoint(c));
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
const isSpace = (c: number): boolean =>
  c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : WHITE.test(String.fromCodePoint(c));
const isPrint = (c: number): boolean =>
  c < 0x80 ? c >= 0x20 && c < 0x7f : !UNPRINTABLE.test(String.fromCodePoint(c));
const isGraph = (c: number): boolean => isPrint(c) && !isSpace(c);

const CLASSES: ReadonlyMap<string, ClassTest> = new Map<string, ClassTest>([
  ['alpha', isAlpha],
  ['digit', isDigit],
  ['alnum', isAlnum],
  ['upper', isUpper],
  ['lower', isLower],
  ['space', isSpace],
  ['blank', (c) => (c < 0x80 ? c === 0x20 || c === 0x09 : BLANK.test(String.fromCodePoint(c)))],
  [
    'punct',
    (c) => (c < 0x80 ? ASCII_PUNCT.test(String.fromCharCode(c)) : isGraph(c) && !isAlnum(c)),
  ],
  ['print', isPrint],
  ['graph', isGraph],
  ['cntrl', (c) => (c < 0x80 ? c < 0x20 || c === 0x7f : CONTROL.test(String.fromCodePoint(c)))],
  ['xdigit', (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)],
  ['word', (c) => c === 0x5f || isAlnum(c)],
  ['ascii', (c) => c < 0x80],
]);

/** The test for a class name, or undefined when bash knows no such class (it matches nothing). */
export function characterClass(name: string): ClassTest | undefined {
  return CLASSES.get(name);
}
