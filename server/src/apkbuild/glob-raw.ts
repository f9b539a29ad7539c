/**
 * A pattern as bash matches it: the pieces joined, each quoted character behind a backslash
 * (so a backslash from an unquoted expansion escapes what follows it, quoted or not, as in
 * bash). What bracket expressions look up in it is computed once for the whole pattern, so
 * reading every bracket costs no more than O(length^2) even for `[[[[...` or `[[:[[:...`.
 */

/** A piece of a pattern: quoted text matches literally, unquoted text is a glob. */
export interface PatternPiece {
  text: string;
  quoted: boolean;
}

export const BACKSLASH = 0x5c;
export const OPEN = 0x5b;
export const CLOSE = 0x5d;
export const COLON = 0x3a;
export const DOT = 0x2e;
export const EQUALS = 0x3d;
/** What `at` answers past the end of the pattern. */
export const END = -1;

/**
 * Where matching goes on after a bracket: a pattern position, `unclosed` (the `[` was a plain
 * character after all) or `dead` (bash gives up on the whole bracket).
 */
export type Outcome = number | 'unclosed' | 'dead';

const UNCLOSED = -1;
const DEAD = -2;
const NOT_YET = -3;

/** The pieces as bash's pattern string, one code point an element. */
export function rawCodes(pieces: readonly PatternPiece[]): Int32Array {
  const raw: number[] = [];
  for (const piece of pieces)
    for (const ch of piece.text) {
      if (piece.quoted) raw.push(BACKSLASH);
      raw.push(ch.codePointAt(0)!);
    }
  return Int32Array.from(raw);
}

export class RawPattern {
  private readonly colonClose: Int32Array;
  private readonly dotClose: Int32Array;
  private readonly skips: Int32Array;

  constructor(readonly codes: Int32Array) {
    this.colonClose = this.closings(COLON);
    this.dotClose = this.closings(DOT);
    this.skips = new Int32Array(codes.length + 1).fill(NOT_YET);
  }

  get length(): number {
    return this.codes.length;
  }

  at(i: number): number {
    return i < this.codes.length ? this.codes[i] : END;
  }

  /** The first `:` of a `:]` at or after `from`, or -1. */
  colonCloseFrom(from: number): number {
    return from < this.codes.length ? this.colonClose[from] : -1;
  }

  /** The first `.` of a `.]` at or after `from`, or -1. */
  dotCloseFrom(from: number): number {
    return from < this.codes.length ? this.dotClose[from] : -1;
  }

  /**
   * After a bracket member matched, bash skips to the closing `]` by rules of its own (nested
   * `[:`, `[=`, `[.` and backslashes), from the character after that member. The way does not
   * depend on the bracket, so each start is walked once.
   */
  skipToClose(from: number): Outcome {
    let known = this.skips[from];
    if (known === NOT_YET) known = this.skips[from] = this.walkToClose(from);
    return known === UNCLOSED ? 'unclosed' : known === DEAD ? 'dead' : known;
  }

  private walkToClose(from: number): number {
    let r = from;
    let depth = 1;
    let nested = -1;
    let c = this.at(r);
    while (depth > 0) {
      if (c === END) return UNCLOSED;
      const previous = c;
      c = this.at(r++);
      const next = this.at(r);
      if (c === OPEN && (next === EQUALS || next === COLON || next === DOT)) {
        depth++;
        nested = r++;
        c = this.at(r);
        if (c === END) return UNCLOSED;
      } else if (c === CLOSE && depth > 1 && nested >= 0 && previous === this.codes[nested]) {
        depth--;
        nested = -1;
      } else if (c === CLOSE && (nested < 0 || this.codes[nested] !== DOT)) {
        depth = 0;
      } else if (c === BACKSLASH) {
        if (next === END) return DEAD;
        r++;
      }
    }
    return r;
  }

  private closings(mark: number): Int32Array {
    const next = new Int32Array(this.codes.length);
    let found = -1;
    for (let i = this.codes.length - 1; i >= 0; i--) {
      if (this.codes[i] === mark && this.at(i + 1) === CLOSE) found = i;
      next[i] = found;
    }
    return next;
  }
}
