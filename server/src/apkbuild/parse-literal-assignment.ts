/**
 * The commonest APKBUILD line, `name=value` alone on its line with nothing to expand
 * (`pkgrel=0`, `license="MIT"`, a whole `sha512sums="..."` block), read with one native
 * regular-expression match instead of the general descent from list to word: a file's first
 * hundreds run before the JIT has compiled that descent. The tree is the one the general
 * parser builds (the corpus test compares the two on every file); a `$`, a backslash, a
 * second word or a comment on the line leaves the line to the general parser.
 */
import type { ParserState } from './parser-state';
import type { Assignment, SimpleCommand, Word, WordPart } from './syntax';

/** name, `+`, `=`, then a double-quoted, a single-quoted or an unquoted plain value, or none. */
const LITERAL_ASSIGNMENT =
  /([A-Za-z_][A-Za-z0-9_]*)(\+?)=(?:"([^"\\$`]*)"|'([^']*)'|([^ \t\n\r;&|<>()\\'"$`]+))?(?=\n|$)/y;

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
    const parts: WordPart[] = [];
    if (doubleQuoted !== '')
      parts.push({
        kind: 'literal',
        start: start + 1,
        end: end - 1,
        value: doubleQuoted,
        quoted: true,
      });
    part = { kind: 'double-quoted', start, end, parts };
  } else if (singleQuoted !== undefined) {
    part = { kind: 'single-quoted', start, end, value: singleQuoted };
  } else if (unquoted !== undefined) {
    part = { kind: 'literal', start, end, value: unquoted, quoted: false };
  } else {
    return null;
  }
  return { kind: 'word', start, end, parts: [part] };
}
