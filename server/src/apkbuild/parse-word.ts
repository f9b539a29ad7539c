import { parseSubstitutionBody } from './parse-command';
import { parseBraced } from './parse-parameter';
import {
  Ch,
  fitted,
  internName,
  isMeta,
  isNameChar,
  isNameStart,
  isPlainWordChar,
  MAX_DEPTH,
  type ParserState,
} from './parser-state';
import type { ParameterPart, Word, WordPart } from './syntax';

/** Where a run of word text stops. */
export const enum Mode {
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
  return { kind: 'word', start, end: p.pos, parts: fitted(parts) };
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

/** The characters isPlainWordChar refuses. */
const NOT_PLAIN_IN_WORD = /[ \t\n\r;&|<>()\\'"$`}:/]/g;

export function parseParts(p: ParserState, mode: Mode, stopChar: number): WordPart[] {
  const src = p.src;
  const len = p.len;
  const parts: WordPart[] = [];
  const run = new LiteralRun();
  run.reset(p.pos);
  while (p.pos < len) {
    let c = src.charCodeAt(p.pos);
    if (isPlainWordChar(c)) {
      // The run of plain characters, scanned natively.
      NOT_PLAIN_IN_WORD.lastIndex = p.pos + 1;
      if (!NOT_PLAIN_IN_WORD.test(src)) {
        p.pos = len;
        break;
      }
      p.pos = NOT_PLAIN_IN_WORD.lastIndex - 1;
      c = src.charCodeAt(p.pos);
    }
    if (mode === Mode.Word ? endsWord(p, c) : c === Ch.CloseBrace || c === stopChar) break;
    switch (c) {
      case Ch.Backslash: {
        const next = src.charCodeAt(p.pos + 1);
        if (next === Ch.Newline) {
          run.skip(src, p.pos, 2);
          p.pos += 2;
        } else if (next !== next) {
          p.pos++; // a backslash at the very end stays literal
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

/** What ends a run of plain text inside double quotes. */
const NOT_PLAIN_IN_DOUBLE_QUOTES = /["\\$`]/g;

function parseDoubleQuoted(p: ParserState): WordPart {
  const start = p.pos;
  const src = p.src;
  const len = p.len;
  p.pos++;
  const parts: WordPart[] = [];
  const run = new LiteralRun();
  run.reset(p.pos);
  while (p.pos < len) {
    // The run of plain text, scanned natively: long strings (source=, checksums) are common.
    NOT_PLAIN_IN_DOUBLE_QUOTES.lastIndex = p.pos;
    if (!NOT_PLAIN_IN_DOUBLE_QUOTES.test(src)) {
      p.pos = len;
      break;
    }
    p.pos = NOT_PLAIN_IN_DOUBLE_QUOTES.lastIndex - 1;
    const c = src.charCodeAt(p.pos);
    if (c === Ch.DoubleQuote) {
      run.flush(src, p.pos, true, parts);
      p.pos++;
      return { kind: 'double-quoted', start, end: p.pos, parts: fitted(parts) };
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
      const part = parseDollar(p, true);
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
  return { kind: 'double-quoted', start, end: p.pos, parts: fitted(parts) };
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
/** `insideDoubleQuotes`: there `$"` is a plain dollar sign, not the start of a `$"..."` string. */
function parseDollar(p: ParserState, insideDoubleQuotes = false): WordPart | null {
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
  if (next === Ch.DoubleQuote && !insideDoubleQuotes) {
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

export function simpleParameter(name: string, start: number, end: number): ParameterPart {
  return {
    kind: 'parameter',
    start,
    end,
    name: internName(name),
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
