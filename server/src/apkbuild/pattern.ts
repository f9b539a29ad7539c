/**
 * Shell pattern matching (`case`, `[[ x == p ]]`, `${x#p}`, `${x%p}`, `${x/p/r}`), with bash's
 * results, in time linear in the subject for a given pattern (see glob-automaton.ts). Subjects
 * are matched by code point, as bash does in a UTF-8 locale.
 */
import { rawCodes, type PatternPiece } from './glob-raw';
import { automatonFor, matchFrom, matchToEnd, Subject } from './glob-scan';
import { substitute, type ReplaceMode } from './pattern-replace';

export type { PatternPiece } from './glob-raw';

/**
 * The text a pattern matches when it matches only that (no `*`, `?`, `[` or `\\` outside
 * quotes), else null. `${pkgver//_/.}` and `${x%.tar.gz}` are such patterns: plain string
 * operations answer them.
 */
function literalOf(pieces: readonly PatternPiece[]): string | null {
  let text = '';
  for (const piece of pieces) {
    if (!piece.quoted && /[*?[\\]/.test(piece.text)) return null;
    text += piece.text;
  }
  return text;
}

/**
 * Beyond this much work a match is not tried: about 0.1 s. Matching costs subject length x
 * pattern length steps; reading the pattern costs at worst its length squared, in steps about
 * four times dearer (`[[[[...`: every `[` may open a bracket that runs to the end).
 */
const MAX_MATCH_WORK = 1 << 23;

/** Whether matching `text` would cost more than static evaluation spends on one operation. */
export function matchTooCostly(text: string, pieces: readonly PatternPiece[]): boolean {
  if (literalOf(pieces) !== null) return false;
  // The pattern's length as bash sees it: each quoted character behind a backslash.
  let size = 1;
  for (const piece of pieces) size += piece.text.length * (piece.quoted ? 2 : 1);
  return (text.length + 4 * size) * size > MAX_MATCH_WORK;
}

export function matchesPattern(text: string, pieces: readonly PatternPiece[]): boolean {
  const literal = literalOf(pieces);
  if (literal !== null) return text === literal;
  const subject = new Subject(text);
  return matchFrom(automatonFor(rawCodes(pieces)), subject, 0, true) === subject.length;
}

/** `${x#p}` (shortest) and `${x##p}` (longest) prefix removal. */
export function removePrefix(
  text: string,
  pieces: readonly PatternPiece[],
  longest: boolean,
): string {
  const literal = literalOf(pieces);
  if (literal !== null) return text.startsWith(literal) ? text.slice(literal.length) : text;
  const subject = new Subject(text);
  const end = matchFrom(automatonFor(rawCodes(pieces)), subject, 0, longest);
  return end < 0 ? text : subject.slice(end);
}

/** `${x%p}` (shortest) and `${x%%p}` (longest) suffix removal. */
export function removeSuffix(
  text: string,
  pieces: readonly PatternPiece[],
  longest: boolean,
): string {
  const literal = literalOf(pieces);
  if (literal !== null)
    return text.endsWith(literal) ? text.slice(0, text.length - literal.length) : text;
  const subject = new Subject(text);
  const start = matchToEnd(automatonFor(rawCodes(pieces)), subject, longest);
  return start < 0 ? text : subject.slice(0, start);
}

/**
 * `${x/p/r}`, `${x//p/r}`, `${x/#p/r}`, `${x/%p/r}`: each match is the longest at the leftmost
 * start where one begins. As in bash, an empty pattern replaces nothing except at an anchor,
 * and an empty subject is replaced when the pattern matches it.
 */
export function replacePattern(
  text: string,
  pieces: readonly PatternPiece[],
  replacement: string,
  mode: ReplaceMode,
): string {
  if (pieces.every((p) => p.text === '')) {
    if (mode === '/#') return replacement + text;
    if (mode === '/%') return text + replacement;
    return text;
  }
  const literal = literalOf(pieces);
  if (literal !== null) return replaceLiteral(text, literal, replacement, mode);
  return substitute(text, rawCodes(pieces), replacement, mode);
}

/** replacePattern for a pattern that matches only `literal` (not empty). */
function replaceLiteral(
  text: string,
  literal: string,
  replacement: string,
  mode: ReplaceMode,
): string {
  switch (mode) {
    case '/#':
      return text.startsWith(literal) ? replacement + text.slice(literal.length) : text;
    case '/%':
      return text.endsWith(literal)
        ? text.slice(0, text.length - literal.length) + replacement
        : text;
    case '/':
      return text.replace(literal, () => replacement);
    case '//':
      return text.split(literal).join(replacement);
  }
}
