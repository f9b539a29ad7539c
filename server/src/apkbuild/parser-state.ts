import type { Comment, Heredoc, SyntaxDiagnostic } from './syntax';

export const enum Ch {
  Tab = 9,
  Newline = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  Ampersand = 38,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Minus = 45,
  Semicolon = 59,
  Less = 60,
  Equals = 61,
  Greater = 62,
  Backslash = 92,
  Backtick = 96,
  OpenBrace = 123,
  Pipe = 124,
  CloseBrace = 125,
}

/** Nesting beyond this is reported instead of recursed into, so hostile input cannot overflow the stack. */
export const MAX_DEPTH = 150;

/** Characters that end an unquoted word (NaN, the end of input, too). */
export function isMeta(c: number): boolean {
  switch (c) {
    case Ch.Space:
    case Ch.Tab:
    case Ch.Newline:
    case Ch.Semicolon:
    case Ch.Ampersand:
    case Ch.Pipe:
    case Ch.Less:
    case Ch.Greater:
    case Ch.OpenParen:
    case Ch.CloseParen:
      return true;
    default:
      return c !== c; // NaN past the end
  }
}

/** 1 for characters that continue an unquoted word with no special meaning (ASCII only; others are plain too). */
const SPECIAL_IN_WORD = new Uint8Array(128);
for (const c of ' \t\n\r;&|<>()\\\'"$`}:/') SPECIAL_IN_WORD[c.charCodeAt(0)] = 1;

/** True for a character that needs no attention inside an unquoted word or `${...}` argument. */
export function isPlainWordChar(c: number): boolean {
  return c >= 128 || SPECIAL_IN_WORD[c] === 0;
}

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** Cursor over the source with the shared bookkeeping of the parser. */
export class ParserState {
  pos = 0;
  depth = 0;
  readonly len: number;
  readonly diagnostics: SyntaxDiagnostic[] = [];
  readonly comments: Comment[] = [];
  pendingHeredocs: Heredoc[] = [];
  private reportedCarriageReturn = false;
  /** Leave `{ ... }` function bodies unparsed until read (for values-only sourcing). */
  lazyFunctionBodies = false;
  /** Read `name=literal` lines with parseLiteralAssignment (the same tree, sooner). */
  fastAssignments = true;

  constructor(readonly src: string) {
    this.len = src.length;
  }

  /** The character code at the cursor plus `offset`; NaN past the end. */
  at(offset = 0): number {
    // An explicit bound: optimized code that reads past the end of a string is thrown away.
    const i = this.pos + offset;
    return i < this.len ? this.src.charCodeAt(i) : NaN;
  }

  error(start: number, end: number, message: string): void {
    this.diagnostics.push({ start, end: Math.max(end, start), message });
  }

  /** Skips blanks, line continuations and a trailing comment; never a newline. */
  skipBlanks(): void {
    const src = this.src;
    for (;;) {
      const c = this.at();
      if (c === Ch.Space || c === Ch.Tab) {
        this.pos++;
      } else if (c === Ch.Backslash && src.charCodeAt(this.pos + 1) === Ch.Newline) {
        this.pos += 2;
      } else if (c === Ch.CarriageReturn && src.charCodeAt(this.pos + 1) === Ch.Newline) {
        this.noteCarriageReturn();
        this.pos++;
      } else if (
        c === Ch.Backslash &&
        src.charCodeAt(this.pos + 1) === Ch.CarriageReturn &&
        src.charCodeAt(this.pos + 2) === Ch.Newline
      ) {
        this.noteCarriageReturn();
        this.pos += 3;
      } else if (c === Ch.Hash) {
        this.readComment();
      } else {
        return;
      }
    }
  }

  /** Skips blanks, comments and newlines (a `linebreak` in the POSIX grammar). */
  skipLinebreaks(): void {
    for (;;) {
      this.skipBlanks();
      if (this.at() !== Ch.Newline) return;
      this.consumeNewline();
    }
  }

  /** Consumes one newline, then the bodies of heredocs started on the line it ends. */
  consumeNewline(): void {
    this.pos++;
    if (this.pendingHeredocs.length === 0) return;
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const heredoc of pending) this.readHeredocBody(heredoc);
  }

  private readComment(): void {
    const start = this.pos;
    let end = this.src.indexOf('\n', start);
    if (end < 0) end = this.len;
    let textEnd = end;
    if (this.src.charCodeAt(textEnd - 1) === Ch.CarriageReturn) textEnd--;
    this.comments.push({ start, end: textEnd, text: this.src.slice(start, textEnd) });
    this.pos = textEnd;
  }

  private readHeredocBody(heredoc: Heredoc): void {
    const src = this.src;
    heredoc.bodyStart = this.pos;
    while (this.pos < this.len) {
      const lineStart = this.pos;
      let lineEnd = src.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = this.len;
      let textStart = lineStart;
      if (heredoc.stripTabs) while (src.charCodeAt(textStart) === Ch.Tab) textStart++;
      let textEnd = lineEnd;
      if (src.charCodeAt(textEnd - 1) === Ch.CarriageReturn) textEnd--;
      if (
        textEnd - textStart === heredoc.delimiter.length &&
        src.startsWith(heredoc.delimiter, textStart)
      ) {
        heredoc.bodyEnd = lineStart;
        heredoc.end = lineEnd;
        this.pos = Math.min(lineEnd + 1, this.len);
        return;
      }
      this.pos = Math.min(lineEnd + 1, this.len);
    }
    heredoc.bodyEnd = this.len;
    heredoc.end = this.len;
    this.error(
      heredoc.start,
      heredoc.start + 2,
      `here-document ends before its delimiter '${heredoc.delimiter}'`,
    );
  }

  private noteCarriageReturn(): void {
    if (this.reportedCarriageReturn) return;
    this.reportedCarriageReturn = true;
    this.error(
      this.pos,
      this.pos + 1,
      "CRLF line ends: abuild's shell reads the \\r as part of each line",
    );
  }
}

/**
 * The one empty list every node without children of a kind shares: most simple commands have
 * no redirects and no declarations, and an array apiece is 5% of a large file's tree.
 * Frozen, so code that would push into it fails instead of changing every node.
 */
const NONE: readonly never[] = Object.freeze([]);

/** The shared empty list, typed as the node's field is. */
export function none<T>(): T[] {
  return NONE as unknown as T[];
}

/**
 * The list at its exact length. A list grown by push keeps room for more (17 slots after its
 * first push), which a finished node never uses: fitted, a large file's tree is a quarter
 * smaller.
 */
export function fitted<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/** A finished node's list: fitted, or the shared empty one when it holds nothing. */
export function settled<T>(list: T[]): T[] {
  return list.length === 0 ? none<T>() : list.slice();
}

/** Names seen lately, each held once; cleared when full, so no input makes it grow for good. */
const NAMES = new Map<string, string>();
const NAMES_HELD = 4096;

/**
 * One string per variable name: a file names `pkgname` or `srcdir` hundreds of times, and a
 * copy apiece is 3% of a large file's tree.
 */
export function internName(name: string): string {
  const held = NAMES.get(name);
  if (held !== undefined) return held;
  if (NAMES.size >= NAMES_HELD) NAMES.clear();
  NAMES.set(name, name);
  return name;
}
