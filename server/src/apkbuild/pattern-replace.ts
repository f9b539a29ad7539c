/**
 * `${x/p/r}`, `${x//p/r}`, `${x/#p/r}` and `${x/%p/r}` the way bash 5.2 computes them
 * (pat_subst and match_upattern in subst.c). Unlike `#` and `%`, bash first filters with the
 * pattern wrapped in `*`, works out by rules of its own how many characters a pattern without
 * `*` matches, and asks the first character to fit. For ordinary patterns none of that changes
 * the answer; for odd brackets it does, so it is followed here, each step in one pass.
 */
import type { GlobAutomaton } from './glob-automaton';
import { BACKSLASH, CLOSE, COLON, DOT, END, EQUALS, OPEN } from './glob-raw';
import {
  automatonFor,
  matchesSpan,
  matchesToEnd,
  matchFrom,
  matchStarts,
  matchToEnd,
  Subject,
} from './glob-scan';

export type ReplaceMode = '/' | '//' | '/#' | '/%';

const STAR = 0x2a;
const QUESTION = 0x3f;
const PLUS = 0x2b;
const BANG = 0x21;
const AT = 0x40;
const LPAREN = 0x28;

/** Replaces as bash does; `raw` is the pattern in bash's form (see rawCodes), not empty. */
export function substitute(
  text: string,
  raw: Int32Array,
  replacement: string,
  mode: ReplaceMode,
): string {
  const subject = new Subject(text);
  const finder = new MatchFinder(raw, subject, mode);
  if (subject.length === 0) return finder.find(0) ? replacement : text;
  let out = '';
  let at = 0;
  while (at < subject.length) {
    const found = finder.find(at);
    if (!found) break;
    const [start, end] = found;
    out += subject.slice(at, start) + replacement;
    at = end;
    if (mode !== '//') break;
    // An empty match takes nothing away: bash keeps the character there and moves past it.
    if (start === end) out += subject.slice(at, ++at);
  }
  return out + subject.slice(at);
}

/** bash's match_upattern: the match in `subject[from, end)`, as [start, end], or null. */
class MatchFinder {
  private readonly pattern: GlobAutomaton;
  private readonly filter: GlobAutomaton;
  /** What bash's umatchlen says the pattern matches: a length, or -1 for any. */
  private readonly fixed: number;
  /** bash's multibyte path, taken in a UTF-8 locale when anything is not ASCII. */
  private readonly wide: boolean;
  private filterPasses: Uint8Array | undefined;
  private starts: Uint8Array | undefined;

  constructor(
    private readonly raw: Int32Array,
    private readonly subject: Subject,
    private readonly mode: ReplaceMode,
  ) {
    this.wide = raw.some((c) => c > 0x7f) || subject.codes.some((c) => c > 0x7f);
    this.pattern = automatonFor(raw);
    this.filter = automatonFor(filterPattern(raw, mode, this.wide));
    this.fixed = fixedLength(raw);
  }

  find(from: number): [number, number] | null {
    const { subject, pattern, fixed } = this;
    const n = subject.length;
    this.filterPasses ??= matchesToEnd(this.filter, subject);
    if (!this.filterPasses[from] || fixed > n - from) return null;
    if (this.mode === '/#') {
      if (!this.firstFits(from)) return null;
      if (fixed >= 0)
        return matchesSpan(pattern, subject, from, from + fixed) ? [from, from + fixed] : null;
      const end = matchFrom(pattern, subject, from, true);
      return end < 0 ? null : [from, end];
    }
    if (this.mode === '/%') {
      if (fixed >= 0) return matchesSpan(pattern, subject, n - fixed, n) ? [n - fixed, n] : null;
      const start = matchToEnd(pattern, subject, true);
      return start < 0 ? null : [start, n];
    }
    if (fixed < 0) this.starts ??= matchStarts(pattern, subject);
    for (let p = from; p <= n; p++) {
      if (!this.firstFits(p)) continue;
      if (fixed >= 0) {
        if (p + fixed > n) return null;
        if (matchesSpan(pattern, subject, p, p + fixed)) return [p, p + fixed];
      } else if (this.starts![p]) return [p, matchFrom(pattern, subject, p, true)];
    }
    return null;
  }

  /** bash's match_pattern_char: whether a match could start with the character at `p`. */
  private firstFits(p: number): boolean {
    const first = this.raw[0];
    const code = p < this.subject.length ? this.subject.codes[p] : END;
    const simple = first !== BACKSLASH && first !== STAR && first !== QUESTION && first !== OPEN;
    // Only the unanchored search takes this shortcut.
    if (this.wide && simple && this.mode !== '/#') return code === first;
    if (code === END) return first === STAR;
    switch (first) {
      case BACKSLASH:
        return code === (this.raw.length > 1 ? this.raw[1] : END);
      case QUESTION:
      case STAR:
      case OPEN:
        return true;
      case PLUS:
      case BANG:
      case AT:
        return this.raw[1] === LPAREN || code === first;
      default:
        return code === first;
    }
  }
}

/**
 * The pattern bash filters with: `*p*` for a match anywhere, `p*` anchored at the start, `*p`
 * at the end (in its multibyte path always `*p*`), by string surgery that can leave a last
 * `\` escaping the added `*`.
 */
function filterPattern(raw: Int32Array, mode: ReplaceMode, wide: boolean): Int32Array {
  const last = raw.length - 1;
  if (raw[0] === STAR && raw[last] === STAR) return raw;
  const out: number[] = [];
  if (raw[0] !== STAR && (wide || mode !== '/#')) out.push(STAR);
  out.push(...raw);
  if (wide || mode !== '/%') {
    if (raw[last] === STAR && last > 0 && raw[last - 1] === BACKSLASH) {
      // `\*` at the end: one more `*` only if that backslash is not itself escaped.
      let backslashes = 1;
      while (last - 1 - backslashes >= 0 && raw[last - 1 - backslashes] === BACKSLASH)
        backslashes++;
      if (backslashes % 2 === 1) out.push(STAR);
    } else if (raw[last] !== STAR) out.push(STAR);
  }
  return Int32Array.from(out);
}

/**
 * bash's umatchlen: the number of characters a pattern without `*` matches, or -1. It reads
 * brackets its own way (its class, symbol and equivalence flags even carry over from one
 * bracket to the next), and an unclosed one counts each of its characters.
 */
function fixedLength(raw: Int32Array): number {
  const at = (i: number): number => (i < raw.length ? raw[i] : END);
  let length = 0;
  let inClass = false;
  let inSymbol = false;
  let inEquivalence = false;
  let p = 0;
  for (let c = at(p++); c !== END; c = at(p++)) {
    if (c === STAR) return -1;
    if ((c === QUESTION || c === PLUS || c === BANG || c === AT) && at(p) === LPAREN) return -1;
    if (c === BACKSLASH) {
      if (at(p) === END) return length + 1;
      p++;
    } else if (c === OPEN) {
      let counted = 1;
      let d = at(p++);
      let closed = true;
      do {
        if (d === END) {
          p--;
          closed = false;
        } else if (d === BACKSLASH) {
          counted++;
          if (at(p) === END || at(++p) === END) closed = false;
        } else if (d === OPEN && (at(p) === COLON || at(p) === DOT || at(p) === EQUALS)) {
          const kind = at(p++);
          counted++;
          if (kind !== COLON && at(p) === CLOSE) {
            p++;
            counted++;
          }
          if (kind === COLON) inClass = true;
          else if (kind === DOT) inSymbol = true;
          else inEquivalence = true;
        } else if (
          at(p) === CLOSE &&
          ((inClass && d === COLON) || (inSymbol && d === DOT) || (inEquivalence && d === EQUALS))
        ) {
          p++;
          counted++;
          if (d === COLON) inClass = false;
          else if (d === DOT) inSymbol = false;
          else inEquivalence = false;
        } else counted++;
        if (!closed) break;
        d = at(p++);
      } while (d !== CLOSE);
      if (!closed) return length + counted;
    }
    length++;
  }
  return length;
}
