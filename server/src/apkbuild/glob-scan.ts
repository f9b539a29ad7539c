/**
 * Matching a subject against an automaton: the one-pass questions bash's operations are built
 * from. Each costs O(subject length x pattern length) at most.
 */
import { GlobAutomaton } from './glob-automaton';

const cache = new Map<string, GlobAutomaton>();

/** The automaton of a pattern in bash's form; a pattern seen before is not read again. */
export function automatonFor(codes: Int32Array): GlobAutomaton {
  let key = '';
  for (const code of codes) key += String.fromCodePoint(code);
  let automaton = cache.get(key);
  if (!automaton) {
    automaton = new GlobAutomaton(codes);
    if (cache.size > 5000) cache.clear();
    cache.set(key, automaton);
  }
  return automaton;
}

/** A subject as code points (bash matches characters, not UTF-16 units), sliceable by index. */
export class Subject {
  readonly codes: number[] = [];
  private readonly offsets: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length;) {
      const code = text.codePointAt(i)!;
      this.codes.push(code);
      this.offsets.push(i);
      i += code > 0xffff ? 2 : 1;
    }
    this.offsets.push(text.length);
  }

  get length(): number {
    return this.codes.length;
  }

  slice(from: number, to: number = this.codes.length): string {
    return this.text.slice(this.offsets[from], this.offsets[to]);
  }
}

/** The end of the shortest or longest match starting at `from`, or -1. */
export function matchFrom(
  a: GlobAutomaton,
  subject: Subject,
  from: number,
  longest: boolean,
): number {
  let [current, next] = a.sets();
  a.start(current);
  let best = a.accepts(current) ? from : -1;
  for (let i = from; i < subject.length && (longest || best < 0); i++) {
    a.forward(current, subject.codes[i], next);
    [current, next] = [next, current];
    if (current.empty) break;
    if (a.accepts(current)) best = i + 1;
  }
  return best;
}

/** Whether the pattern matches exactly `subject[from, to)`. */
export function matchesSpan(a: GlobAutomaton, subject: Subject, from: number, to: number): boolean {
  let [current, next] = a.sets();
  a.start(current);
  for (let i = from; i < to; i++) {
    a.forward(current, subject.codes[i], next);
    [current, next] = [next, current];
    if (current.empty) return false;
  }
  return a.accepts(current);
}

/** The start of the shortest or longest match ending at the subject's end, or -1. */
export function matchToEnd(a: GlobAutomaton, subject: Subject, longest: boolean): number {
  let [current, next] = a.sets();
  a.finish(current);
  let best = a.atStart(current) ? subject.length : -1;
  for (let i = subject.length - 1; i >= 0 && (longest || best < 0); i--) {
    a.backward(current, subject.codes[i], next);
    [current, next] = [next, current];
    if (current.empty) break;
    if (a.atStart(current)) best = i;
  }
  return best;
}

/** For each position i, whether the pattern matches all of `subject[i, end)`: one pass. */
export function matchesToEnd(a: GlobAutomaton, subject: Subject): Uint8Array {
  const matches = new Uint8Array(subject.length + 1);
  let [current, next] = a.sets();
  a.finish(current);
  matches[subject.length] = a.atStart(current) ? 1 : 0;
  for (let i = subject.length - 1; i >= 0 && !current.empty; i--) {
    a.backward(current, subject.codes[i], next);
    [current, next] = [next, current];
    matches[i] = a.atStart(current) ? 1 : 0;
  }
  return matches;
}

/** For each position, whether some match starts there: one pass. */
export function matchStarts(a: GlobAutomaton, subject: Subject): Uint8Array {
  const starts = new Uint8Array(subject.length + 1);
  let [current, next] = a.sets();
  a.finish(current);
  starts[subject.length] = a.atStart(current) ? 1 : 0;
  for (let i = subject.length - 1; i >= 0; i--) {
    a.backward(current, subject.codes[i], next);
    a.addFinish(next);
    [current, next] = [next, current];
    starts[i] = a.atStart(current) ? 1 : 0;
  }
  return starts;
}
