import { parseSubstitutionBody } from './parse-command';
import {
  Ch,
  isMeta,
  isNameChar,
  isNameStart,
  isPlainWordChar,
  MAX_DEPTH,
  type ParserState,
} from './parser-state';
import type { ParameterOperator, ParameterPart, Word, WordPart } from './syntax';

/** Where a run of word text stops. */
const enum Mode {
  /** An ordinary unquoted word: stops at blanks and operators. */
  Word,
  /** Inside `${...}` after the operator: stops at `}` (or a second stop character). */
  Brace,
}

/** Parses one word at the cursor, or returns null when none starts here. */
export function parseWord(p: ParserState): Word | null {
  const start = p.pos;
  if (isProcessSubstitution(p)) {
    const part = nested(p, start, () => {
      p.pos = start + 2;
      const body = parseSubstitutionBody(p);
      if (p.at() === Ch.CloseParen) p.pos++;
      else
        p.error(
          start,
          start + 2,
          `unterminated '${p.src.slice(start, start + 2)}' process substitution`,
        );
      return { kind: 'command-substitution', start, end: p.pos, backtick: false, body };
    });
    return { kind: 'word', start, end: p.pos, parts: [part] };
  }
  const parts = parseParts(p, Mode.Word, -1);
  if (p.pos === start) return null;
  return { kind: 'word', start, end: p.pos, parts };
}

/** bash's `<(...)` and `>(...)`. */
export function isProcessSubstitution(p: ParserState): boolean {
  const c = p.at();
  return (c === Ch.Less || c === Ch.Greater) && p.at(1) === Ch.OpenParen;
}

function endsWord(p: ParserState, c: number): boolean {
  return isMeta(c) || (c === Ch.CarriageReturn && p.at(1) === Ch.Newline);
}

/** Accumulates one literal run whose value may skip line continuations and escapes. */
class LiteralRun {
  start = 0;
  chunk = 0;
  value = '';

  reset(at: number): void {
    this.start = at;
    this.chunk = at;
    this.value = '';
  }

  /** Ends the run at `end`, pushing a literal part when it covered any text. */
  flush(src: string, end: number, quoted: boolean, parts: WordPart[]): void {
    if (end > this.start) {
      const value = this.value + src.slice(this.chunk, end);
      parts.push({ kind: 'literal', start: this.start, end, value, quoted });
    }
    this.reset(end);
  }

  /** Drops `count` characters at `at` from the value (a continuation, or an escape's backslash). */
  skip(src: string, at: number, count: number): void {
    this.value += src.slice(this.chunk, at);
    this.chunk = at + count;
  }
}

function parseParts(p: ParserState, mode: Mode, stopChar: number): WordPart[] {
  const src = p.src;
  const len = p.len;
  const parts: WordPart[] = [];
  const run = new LiteralRun();
  run.reset(p.pos);
  while (p.pos < len) {
    let c = src.charCodeAt(p.pos);
    if (isPlainWordChar(c)) {
      do c = src.charCodeAt(++p.pos);
      while (p.pos < len && isPlainWordChar(c));
      if (p.pos >= len) break;
    }
    if (mode === Mode.Word ? endsWord(p, c) : c === Ch.CloseBrace || c === stopChar) break;
    switch (c) {
      case Ch.Backslash: {
        const next = src.charCodeAt(p.pos + 1);
        if (next === Ch.Newline) {
          run.skip(src, p.pos, 2);
          p.pos += 2;
        } else if (next !== next) {
          p.pos++;
        } else {
          run.flush(src, p.pos, false, parts);
          parts.push({
            kind: 'literal',
            start: p.pos,
            end: p.pos + 2,
            value: src[p.pos + 1],
            quoted: true,
          });
          p.pos += 2;
          run.reset(p.pos);
        }
        break;
      }
      case Ch.SingleQuote:
        run.flush(src, p.pos, false, parts);
        parts.push(parseSingleQuoted(p));
        run.reset(p.pos);
        break;
      case Ch.DoubleQuote:
        run.flush(src, p.pos, false, parts);
        parts.push(parseDoubleQuoted(p));
        run.reset(p.pos);
        break;
      case Ch.Dollar: {
        run.flush(src, p.pos, false, parts);
        const part = parseDollar(p);
        // A lone `$` is literal text: it starts the next run.
        if (part) {
          parts.push(part);
          run.reset(p.pos);
        } else run.reset(p.pos - 1);
        break;
      }
      case Ch.Backtick:
        run.flush(src, p.pos, false, parts);
        parts.push(parseBacktick(p));
        run.reset(p.pos);
        break;
      default:
        p.pos++;
    }
  }
  run.flush(src, p.pos, false, parts);
  return parts;
}

function parseSingleQuoted(p: ParserState): WordPart {
  const start = p.pos;
  const close = p.src.indexOf("'", start + 1);
  if (close < 0) {
    p.error(start, start + 1, 'unterminated single quote');
    p.pos = p.len;
    return { kind: 'single-quoted', start, end: p.len, value: p.src.slice(start + 1) };
  }
  p.pos = close + 1;
  return { kind: 'single-quoted', start, end: p.pos, value: p.src.slice(start + 1, close) };
}

function isPlainInDoubleQuotes(c: number): boolean {
  return c !== Ch.DoubleQuote && c !== Ch.Backslash && c !== Ch.Dollar && c !== Ch.Backtick;
}

function parseDoubleQuoted(p: ParserState): WordPart {
  const start = p.pos;
  const src = p.src;
  const len = p.len;
  p.pos++;
  const parts: WordPart[] = [];
  const run = new LiteralRun();
  run.reset(p.pos);
  while (p.pos < len) {
    const c = src.charCodeAt(p.pos);
    if (isPlainInDoubleQuotes(c)) {
      p.pos++;
      continue;
    }
    if (c === Ch.DoubleQuote) {
      run.flush(src, p.pos, true, parts);
      p.pos++;
      return { kind: 'double-quoted', start, end: p.pos, parts };
    }
    if (c === Ch.Backslash) {
      const next = src.charCodeAt(p.pos + 1);
      if (next === Ch.Newline) {
        run.skip(src, p.pos, 2);
        p.pos += 2;
      } else if (
        next === Ch.Dollar ||
        next === Ch.Backtick ||
        next === Ch.DoubleQuote ||
        next === Ch.Backslash
      ) {
        run.skip(src, p.pos, 1);
        p.pos += 2;
      } else {
        p.pos++;
      }
    } else if (c === Ch.Dollar) {
      run.flush(src, p.pos, true, parts);
      const part = parseDollar(p);
      if (part) {
        parts.push(part);
        run.reset(p.pos);
      } else run.reset(p.pos - 1);
    } else {
      run.flush(src, p.pos, true, parts);
      parts.push(parseBacktick(p));
      run.reset(p.pos);
    }
  }
  run.flush(src, p.pos, true, parts);
  p.error(start, start + 1, 'unterminated double quote');
  return { kind: 'double-quoted', start, end: p.pos, parts };
}

function parseBacktick(p: ParserState): WordPart {
  const start = p.pos;
  const src = p.src;
  let i = start + 1;
  while (i < p.len) {
    const c = src.charCodeAt(i);
    if (c === Ch.Backslash) i += 2;
    else if (c === Ch.Backtick) break;
    else i++;
  }
  if (i >= p.len) {
    p.error(start, start + 1, 'unterminated backtick command substitution');
    p.pos = p.len;
  } else {
    p.pos = i + 1;
  }
  return { kind: 'command-substitution', start, end: p.pos, backtick: true, body: null };
}

/** Parses what follows a `$`; returns null (cursor past the `$`) when it is a plain dollar sign. */
function parseDollar(p: ParserState): WordPart | null {
  const start = p.pos;
  const next = p.at(1);
  if (next === Ch.OpenBrace) return nested(p, start, () => parseBraced(p, start));
  if (next === Ch.OpenParen) {
    if (p.at(2) === Ch.OpenParen) {
      const arithmetic = tryArithmetic(p, start);
      if (arithmetic) return arithmetic;
    }
    return nested(p, start, () => {
      p.pos = start + 2;
      const body = parseSubstitutionBody(p);
      if (p.at() === Ch.CloseParen) p.pos++;
      else p.error(start, start + 2, "unterminated '$(' command substitution");
      return { kind: 'command-substitution', start, end: p.pos, backtick: false, body };
    });
  }
  if (next === Ch.SingleQuote) {
    p.pos++;
    return parseAnsiQuoted(p, start);
  }
  if (next === Ch.DoubleQuote) {
    p.pos++;
    const quoted = parseDoubleQuoted(p);
    return { ...quoted, start };
  }
  if (isNameStart(next)) {
    let end = start + 2;
    while (isNameChar(p.src.charCodeAt(end))) end++;
    p.pos = end;
    return simpleParameter(p.src.slice(start + 1, end), start, end);
  }
  if ((next >= 48 && next <= 57) || '@*#?$!-'.includes(String.fromCharCode(next))) {
    if (next !== next) {
      p.pos++;
      return null;
    }
    p.pos = start + 2;
    return simpleParameter(String.fromCharCode(next), start, p.pos);
  }
  p.pos++;
  return null;
}

function nested(p: ParserState, start: number, parse: () => WordPart): WordPart {
  if (p.depth >= MAX_DEPTH) {
    p.error(start, start + 2, 'expansions nested too deeply; the rest of the file is not parsed');
    p.pos = p.len;
    return { kind: 'command-substitution', start, end: p.len, backtick: false, body: null };
  }
  p.depth++;
  try {
    return parse();
  } finally {
    p.depth--;
  }
}

function simpleParameter(name: string, start: number, end: number): ParameterPart {
  return {
    kind: 'parameter',
    start,
    end,
    name,
    braced: false,
    operator: null,
    argument: null,
    second: null,
  };
}

function parseAnsiQuoted(p: ParserState, start: number): WordPart {
  const src = p.src;
  let i = p.pos + 1;
  let value = '';
  while (i < p.len && src.charCodeAt(i) !== Ch.SingleQuote) {
    if (src.charCodeAt(i) === Ch.Backslash && i + 1 < p.len) {
      const e = src[i + 1];
      value += ANSI_ESCAPES[e] ?? (e === "'" || e === '"' || e === '\\' ? e : '\\' + e);
      i += 2;
    } else {
      value += src[i];
      i++;
    }
  }
  if (i >= p.len) p.error(start, start + 2, "unterminated $'...' string");
  p.pos = Math.min(i + 1, p.len);
  return { kind: 'single-quoted', start, end: p.pos, value };
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
};

function tryArithmetic(p: ParserState, start: number): WordPart | null {
  const src = p.src;
  let depth = 0;
  // An arithmetic expansion is short; bounding the search keeps a run of `$((` linear.
  const limit = Math.min(p.len, start + 65536);
  for (let i = start + 3; i < limit; i++) {
    const c = src.charCodeAt(i);
    if (c === Ch.OpenParen) depth++;
    else if (c === Ch.CloseParen) {
      if (depth > 0) depth--;
      else if (src.charCodeAt(i + 1) === Ch.CloseParen) {
        p.pos = i + 2;
        return { kind: 'arithmetic', start, end: p.pos, expression: src.slice(start + 3, i) };
      } else return null;
    } else if (c === Ch.Newline && depth === 0) return null;
  }
  return null;
}

function parseBraced(p: ParserState, start: number): WordPart {
  const src = p.src;
  p.pos = start + 2;
  let operator: ParameterOperator | null = null;
  let name: string;
  const c = p.at();
  if (c === Ch.Hash && p.at(1) !== Ch.CloseBrace && readName(p, p.pos + 1) > p.pos + 1) {
    operator = 'length';
    const end = readName(p, p.pos + 1);
    name = src.slice(p.pos + 1, end);
    p.pos = end;
  } else if (c === Ch.Bang && readName(p, p.pos + 1) > p.pos + 1) {
    const end = readName(p, p.pos + 1);
    name = src.slice(p.pos, end); // indirection: never statically known
    p.pos = end;
  } else {
    const end = readName(p, p.pos);
    name = src.slice(p.pos, end);
    p.pos = end;
  }
  const part: ParameterPart = {
    kind: 'parameter',
    start,
    end: start,
    name,
    braced: true,
    operator,
    argument: null,
    second: null,
  };
  if (name === '') p.error(start, p.pos + 1, 'bad substitution: missing parameter name');
  if (operator === null) readOperator(p, part);
  if (p.at() === Ch.CloseBrace) p.pos++;
  else {
    p.error(start, start + 2, "unterminated '${'");
    const close = src.indexOf('}', p.pos);
    p.pos = close < 0 ? p.len : close + 1;
  }
  part.end = p.pos;
  return part;
}

/** End of a parameter name: an identifier, a number or one special character. */
function readName(p: ParserState, from: number): number {
  const c = p.src.charCodeAt(from);
  if (isNameStart(c)) {
    let end = from + 1;
    while (isNameChar(p.src.charCodeAt(end))) end++;
    return end;
  }
  if (c >= 48 && c <= 57) {
    let end = from + 1;
    while (p.src.charCodeAt(end) >= 48 && p.src.charCodeAt(end) <= 57) end++;
    return end;
  }
  return '@*#?$!-'.includes(p.src[from] ?? 'x') ? from + 1 : from;
}

const OPERATORS: ParameterOperator[] = [
  ':-',
  ':=',
  ':?',
  ':+',
  '##',
  '%%',
  '//',
  '/#',
  '/%',
  '^^',
  ',,',
  '-',
  '=',
  '?',
  '+',
  '#',
  '%',
  '/',
  '^',
  ',',
  ':',
];

function readOperator(p: ParserState, part: ParameterPart): void {
  if (p.at() === Ch.CloseBrace) return;
  const op = OPERATORS.find((o) => p.src.startsWith(o, p.pos));
  if (!op) {
    p.error(p.pos, p.pos + 1, `bad substitution: unexpected '${p.src[p.pos] ?? 'end of file'}'`);
    return;
  }
  part.operator = op;
  p.pos += op.length;
  const splitAt = op === ':' ? 58 : op[0] === '/' ? 47 : -1;
  part.argument = braceWord(p, splitAt);
  if (splitAt >= 0 && p.at() === splitAt) {
    p.pos++;
    part.second = braceWord(p, -1);
  }
}

function braceWord(p: ParserState, stopChar: number): Word {
  const start = p.pos;
  const parts = parseParts(p, Mode.Brace, stopChar);
  return { kind: 'word', start, end: p.pos, parts };
}
