/**
 * Bracket expressions (`[a-z]`, `[!x]`, `[[:digit:]]`, `[[=e=]]`, `[[.-.]]`) read the way
 * bash 5.2 reads them, over the raw pattern (quoted characters carry a backslash, as bash's own
 * pattern does). bash decides while matching where a bracket ends, and its corner cases follow
 * from that: an unclosed `[` is a plain `[`, `[a-` matches nothing, `]` right after `[=e=]` is a
 * member. Those outcomes are computed here once per bracket, so matching costs one lookup.
 */
import { characterClass, type ClassTest } from './glob-classes';
import { collatingSymbol } from './glob-collating';
import {
  BACKSLASH,
  CLOSE,
  COLON,
  DOT,
  END,
  EQUALS,
  OPEN,
  type Outcome,
  type RawPattern,
} from './glob-raw';

const DASH = 0x2d;
const BANG = 0x21;
const CARET = 0x5e;
/** A collating symbol bash does not know: no character equals it. */
const INVALID = -2;
/** Longer than any class or collating symbol name bash knows. */
const LONGEST_SYMBOL = 32;

/** A range or class member, with its place among all members (the first that matches wins). */
interface SetMember {
  test: ClassTest;
  order: number;
  then: Outcome;
}

/** A single character member (from `a`, `\\]`, `[=a=]` or `[.a.]`). */
interface CharMember {
  order: number;
  then: Outcome;
}

export class Bracket {
  /** Single characters by code: only the first of each counts. */
  private readonly chars = new Map<number, CharMember>();
  private readonly sets: SetMember[] = [];
  private count = 0;
  private readonly negated: boolean;
  private readonly otherwise: Outcome;
  private readonly asciiTargets = new Int32Array(128).fill(-2);

  /** Reads the bracket whose `[` is at `open`. */
  constructor(
    private readonly raw: RawPattern,
    private readonly open: number,
  ) {
    let p = open + 1;
    this.negated = this.at(p) === BANG || this.at(p) === CARET;
    if (this.negated) p++;
    this.otherwise = this.readMembers(p);
  }

  /** The pattern positions matching may go on at after this bracket, for building the graph. */
  targets(): number[] {
    const all = new Set<number>([this.open + 1]);
    for (const m of this.chars.values()) if (typeof m.then === 'number') all.add(m.then);
    for (const m of this.sets) if (typeof m.then === 'number') all.add(m.then);
    if (typeof this.otherwise === 'number') all.add(this.otherwise);
    return [...all];
  }

  /** The pattern position after matching `code` here, or -1 when `code` does not match. */
  target(code: number): number {
    if (code < 128) {
      let t = this.asciiTargets[code];
      if (t === -2) t = this.asciiTargets[code] = this.compute(code);
      return t;
    }
    return this.compute(code);
  }

  private compute(code: number): number {
    let member: CharMember | SetMember | undefined = this.chars.get(code);
    for (const set of this.sets) {
      if (member && set.order > member.order) break;
      if (set.test(code)) {
        member = set;
        break;
      }
    }
    const outcome = member ? member.then : this.otherwise;
    if (outcome === 'dead') return -1;
    // bash goes on after the `[` as a plain character only when the character is a `[`.
    if (outcome === 'unclosed') return code === OPEN ? this.open + 1 : -1;
    return (member !== undefined) !== this.negated ? outcome : -1;
  }

  private at(i: number): number {
    return this.raw.at(i);
  }

  /** Scans members from `p` as bash does for a character none of them matches. */
  private readMembers(start: number): Outcome {
    let p = start;
    let c = this.at(p++);
    for (;;) {
      const equivalence =
        this.at(p) === EQUALS && this.at(p + 2) === EQUALS && this.at(p + 3) === CLOSE;
      if (c === OPEN && equivalence) {
        const equal = this.at(p + 1);
        p += 4;
        this.addChar(equal, p);
        // bash reads on without asking whether this closes the bracket.
        c = this.at(p++);
        if (c === END) return 'unclosed';
        continue;
      }
      if (c === OPEN && this.at(p) === COLON) {
        const close = this.raw.colonCloseFrom(p + 1);
        if (close >= 0) {
          let name = '';
          for (let i = p + 1; i < close && name.length <= LONGEST_SYMBOL; i++)
            if (this.at(i) !== BACKSLASH) name += String.fromCodePoint(this.at(i));
          p = close + 2;
          const test = characterClass(name);
          if (test) this.addSet(test, p);
        }
        // After the class (or, when no `:]` ends it, with its `[` dropped) a `]` closes.
        c = this.at(p++);
        if (c === END) return 'unclosed';
        if (c === CLOSE) return p;
        continue;
      }
      let first: number;
      if (c === END) return 'unclosed';
      if (c === OPEN && this.at(p) === DOT) [first, p] = this.collatingSymbol(p);
      else if (c === BACKSLASH) {
        if (this.at(p) === END) return 'dead';
        first = this.at(p++);
      } else first = c;
      c = this.at(p++);
      if (c === END) return 'unclosed';
      if (c === DASH && this.at(p) !== CLOSE) {
        let last = this.at(p++);
        if (last === BACKSLASH) last = this.at(p++);
        if (last === END) return 'dead';
        if (last === OPEN && this.at(p) === DOT) [last, p] = this.collatingSymbol(p);
        c = this.at(p++);
        // A reversed range (or one with an unknown end) matches nothing; the rest still counts.
        if (first !== INVALID && last !== INVALID && first <= last) {
          const [low, high] = [first, last];
          this.addSet((x) => x >= low && x <= high, p - 1);
        }
      } else if (first !== INVALID) this.addChar(first, p - 1);
      if (c === CLOSE) return p;
    }
  }

  private addChar(code: number, skipFrom: number): void {
    const order = this.count++;
    if (!this.chars.has(code))
      this.chars.set(code, { order, then: this.raw.skipToClose(skipFrom) });
  }

  private addSet(test: ClassTest, skipFrom: number): void {
    this.sets.push({ test, order: this.count++, then: this.raw.skipToClose(skipFrom) });
  }

  /** `[.x.]` with its `.` at `dot`: the character, and the position after the symbol. */
  private collatingSymbol(dot: number): [number, number] {
    const close = this.raw.dotCloseFrom(dot + 1);
    if (close < 0) return [INVALID, this.raw.length];
    if (close - dot - 1 > LONGEST_SYMBOL) return [INVALID, close + 2];
    const name = String.fromCodePoint(...this.raw.codes.subarray(dot + 1, close));
    return [collatingSymbol(name) ?? INVALID, close + 2];
  }
}
