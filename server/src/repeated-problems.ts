/**
 * Caps a list of problems by kind: a package with 99,000 `../x/N` entries, an index with
 * thousands of records missing the same line, or an SBOM whose every component lacks a version
 * gives the first few of each kind and one line saying how many more there were, not one line
 * a record. The kind of a problem is its message with what names the record blanked out, so
 * nothing has to be changed where problems are made.
 */

/** Problems of one kind shown before the rest are counted. */
export const SHOWN_PER_KIND = 5;
/** Problems shown in all, whatever their kinds; the rest are counted in one last line. */
export const SHOWN_IN_ALL = 100;

/**
 * Quoted text, and words that name a record rather than the problem: those holding digits,
 * path or version characters, or a `key:value` (`P:foo`, `so:libz.so.1`; `V:` in "has no V:
 * line" is no such word). A word is only matched from its start, so a long one costs its
 * length, not its square.
 */
const RECORD_TEXT = /'[^']*'|"[^"]*"|(?<![^\s'"])[^\s'"]*(?:[\d/@=<>~]|:[^\s'"])[^\s'"]*/g;
const QUOTED = /'[^']*'|"[^"]*"/g;
const WORD = /[A-Za-z0-9_.+-]+/g;
const COUNT_LINE = /(?:^|: )\.\.\. and [\d,]+ more /;

/**
 * The place without what names the record: `components[3].name` and `packages.zlib.name` give
 * `name`, `component 3 (busybox)` gives `component # (…)`.
 */
function placeKind(where: string): string {
  const blanked = where.replace(QUOTED, "'…'").replace(/\([^)]*\)/g, '(…)');
  return (blanked.split('.').at(-1) ?? '').replace(/\d+/g, '#');
}

/**
 * The message with the parts that differ from record to record blanked: quoted text, tokens
 * holding digits or path/version characters, and words that `where` names (a component's
 * name in `component 3 (busybox)`); with the place's kind in front.
 */
export function problemKind(message: string, where = ''): string {
  // A count line of an earlier cap (an installed db read, then capped again as an SBOM) is
  // its own kind: it must not be counted as a problem like the other count lines.
  if (COUNT_LINE.test(message)) return `\u0001${message}`;
  let body = message.replace(RECORD_TEXT, '…');
  if (where !== '') {
    const named = new Set(where.split(/[\s()[\].,:]+/));
    body = body.replace(WORD, (word) => (named.has(word) ? '…' : word));
  }
  return `${placeKind(where)}\u0000${body}`;
}

export interface RepeatedOptions<T> {
  /** The text a problem is judged by (the message, or where and message). */
  kindOf(problem: T): string;
  /** The line that stands for `count` more problems like `first`. */
  summary(count: number, first: T): T;
  /** The line that stands for `count` problems left out by SHOWN_IN_ALL; omit to drop them. */
  overflow?(count: number, first: T): T;
  shown?: number;
  shownInAll?: number;
}

/** 98995 -> `98,995`, as the summary lines write counts. */
export const countText = (count: number): string => count.toLocaleString('en-US');

/**
 * Collects problems as they are found, keeping only what will be shown: memory stays bounded
 * however many problems a file has.
 */
export class RepeatedProblems<T> {
  private readonly kept: { problem: T; kind: string }[] = [];
  private readonly counts = new Map<string, { first: T; count: number }>();
  private overflowCount = 0;
  private overflowFirst: T | undefined;

  constructor(private readonly options: RepeatedOptions<T>) {}

  /** `kind` when the caller knows it (cheaper than working it out from the message). */
  add(problem: T, kind = this.options.kindOf(problem)): void {
    const seen = this.counts.get(kind);
    if (seen !== undefined && seen.count >= (this.options.shown ?? SHOWN_PER_KIND)) {
      seen.count++;
      return;
    }
    if (this.kept.length >= (this.options.shownInAll ?? SHOWN_IN_ALL)) {
      this.overflowCount++;
      this.overflowFirst ??= problem;
      return;
    }
    if (seen === undefined) this.counts.set(kind, { first: problem, count: 1 });
    else seen.count++;
    this.kept.push({ problem, kind });
  }

  /** The problems kept, in the order found, each kind's count line after its last one shown. */
  list(): T[] {
    const shown = this.options.shown ?? SHOWN_PER_KIND;
    const lastShown = new Map(this.kept.map(({ kind }, index) => [kind, index]));
    const out: T[] = [];
    this.kept.forEach(({ problem, kind }, index) => {
      out.push(problem);
      const seen = this.counts.get(kind);
      if (lastShown.get(kind) === index && seen !== undefined && seen.count > shown)
        out.push(this.options.summary(seen.count - shown, seen.first));
    });
    if (this.overflowFirst !== undefined && this.options.overflow !== undefined)
      out.push(this.options.overflow(this.overflowCount, this.overflowFirst));
    return out;
  }
}

/** `problems` capped by kind; the same list back when nothing repeats. */
export function capRepeated<T>(problems: readonly T[], options: RepeatedOptions<T>): T[] {
  const collected = new RepeatedProblems(options);
  for (const problem of problems) collected.add(problem);
  return collected.list();
}

/** `... and 98,995 more entries with the same problem`; no noun for problems of any place. */
function moreText(count: number, noun: string): string {
  return `... and ${countText(count)} more ${noun === '' ? '' : `${noun} `}with the same problem`;
}

const otherKinds = (count: number): string =>
  `... and ${countText(count)} more problems of other kinds`;

/**
 * For plain message lists about one file, which every message starts with (`FILE: ...`): the
 * count lines name it too. `noun` is what repeats: entries, records, tokens.
 */
export function messageSummary(noun: string, file: string): RepeatedOptions<string> {
  return {
    kindOf: (message) => problemKind(message),
    summary: (count) => `${file}: ${moreText(count, noun)}`,
    overflow: (count) => `${file}: ${otherKinds(count)}`,
  };
}

/** A problem whose message starts with its file (an APKINDEX reader's). */
export interface SourcedProblem {
  source: string;
  message: string;
}

export function sourcedSummary(noun: string): RepeatedOptions<SourcedProblem> {
  return {
    kindOf: (problem) => `${problem.source}\u0000${problemKind(problem.message)}`,
    summary: (count, first) => ({
      source: first.source,
      message: `${first.source}: ${moreText(count, noun)}`,
    }),
    overflow: (count, first) => ({
      source: first.source,
      message: `${first.source}: ${otherKinds(count)}`,
    }),
  };
}

/** A problem that holds its file and the place in it apart from the message (an SBOM reader's). */
export interface PlacedProblem {
  source: string;
  where: string;
  message: string;
}

export function placedSummary(noun: string): RepeatedOptions<PlacedProblem> {
  return {
    kindOf: (problem) => `${problem.source}\u0000${problemKind(problem.message, problem.where)}`,
    summary: (count, first) => ({
      source: first.source,
      where: '',
      message: moreText(count, noun),
    }),
    overflow: (count, first) => ({ source: first.source, where: '', message: otherKinds(count) }),
  };
}
