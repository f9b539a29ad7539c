/**
 * What apk said when it could not install: the block after `ERROR: unable to select
 * packages:` (apk-tools 2.x solver output). Each problem starts two spaces in,
 * `  NAME (no such package):` for a package no repository holds, or `  NAME-VERSION:` with
 * four-space lines (`breaks: ...`, `masked in: ...`) for one that cannot be chosen.
 */

export interface ApkSelectionProblems {
  /** Packages no configured repository holds, in apk's order. */
  missing: string[];
  /** Any other problem, as `NAME-VERSION: breaks: ...` (the reasons joined by '; '). */
  others: string[];
}

const HEADER = 'ERROR: unable to select packages:';
const PROBLEM = /^ {2}(\S+?)(?: \(([^)]*)\))?:$/;
const REASON = /^ {4}(\S.*)$/;

/** Reads apk's lines one at a time, as they stream from the container. */
export class ApkProblemReader {
  private inBlock = false;
  private current: { name: string; reasons: string[] } | null = null;
  private readonly missing: string[] = [];
  private readonly others: string[] = [];
  private seen = false;

  feed(line: string): void {
    if (line === HEADER) {
      this.finishProblem();
      this.inBlock = true;
      this.seen = true;
      return;
    }
    if (!this.inBlock) return;
    const problem = PROBLEM.exec(line);
    if (problem !== null) {
      this.finishProblem();
      const [, name, reason] = problem;
      if (reason === 'no such package') this.missing.push(name);
      else this.current = { name: reason ? `${name} (${reason})` : name, reasons: [] };
      return;
    }
    const reason = REASON.exec(line);
    if (reason !== null) {
      this.current?.reasons.push(reason[1]);
      return;
    }
    this.finishProblem();
    this.inBlock = false;
  }

  private finishProblem(): void {
    const current = this.current;
    this.current = null;
    // `masked in: cache` of the virtual package (a name starting with '.') follows from the
    // real problems: it is the package apk add --virtual made, not one the user can add.
    if (current === null || current.name.startsWith('.')) return;
    const reasons = current.reasons.filter((r) => !r.startsWith('satisfies:'));
    this.others.push(`${current.name}: ${reasons.join('; ') || 'cannot be selected'}`);
  }

  /** The problems read, or null when apk printed no selection error. */
  result(): ApkSelectionProblems | null {
    this.finishProblem();
    return this.seen ? { missing: [...this.missing], others: [...this.others] } : null;
  }
}

export function apkSelectionProblems(lines: string[]): ApkSelectionProblems | null {
  const reader = new ApkProblemReader();
  for (const line of lines) reader.feed(line);
  return reader.result();
}

/** One sentence for the user: what is missing, from where, and what else went wrong. */
export function describeApkProblems(problems: ApkSelectionProblems, repositories: string): string {
  const parts: string[] = [];
  if (problems.missing.length > 0)
    parts.push(
      `apk cannot install ${problems.missing.join(', ')}: no such package in ${repositories}`,
    );
  if (problems.others.length > 0) parts.push(`apk cannot select ${problems.others.join(', ')}`);
  return parts.join('; ') || 'apk could not select the packages';
}
