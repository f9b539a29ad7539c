/**
 * Finds where a function's `{ ... }` body ends without building its syntax tree. Reading an
 * aports tree needs the variables of 12,000 files but almost never the bodies of their
 * functions, which are a third of the text; the parser uses this to leave those bodies for
 * later (parse-command.ts). It is a skimmer, not a parser: whenever the text holds something
 * it does not follow for certain, it gives up (null) and the full parser reads the body.
 * The corpus test checks that every end it finds is the end the parser finds.
 */

import { Ch as C, isMeta } from './parser-state';

/**
 * Thrown inside the skimmer when it meets something it does not follow; never escapes. One
 * object made once: giving up must cost nothing (no stack trace per throw).
 */
const GIVE_UP = new Error('the skimmer gave up');

/** Words after which the next word is again a command (so `}` there closes a group). */
const COMMAND_STARTERS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!']);
/** Words that end a compound command: a `}` may follow directly. */
const COMPOUND_ENDS = new Set(['fi', 'done', 'esac', '}']);

/** The words the skimmer looks for, by their first character code. */
const KEYWORDS_BY_FIRST_CHAR: (string[] | undefined)[] = [];
for (const word of [...COMMAND_STARTERS, ...COMPOUND_ENDS, '{', 'case', 'function'])
  (KEYWORDS_BY_FIRST_CHAR[word.charCodeAt(0)] ??= []).push(word);

/** The keyword that src[start, end) is, else ''; no string is made (hot: once per word). */
function keywordAt(src: string, start: number, end: number): string {
  const first = src.charCodeAt(start);
  // Within the table: optimized code that reads past an array's end is thrown away.
  const candidates =
    first < KEYWORDS_BY_FIRST_CHAR.length ? KEYWORDS_BY_FIRST_CHAR[first] : undefined;
  if (candidates === undefined) return '';
  for (const word of candidates)
    if (word.length === end - start && src.startsWith(word, start)) return word;
  return '';
}

function isBlank(c: number): boolean {
  return c === C.Space || c === C.Tab;
}

const ENDS_WORD = 1;
const SPECIAL = 2;
/** For each ASCII character: plain in a word (0), a metacharacter that ends it, or special. */
const CHAR_KIND = new Uint8Array(128);
for (const c of ' \t\n;&|<>()') CHAR_KIND[c.charCodeAt(0)] = ENDS_WORD;
for (const c of '\\\'"`$\r') CHAR_KIND[c.charCodeAt(0)] = SPECIAL;
/** What the skimmer must look at inside double quotes (a carriage return: it gives up). */
const NOT_PLAIN_IN_DOUBLE_QUOTES = /["\\$`\r]/g;
/** The characters that are not plain in a word: those of CHAR_KIND that are not 0. */
const NOT_PLAIN = /[ \t\n;&|<>()\\'"`$\r]/g;

class Skimmer {
  private heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly src: string) {}

  private at(i: number): number {
    const c = this.src.charCodeAt(i);
    if (c !== c || c === C.CarriageReturn) throw GIVE_UP; // the end, or CRLF text: the parser decides
    return c;
  }

  /** `{` at `open` to just past its `}`. */
  group(open: number): number {
    let i = open + 1;
    let depth = 1;
    let commandStart = true;
    for (;;) {
      const c = this.at(i);
      if (isBlank(c)) i++;
      else if (c === C.Newline) {
        i = this.newline(i);
        commandStart = true;
      } else if (c === C.Semicolon || c === C.Ampersand || c === C.Pipe || c === C.CloseParen) {
        i++;
        commandStart = true;
      } else if (c === C.OpenParen) {
        if (this.at(i + 1) === C.OpenParen) i = this.arithmetic(i + 2);
        else i++;
        commandStart = true;
      } else if (c === C.Hash) i = this.comment(i);
      else if (c === C.Less || c === C.Greater) i = this.redirect(i);
      else {
        const end = this.word(i);
        const word = keywordAt(this.src, i, end);
        i = end;
        if (commandStart && word === '{') depth++;
        else if (commandStart && word === '}' && --depth === 0) return i;
        if (word === 'case' || word === 'function') throw GIVE_UP;
        commandStart =
          commandStart && (COMMAND_STARTERS.has(word) || COMPOUND_ENDS.has(word) || word === '{');
      }
    }
  }

  /** A newline, then the bodies of the heredocs begun on the line it ends. */
  private newline(i: number): number {
    i++;
    if (this.heredocs.length === 0) return i;
    for (const { delimiter, stripTabs } of this.heredocs.splice(0)) {
      for (;;) {
        const lineEnd = this.src.indexOf('\n', i);
        if (lineEnd < 0) throw GIVE_UP;
        let start = i;
        if (stripTabs) while (this.src.charCodeAt(start) === C.Tab) start++;
        i = lineEnd + 1;
        if (this.src.slice(start, lineEnd) === delimiter) break;
      }
    }
    return i;
  }

  private comment(i: number): number {
    const end = this.src.indexOf('\n', i);
    if (end < 0) throw GIVE_UP;
    return end;
  }

  /** `<`, `>`, `<<`, `<<-` (a heredoc, delimiter plain or wholly quoted), `<<<`, `>&`... */
  private redirect(i: number): number {
    if (this.at(i) === C.Less && this.at(i + 1) === C.Less) {
      if (this.at(i + 2) === C.Less) return i + 3;
      i += 2;
      const stripTabs = this.at(i) === C.Minus;
      if (stripTabs) i++;
      while (isBlank(this.at(i))) i++;
      const match = /^(['"]?)([A-Za-z0-9_]+)\1(?=[ \t\n;&|)])/.exec(this.src.slice(i, i + 80));
      if (!match) throw GIVE_UP;
      this.heredocs.push({ delimiter: match[2], stripTabs });
      return i + match[0].length;
    }
    i++;
    while (this.at(i) === C.Greater || this.at(i) === C.Ampersand || this.at(i) === C.Pipe) i++;
    return i;
  }

  /** An unquoted word with its quotes and expansions, to the first metacharacter. */
  private word(i: number): number {
    const src = this.src;
    for (;;) {
      // Runs of plain characters are scanned natively; the end of the text ends the word.
      NOT_PLAIN.lastIndex = i;
      if (!NOT_PLAIN.test(src)) return src.length;
      i = NOT_PLAIN.lastIndex - 1;
      const c = src.charCodeAt(i);
      if (CHAR_KIND[c] === ENDS_WORD) return i;
      i = this.wordPart(i, c);
    }
  }

  /** One character or quoted/expanded part of a word, starting at `i` (char `c`). */
  private wordPart(i: number, c: number): number {
    switch (c) {
      case C.Backslash:
        this.at(i + 1);
        return i + 2;
      case C.SingleQuote:
        return this.closing(i + 1, "'") + 1;
      case C.DoubleQuote:
        return this.doubleQuoted(i + 1);
      case C.Backtick:
        return this.backticks(i + 1);
      case C.Dollar:
        return this.dollar(i, false);
      case C.CarriageReturn:
        throw GIVE_UP;
      default:
        return i + 1;
    }
  }

  private closing(i: number, quote: string): number {
    const end = this.src.indexOf(quote, i);
    if (end < 0) throw GIVE_UP;
    return end;
  }

  private doubleQuoted(i: number): number {
    for (;;) {
      // Plain text up to the next character that matters, scanned natively.
      NOT_PLAIN_IN_DOUBLE_QUOTES.lastIndex = i;
      if (!NOT_PLAIN_IN_DOUBLE_QUOTES.test(this.src)) throw GIVE_UP;
      i = NOT_PLAIN_IN_DOUBLE_QUOTES.lastIndex - 1;
      const c = this.at(i);
      if (c === C.DoubleQuote) return i + 1;
      if (c === C.Backslash) i += 2;
      else if (c === C.Dollar) i = this.dollar(i, true);
      else if (c === C.Backtick) i = this.backticks(i + 1);
      else i++;
    }
  }

  private backticks(i: number): number {
    for (;;) {
      const c = this.at(i);
      if (c === C.Backtick) return i + 1;
      i += c === C.Backslash ? 2 : 1;
    }
  }

  /** `$name`, `${...}`, `$(...)`, `$((...))`, `$'...'`, or a lone `$`. */
  private dollar(i: number, inDoubleQuotes: boolean): number {
    const next = this.src.charCodeAt(i + 1);
    if (next === C.OpenParen) {
      return this.src.charCodeAt(i + 2) === C.OpenParen
        ? this.arithmetic(i + 3)
        : this.substitution(i + 2);
    }
    if (next === C.OpenBrace) return this.braced(i + 2, inDoubleQuotes);
    if (next === C.SingleQuote && !inDoubleQuotes) return this.ansiQuoted(i + 2);
    return i + 1;
  }

  /** Inside `((`: to just past the `))` that balances it. */
  private arithmetic(i: number): number {
    let depth = 2;
    for (;;) {
      const c = this.at(i++);
      if (c === C.OpenParen) depth++;
      else if (c === C.CloseParen && --depth === 0) return i;
      else if (c === C.Newline || c === C.DoubleQuote || c === C.SingleQuote) throw GIVE_UP;
    }
  }

  /** Inside `$(`: a command list to its `)`; `case` and heredocs in there are left to the parser. */
  private substitution(i: number): number {
    let depth = 1;
    for (;;) {
      const c = this.at(i);
      if (c === C.OpenParen) {
        depth++;
        i++;
      } else if (c === C.CloseParen) {
        i++;
        if (--depth === 0) return i;
      } else if (c === C.Hash || c === C.Less) throw GIVE_UP;
      else if (isMeta(c)) i++;
      else {
        const end = this.word(i);
        if (this.src.slice(i, end) === 'case') throw GIVE_UP;
        i = end;
      }
    }
  }

  /** Inside `${`: to its `}`, over nested quotes and expansions. */
  private braced(i: number, inDoubleQuotes: boolean): number {
    for (;;) {
      const c = this.at(i);
      if (c === C.CloseBrace) return i + 1;
      if (c === C.SingleQuote) {
        if (inDoubleQuotes) throw GIVE_UP; // literal or not depends on the operator
        i = this.closing(i + 1, "'") + 1;
      } else if (c === C.DoubleQuote) i = this.doubleQuoted(i + 1);
      else if (c === C.Backslash) i += 2;
      else if (c === C.Dollar) i = this.dollar(i, inDoubleQuotes);
      else if (c === C.Backtick) i = this.backticks(i + 1);
      else i++;
    }
  }

  private ansiQuoted(i: number): number {
    for (;;) {
      const c = this.at(i);
      if (c === C.SingleQuote) return i + 1;
      i += c === C.Backslash ? 2 : 1;
    }
  }
}

/**
 * The offset just past the `}` that closes the brace group opening at `open`, or null when
 * the skimmer cannot be sure (the full parser must read it).
 */
export function skimBraceGroup(src: string, open: number): number | null {
  if (src.charCodeAt(open) !== C.OpenBrace) return null;
  const after = src.charCodeAt(open + 1);
  if (!isBlank(after) && after !== C.Newline) return null;
  try {
    return new Skimmer(src).group(open);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}
