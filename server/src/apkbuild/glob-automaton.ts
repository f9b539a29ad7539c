/**
 * A shell pattern as a nondeterministic automaton over its own positions, simulated a set of
 * positions at a time: matching costs O(subject length x pattern length) whatever the pattern,
 * where a backtracking matcher (or a RegExp) is exponential in the number of `*`.
 */
import { Bracket } from './glob-bracket';
import { BACKSLASH, END, OPEN, RawPattern } from './glob-raw';

const STAR = 0x2a;
const QUESTION = 0x3f;

const enum Kind {
  /** Matches nothing (and what no path reaches). */
  Dead,
  /** The end of the pattern: the only accepting position. */
  End,
  /** Any character stays here; nothing consumed moves on to the next position. */
  Star,
  Any,
  Char,
  Bracket,
}

export class GlobAutomaton {
  private readonly size: number;
  private readonly kinds: Uint8Array;
  /** For Char: the character. */
  private readonly chars: Int32Array;
  /** For Any and Char: the next position. */
  private readonly nexts: Int32Array;
  private readonly brackets = new Map<number, Bracket>();
  /** Edges consuming a character, by target: sources of `t` are intoList[intoStart[t]...]. */
  private readonly intoStart: Int32Array;
  private readonly intoList: Int32Array;
  /** Two sets for the matcher to swap; matching does not nest, so two are enough. */
  private readonly scratch: [PositionSet, PositionSet];
  /** Stars from here on never match (see deadStarsFrom). */
  private readonly deadStars: number;

  /** The automaton of a pattern in bash's form (see rawCodes). */
  constructor(codes: Int32Array) {
    const raw = new RawPattern(codes);
    this.size = raw.length + 1;
    this.deadStars = deadStarsFrom(raw.codes);
    this.kinds = new Uint8Array(this.size);
    this.chars = new Int32Array(this.size);
    this.nexts = new Int32Array(this.size);
    this.scratch = [new PositionSet(this.size), new PositionSet(this.size)];
    // Only positions some path reaches are read: the inside of a bracket is not a position.
    const seen = new Uint8Array(this.size);
    const queue = [0];
    const edges: number[] = [];
    seen[0] = 1;
    const reach = (from: number, to: number, consumes: boolean): void => {
      if (consumes) edges.push(to, from);
      if (!seen[to]) {
        seen[to] = 1;
        queue.push(to);
      }
    };
    while (queue.length > 0) {
      const s = queue.pop()!;
      const kind = this.read(raw, s);
      if (kind === Kind.Star) {
        reach(s, s, true);
        reach(s, s + 1, false);
      } else if (kind === Kind.Any || kind === Kind.Char) reach(s, this.nexts[s], true);
      else if (kind === Kind.Bracket)
        for (const t of this.brackets.get(s)!.targets()) reach(s, t, true);
    }
    this.intoStart = new Int32Array(this.size + 1);
    for (let e = 0; e < edges.length; e += 2) this.intoStart[edges[e] + 1]++;
    for (let t = 0; t < this.size; t++) this.intoStart[t + 1] += this.intoStart[t];
    this.intoList = new Int32Array(edges.length / 2);
    const fill = this.intoStart.slice(0, this.size);
    for (let e = 0; e < edges.length; e += 2) this.intoList[fill[edges[e]]++] = edges[e + 1];
  }

  /** The kind of position `s`, recording what it needs. */
  private read(raw: RawPattern, s: number): Kind {
    const c = raw.at(s);
    let kind: Kind;
    if (c === END) kind = Kind.End;
    else if (c === STAR) kind = s >= this.deadStars ? Kind.Dead : Kind.Star;
    else if (c === QUESTION) {
      kind = Kind.Any;
      this.nexts[s] = s + 1;
    } else if (c === OPEN) {
      kind = Kind.Bracket;
      this.brackets.set(s, new Bracket(raw, s));
    } else {
      kind = Kind.Char;
      // A backslash escapes the next character; a last one matches itself.
      const escaped = c === BACKSLASH && s + 1 < raw.length;
      this.chars[s] = escaped ? raw.at(s + 1) : c;
      this.nexts[s] = escaped ? s + 2 : s + 1;
    }
    this.kinds[s] = kind;
    return kind;
  }

  /** Where a consumed `code` takes position `s`: a position, or -1 (a Star's own loop aside). */
  private step(s: number, code: number): number {
    switch (this.kinds[s]) {
      case Kind.Any:
        return this.nexts[s];
      case Kind.Char:
        return this.chars[s] === code ? this.nexts[s] : -1;
      case Kind.Bracket:
        return this.brackets.get(s)!.target(code);
      default:
        return -1;
    }
  }

  /** The two scratch sets; what they held is lost. */
  sets(): [PositionSet, PositionSet] {
    return this.scratch;
  }

  /** Positions reached from the start before any character. */
  start(set: PositionSet): void {
    set.clear();
    set.add(0);
    this.closeForward(set);
  }

  /** Positions from which the end is reached without consuming more. */
  finish(set: PositionSet): void {
    set.clear();
    this.addFinish(set);
  }

  /** Adds the end, and what reaches it for free, to `set`: a match may end anywhere. */
  addFinish(set: PositionSet): void {
    set.add(this.size - 1);
    this.closeBackward(set);
  }

  accepts(set: PositionSet): boolean {
    return set.has(this.size - 1);
  }

  atStart(set: PositionSet): boolean {
    return set.has(0);
  }

  /** `to` = the positions `from` reaches by consuming `code`. */
  forward(from: PositionSet, code: number, to: PositionSet): void {
    to.clear();
    const { kinds, chars, nexts } = this;
    for (let i = 0; i < from.length; i++) {
      const s = from.items[i];
      const kind = kinds[s];
      if (kind === Kind.Star) to.add(s);
      else if (kind === Kind.Char) {
        if (chars[s] === code) to.add(nexts[s]);
      } else if (kind === Kind.Any) to.add(nexts[s]);
      else if (kind === Kind.Bracket) {
        const t = this.brackets.get(s)!.target(code);
        if (t >= 0) to.add(t);
      }
    }
    this.closeForward(to);
  }

  /** `to` = the positions that reach one of `from` by consuming `code`. */
  backward(from: PositionSet, code: number, to: PositionSet): void {
    to.clear();
    const { intoStart, intoList, kinds } = this;
    for (let i = 0; i < from.length; i++) {
      const t = from.items[i];
      for (let e = intoStart[t]; e < intoStart[t + 1]; e++) {
        const s = intoList[e];
        if (kinds[s] === Kind.Star ? s === t : this.step(s, code) === t) to.add(s);
      }
    }
    this.closeBackward(to);
  }

  private closeForward(set: PositionSet): void {
    for (let i = 0; i < set.length; i++) {
      const s = set.items[i];
      if (this.kinds[s] === Kind.Star) set.add(s + 1);
    }
  }

  private closeBackward(set: PositionSet): void {
    for (let i = 0; i < set.length; i++) {
      const s = set.items[i] - 1;
      if (s >= 0 && this.kinds[s] === Kind.Star) set.add(s);
    }
  }
}

/**
 * bash never matches a `*` of the run of `*` and `?` a lone last backslash follows: it looks
 * for the character after the backslash, and there is none. Where that run starts, or past
 * the end when there is no such run.
 */
function deadStarsFrom(raw: Int32Array): number {
  const last = raw.length - 1;
  if (last < 0 || raw[last] !== BACKSLASH) return raw.length + 1;
  let i = last;
  while (i > 0 && (raw[i - 1] === STAR || raw[i - 1] === QUESTION)) i--;
  // Behind `*` or `?` the backslash escapes nothing: it is lone.
  return i < last ? i : raw.length + 1;
}

/** A set of automaton positions: a list to walk, stamps to test membership in O(1). */
export class PositionSet {
  readonly items: Int32Array;
  length = 0;
  private readonly stamps: Uint32Array;
  private stamp = 1;

  constructor(size: number) {
    this.items = new Int32Array(size);
    this.stamps = new Uint32Array(size);
  }

  clear(): void {
    this.length = 0;
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  add(s: number): void {
    if (this.stamps[s] === this.stamp) return;
    this.stamps[s] = this.stamp;
    this.items[this.length++] = s;
  }

  has(s: number): boolean {
    return this.stamps[s] === this.stamp;
  }

  get empty(): boolean {
    return this.length === 0;
  }
}
