/**
 * The commonest APKBUILD line, `name=value` alone on its line (a comment may follow) with at
 * most `$name` to expand (`pkgrel=0`, `license="MIT"`, `subpackages="$pkgname-doc"`, a whole
 * `sha512sums="..."` block), read with one native regular-expression match instead of the
 * general descent from list to word: a file's first hundreds run before the JIT has compiled
 * that descent. The tree is the one the general parser builds (the corpus test compares the
 * two on every file); `${...}`, `$(...)`, a backslash or a second word leaves the line to the
 * general parser.
 */
import { simpleParameter } from './parse-word';
import type { ParserState } from './parser-state';
import type { Assignment, SimpleCommand, Word, WordPart } from './syntax';

/**
 * name, `+`, `=`, then a double-quoted value (plain text and `$name`), a single-quoted or an
 * unquoted plain value, or none; then the end of the line, after blanks and a comment (whose
 * `#` must follow a blank: `x=a#b` is one word).
 */
const LITERAL_ASSIGNMENT =
  /([A-Za-z_][A-Za-z0-9_]*)(\+?)=(?:"((?:[^"\\$`]|\$[A-Za-z_])*)"|'([^']*)'|([^ \t\n\r;&|<>()\\'"$`]+))?(?=(?:[ \t]+#[^\n]*|[ \t]*)(?:\n|$))/y;

/** The assignment command at the cursor when it is such a line; null leaves the cursor alone. */
export function parseLiteralAssignment(p: ParserState): SimpleCommand | null {
  LITERAL_ASSIGNMENT.lastIndex = p.pos;
  const match = LITERAL_ASSIGNMENT.exec(p.src);
  if (match === null) return null;
  const start = p.pos;
  const end = LITERAL_ASSIGNMENT.lastIndex;
  const name = match[1];
  const append = match[2] !== '';
  const nameEnd = start + name.length;
  const value = literalWord(nameEnd + (append ? 2 : 1), end, match);
  const assignment: Assignment = {
    kind: 'assignment',
    start,
    end,
    name,
    nameEnd,
    append,
    value,
    array: null,
  };
  p.pos = end;
  return {
    kind: 'simple',
    start,
    end,
    assignments: [assignment],
    words: [],
    redirects: [],
    declarations: [],
  };
}

/** The value's word as parseWord builds it; null for `name=` (an empty value). */
function literalWord(start: number, end: number, match: RegExpExecArray): Word | null {
  const [, , , doubleQuoted, singleQuoted, unquoted] = match;
  let part: WordPart;
  if (doubleQuoted !== undefined) {
    part = { kind: 'double-quoted', start, end, parts: doubleQuotedParts(doubleQuoted, start + 1) };
  } else if (singleQuoted !== undefined) {
    part = { kind: 'single-quoted', start, end, value: singleQuoted };
  } else if (unquoted !== undefined) {
    part = { kind: 'literal', start, end, value: unquoted, quoted: false };
  } else {
    return null;
  }
  return { kind: 'word', start, end, parts: [part] };
}

/**
 * The parts of double-quoted text of plain runs and `$name`s starting at `offset`, as
 * parseDoubleQuoted makes them: a literal part for each non-empty run, a parameter for each name.
 */
function doubleQuotedParts(text: string, offset: number): WordPart[] {
  const parts: WordPart[] = [];
  let run = 0;
  for (let dollar = text.indexOf('$'); dollar >= 0; dollar = text.indexOf('$', run)) {
    if (dollar > run) parts.push(quotedLiteral(text, run, dollar, offset));
    NAME.lastIndex = dollar + 1;
    NAME.test(text);
    run = NAME.lastIndex;
    parts.push(simpleParameter(text.slice(dollar + 1, run), offset + dollar, offset + run));
  }
  if (run < text.length) parts.push(quotedLiteral(text, run, text.length, offset));
  return parts;
}

/** What follows a `$` in the text the expression accepted: always a name. */
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function quotedLiteral(text: string, from: number, to: number, offset: number): WordPart {
  return {
    kind: 'literal',
    start: offset + from,
    end: offset + to,
    value: text.slice(from, to),
    quoted: true,
  };
}
