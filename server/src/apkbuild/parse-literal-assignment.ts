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
import { fitted, internName, none, type ParserState } from './parser-state';
import type { Assignment, Redirect, SimpleCommand, Word, WordPart } from './syntax';

/**
 * name, `+`, `=`, then a double-quoted value (plain text and `$name`), a single-quoted or an
 * unquoted plain value, or none; then the end of the line, after blanks and a comment (whose
 * `#` must follow a blank: `x=a#b` is one word). No capturing groups: test() then builds no
 * match array, a measurable share of the index's allocations when exec() did.
 */
const LITERAL_ASSIGNMENT =
  /[A-Za-z_][A-Za-z0-9_]*\+?=(?:"(?:[^"\\$`]|\$[A-Za-z_])*"|'[^']*'|[^ \t\n\r;&|<>()\\'"$`]+)?(?=(?:[ \t]+#[^\n]*|[ \t]*)(?:\n|$))/y;

/** The assignment command at the cursor when it is such a line; null leaves the cursor alone. */
export function parseLiteralAssignment(p: ParserState): SimpleCommand | null {
  const src = p.src;
  const start = p.pos;
  LITERAL_ASSIGNMENT.lastIndex = start;
  if (!LITERAL_ASSIGNMENT.test(src)) return null;
  const end = LITERAL_ASSIGNMENT.lastIndex;
  const equals = src.indexOf('=', start);
  const append = src.charCodeAt(equals - 1) === PLUS;
  const nameEnd = append ? equals - 1 : equals;
  const assignment: Assignment = {
    kind: 'assignment',
    start,
    end,
    name: internName(src.slice(start, nameEnd)),
    nameEnd,
    append,
    value: literalWord(src, equals + 1, end),
    array: null,
  };
  p.pos = end;
  return {
    kind: 'simple',
    start,
    end,
    assignments: [assignment],
    words: none<Word>(),
    redirects: none<Redirect>(),
    declarations: none<Assignment>(),
  };
}

const PLUS = 43;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/** The word of the value at src[start, end), as parseWord builds it; null for an empty value. */
function literalWord(src: string, start: number, end: number): Word | null {
  if (start === end) return null;
  let part: WordPart;
  const first = src.charCodeAt(start);
  if (first === DOUBLE_QUOTE) {
    const parts = doubleQuotedParts(src.slice(start + 1, end - 1), start + 1);
    part = { kind: 'double-quoted', start, end, parts: fitted(parts) };
  } else if (first === SINGLE_QUOTE) {
    part = { kind: 'single-quoted', start, end, value: src.slice(start + 1, end - 1) };
  } else {
    part = { kind: 'literal', start, end, value: src.slice(start, end), quoted: false };
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
