import { describe, expect, it } from 'vitest';
import {
  matchesPattern,
  removePrefix,
  removeSuffix,
  replacePattern,
  type PatternPiece,
} from '../../server/src/apkbuild/pattern';
import {
  bashPatternAnswers,
  type PatternOperation,
  type PatternQuestion,
} from '../helpers/bash-pattern';

/** Writes a pattern as pieces: text in double quotes is a quoted piece, the rest unquoted. */
function pieces(notation: string): PatternPiece[] {
  return notation
    .split('"')
    .map((text, i) => ({ text, quoted: i % 2 === 1 }))
    .filter((piece) => piece.text !== '' || piece.quoted);
}

/** What pattern.ts answers, in the form bash's answers take (`y`/`n`, or replacing with `X`). */
function answer(subject: string, pattern: readonly PatternPiece[], op: PatternOperation): string {
  switch (op) {
    case 'case':
      return matchesPattern(subject, pattern) ? 'y' : 'n';
    case '#':
    case '##':
      return removePrefix(subject, pattern, op === '##');
    case '%':
    case '%%':
      return removeSuffix(subject, pattern, op === '%%');
    default:
      return replacePattern(subject, pattern, 'X', op);
  }
}

/**
 * [subject, pattern, operation, bash's answer]. The answers are bash 5.2.15's, from
 * `env -i bash --norc questions.sh` with one line a row (see bashLines in
 * test/helpers/bash-pattern.ts), e.g. for the row ['1.4.71', '*.', '##', ...]:
 * `p0='*.'; v='1.4.71'; printf '%s\0' "${v##$p0}"`, and for a `case` row:
 * `p0='[!]a]'; v='b'; case $v in $p0) printf 'y\0';; *) printf 'n\0';; esac`.
 * Each piece sits in a variable, expanded unquoted or in double quotes, so bash sees exactly
 * those pieces; the test "the table is what bash answers" asks bash again.
 */
const BASH_ANSWERS: [string, string, PatternOperation, string][] = [
  ['1.4.71', '*.', '#', '4.71'],
  ['1.4.71', '*.', '##', '71'],
  ['1.4.71', '.*', '%', '1.4'],
  ['1.4.71', '.*', '%%', '1'],
  ['1.4.71', '.', '/', '1X4.71'],
  ['1.4.71', '.', '//', '1X4X71'],
  ['1.4.71', '[0-9]', '//', 'X.X.XX'],
  ['a-b-c', 'a', '/#', 'X-b-c'],
  ['a-b-c', 'c', '/%', 'a-b-X'],
  ['a-b-c', '[a-b]', '//', 'X-X-c'],
  ['a-b-c', '*-', '/#', 'Xc'],
  ['a-b-c', '-*', '/%', 'aX'],
  ['a-b-c', '-?', '/', 'aX-c'],
  ['a-b-c', '-?', '//', 'aXX'],
  ['abc123', '[[:digit:]]*', '%%', 'abc'],
  ['abc123', '*[[:alpha:]]', '#', 'bc123'],
  ['abc123', '*[[:alpha:]]', '##', '123'],
  ['/usr/lib/foo', '*/', '#', 'usr/lib/foo'],
  ['/usr/lib/foo', '*/', '##', 'foo'],
  ['/usr/lib/foo', '/*', '%', '/usr/lib'],
  ['/usr/lib/foo', '/*', '%%', ''],
  ['/usr/lib/foo', '/', '//', 'XusrXlibXfoo'],
  ['/usr/lib/foo', '*', 'case', 'y'],
  ['/usr/lib/foo', '/*/foo', 'case', 'y'],
  ['/usr/lib/foo', '?usr?lib?foo', 'case', 'y'],
  ['abc', '', '//', 'abc'],
  ['abc', '', '/', 'abc'],
  ['abc', '', '/#', 'Xabc'],
  ['abc', '', '/%', 'abcX'],
  ['abc', '', '#', 'abc'],
  ['abc', '', '%%', 'abc'],
  ['abc', '""', '//', 'abc'],
  ['abc', '""', '/#', 'Xabc'],
  ['', '*', '//', 'X'],
  ['', '*', '/', 'X'],
  ['', '*', '/#', 'X'],
  ['', '*', '/%', 'X'],
  ['', '*', '#', ''],
  ['', '*', '##', ''],
  ['', '*', 'case', 'y'],
  ['', '', 'case', 'y'],
  ['', '?', 'case', 'n'],
  ['', '?', '//', ''],
  ['a', '*', '//', 'X'],
  ['abc', '*', '//', 'X'],
  ['abc', '*', '/', 'X'],
  ['abc', '*', '#', 'abc'],
  ['abc', '*', '##', ''],
  ['abc', '*', '%', 'abc'],
  ['abc', '*', '%%', ''],
  ['abc', '?', '#', 'bc'],
  ['abc', '?', '%', 'ab'],
  ['abc', '??', '##', 'c'],
  ['abc', '?', '//', 'XXX'],
  ['abc', '[!b]', '//', 'XbX'],
  ['abc', '[^b]', '//', 'XbX'],
  ['abc', '[!b]*', '%%', ''],
  ['a*b?c', '"*"', '//', 'aXb?c'],
  ['a*b?c', '"?"', '//', 'a*bXc'],
  ['a*b?c', 'a"*"b"?"c', 'case', 'y'],
  ['a*b?c', 'a*b?c', 'case', 'y'],
  ['aXbYc', 'a*b?c', 'case', 'y'],
  ['aXbYc', 'a"*"b"?"c', 'case', 'n'],
  ['a*b', '\\*', '//', 'aXb'],
  ['a*b', '\\a', '#', '*b'],
  ['ab', '"["ab"]"', 'case', 'n'],
  ['[ab]', '"["ab"]"', 'case', 'y'],
  ['[ab]', '"[ab]"', 'case', 'y'],
  [']', '[]]', 'case', 'y'],
  ['a', '[]a]', 'case', 'y'],
  [']', '[!]a]', 'case', 'n'],
  ['b', '[!]a]', 'case', 'y'],
  ['-', '[a-]', 'case', 'y'],
  ['-', '[-a]', 'case', 'y'],
  ['b', '[a-c]', 'case', 'y'],
  ['B', '[a-z]', 'case', 'n'],
  ['b', '[c-a]', 'case', 'n'],
  ['z', '[c-ax-z]', 'case', 'y'],
  ['-', '[a-c-e]', 'case', 'y'],
  ['d', '[a-c-e]', 'case', 'n'],
  [']', '[\\]]', 'case', 'y'],
  ['\\', '[\\]]', 'case', 'n'],
  ['a', '[a\\]', 'case', 'n'],
  ['[a]', '[a\\]', 'case', 'y'],
  ['b', '[a\\-c]', 'case', 'n'],
  ['-', '[a\\-c]', 'case', 'y'],
  ['b', '[a-\\c]', 'case', 'y'],
  ['b', '[a"-"c]', 'case', 'n'],
  ['-', '[a"-"c]', 'case', 'y'],
  ['b', '[a-"c"]', 'case', 'y'],
  ['!', '["!"a]', 'case', 'y'],
  ['b', '["!"a]', 'case', 'n'],
  [']', '[a"]"]', 'case', 'y'],
  ['[', '[', 'case', 'y'],
  ['[a', '[a', 'case', 'y'],
  ['ab', '[ab', 'case', 'n'],
  ['[ab', '[ab', 'case', 'y'],
  ['[!', '[!', 'case', 'y'],
  ['x', '[!', 'case', 'n'],
  ['!', '[!]', 'case', 'n'],
  ['[!]', '[!]', 'case', 'y'],
  ['x]', '[]x]', 'case', 'n'],
  [']', '[]x]', 'case', 'y'],
  ['_', '[[:word:]]', 'case', 'y'],
  ['A', '[[:ascii:]]', 'case', 'y'],
  ['1', '[[:alpha:][:digit:]]', 'case', 'y'],
  [' ', '[[:space:]]', 'case', 'y'],
  [' ', '[[:blank:]]', 'case', 'y'],
  [' ', '[[:print:]]', 'case', 'y'],
  [' ', '[[:graph:]]', 'case', 'n'],
  ['~', '[[:punct:]]', 'case', 'y'],
  ['a', '[[:punct:]]', 'case', 'n'],
  ['f', '[[:xdigit:]]', 'case', 'y'],
  ['g', '[[:xdigit:]]', 'case', 'n'],
  ['G', '[[:upper:]]', 'case', 'y'],
  ['g', '[[:upper:]]', 'case', 'n'],
  ['g', '[[:lower:]]', 'case', 'y'],
  ['9', '[[:alnum:]]', 'case', 'y'],
  ['x', '[[:cntrl:]]', 'case', 'n'],
  ['x', '[![:digit:]]', 'case', 'y'],
  ['1', '[![:digit:]]', 'case', 'n'],
  ['a', '[[:"alpha":]]', 'case', 'y'],
  ['x', '[[:foo:]]', 'case', 'n'],
  ['x', '[![:foo:]]', 'case', 'y'],
  ['a', '[[:foo:]a]', 'case', 'y'],
  ['-', '[[:alpha:]-z]', 'case', 'y'],
  ['a', '[[:alpha]]', 'case', 'n'],
  ['a]', '[[:alpha]]', 'case', 'y'],
  ['[]', '[[:alpha]]', 'case', 'n'],
  ['[a', '[[:alpha:]', 'case', 'y'],
  ['e', '[[=e=]]', 'case', 'y'],
  ['x', '[[=e=]x]', 'case', 'y'],
  ['[e]', '[[=e=]]', 'case', 'y'],
  ['x', '[![=e=]]', 'case', 'n'],
  ['-', '[[.-.]]', 'case', 'y'],
  ['b', '[a[.-.]c]', 'case', 'n'],
  ['b', '[[.a.]-c]', 'case', 'y'],
  ['-', '[[.hyphen.]]', 'case', 'y'],
  ['a', '[a-', 'case', 'n'],
  ['[a-', '[a-', 'case', 'n'],
  ['a-b-c', '[[:alpha:]]', '//', 'X-X-X'],
  ['a-b-c', '[![:alpha:]]', '//', 'aXbXc'],
  ['a1b2c3', '[[:digit:]]', '/', 'aXb2c3'],
  ['a1b2c3', '[[:digit:]]', '/%', 'a1b2cX'],
  ['a1b2c3', '[[:alpha:]][[:digit:]]', '//', 'XXX'],
  ['foo.tar.gz', '.tar.*', '%', 'foo'],
  ['foo.tar.gz', '.*', '%', 'foo.tar'],
  ['foo.tar.gz', '.*', '%%', 'foo'],
  ['foo.tar.gz', '*.', '#', 'tar.gz'],
  ['foo.tar.gz', '*.', '##', 'gz'],
  ['foo.tar.gz', '*.t*', '/', 'X'],
  ['foo.tar.gz', '.t*', '/%', 'fooX'],
  ['foo.tar.gz', 'f*.', '/#', 'Xgz'],
  ['aaa', 'a', '//', 'XXX'],
  ['aaa', 'aa', '//', 'Xa'],
  ['aaa', 'a*', '//', 'X'],
  ['aaa', 'a', '#', 'aa'],
  ['aaa', 'a*', '#', 'aa'],
  ['aaa', 'a*', '##', ''],
  ['aaa', '*a', '%', 'aa'],
  ['aaa', '*a', '%%', ''],
  ['abcabc', 'b*', '/', 'aX'],
  ['abcabc', 'b?', '//', 'aXaX'],
  ['abcabc', '[ab]c', '//', 'aXaX'],
  ['a\\b\\', '*\\\\', '#', 'b\\'],
  ['a\\b\\', '*\\\\', '##', ''],
  ['a\\b\\', '\\\\*', '%', 'a\\b'],
  ['a\\', 'a\\', 'case', 'y'],
  ['a\\', '?\\', 'case', 'y'],
  ['a\\', '*\\', 'case', 'n'],
  ['\\*', '\\"*"', 'case', 'y'],
  ['\\ab', '\\"*"', 'case', 'y'],
  ['ab', '\\"*"', 'case', 'n'],
  ['a-b', '*"-"', '#', 'b'],
  ['a-b', '*"-"*', 'case', 'y'],
];

describe("pattern matching gives bash's answers", () => {
  it.each(BASH_ANSWERS)('%j against %j (%s) is %j', (subject, pattern, op, expected) => {
    expect(answer(subject, pieces(pattern), op)).toBe(expected);
  });

  it('the table is what bash answers', () => {
    const questions = BASH_ANSWERS.map(([subject, pattern, operation]) => ({
      subject,
      pieces: pieces(pattern),
      operation,
    }));
    expect(bashPatternAnswers(questions)).toEqual(BASH_ANSWERS.map((row) => row[3]));
  });
});

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

const OPERATIONS: PatternOperation[] = ['case', '#', '##', '%', '%%', '/', '//', '/#', '/%'];

/** Random patterns built from `tokens`, in one to three pieces, some quoted. */
function randomQuestions(
  seed: number,
  count: number,
  tokens: readonly string[],
  subjectChars: readonly string[],
): PatternQuestion[] {
  const next = random(seed);
  const questions: PatternQuestion[] = [];
  for (let k = 0; k < count; k++) {
    const pattern: PatternPiece[] = [];
    for (let j = 1 + next(3); j > 0; j--) {
      let text = '';
      for (let i = next(6); i > 0; i--) text += tokens[next(tokens.length)];
      pattern.push({ text, quoted: next(4) === 0 });
    }
    let subject = '';
    for (let i = next(7); i > 0; i--) subject += subjectChars[next(subjectChars.length)];
    for (const operation of OPERATIONS) questions.push({ subject, pieces: pattern, operation });
  }
  return questions;
}

/** The questions on which pattern.ts and bash disagree, for a readable failure. */
function disagreements(questions: readonly PatternQuestion[], locale?: string): string[] {
  const bash = bashPatternAnswers(questions, locale);
  return questions.flatMap((q, i) => {
    const ours = answer(q.subject, q.pieces, q.operation);
    return ours === bash[i]
      ? []
      : [`${JSON.stringify(q)}: ${JSON.stringify(ours)}, bash ${JSON.stringify(bash[i])}`];
  });
}

describe('random patterns agree with bash', () => {
  it('brackets, classes, ranges, escapes and quoting (C locale)', () => {
    const tokens = (
      '* ? a b - ! ^ \\ \\\\ [ ] : = . ( + @ !( @( [! [^ []a] [a-] [-a] [a-c] [!a-c] [[:alpha:]] ' +
      '[[:punct:]] [[:foo:]] [[=a=]] [[.-.]] [[.a.]-c] [[.hyphen.]] [\\\\] [: :] [= =] [. .]'
    ).split(' ');
    const questions = randomQuestions(2026, 400, tokens, [...'abc-[]\\\\!:.=^(']);
    expect(disagreements(questions)).toEqual([]);
  });

  it('non-ASCII subjects and patterns, by code point (C.UTF-8)', () => {
    const tokens = '* ? a é 😀 [ ] [!a-é] [é-😀] [[:alpha:]] [[:upper:]] [[:punct:]]'.split(' ');
    const questions = randomQuestions(7, 150, tokens, [...'aé😀中€ -[]']);
    expect(disagreements(questions, 'C.UTF-8')).toEqual([]);
  });
});
