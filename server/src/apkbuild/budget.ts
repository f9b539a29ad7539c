/**
 * The work static evaluation may do for one file. Each bound is far above what any of the
 * 11,963 corpus files needs (see test/unit/evaluation-budget.test.ts) and low enough that the
 * worst input stays well under a second. Counting work, not time, keeps the result the same
 * on every machine: a value is unknown because of the file, never because the host was busy.
 */
export const EVALUATION_LIMITS = {
  /** Commands run, loop bodies and function calls included. */
  steps: 100_000,
  /**
   * Units of work: characters assigned, expanded into fields, parsed by `eval` or matched
   * against a pattern, and variables copied or compared when a branch is explored or joined.
   */
  work: 20_000_000,
  /** Nested function calls. */
  callDepth: 64,
  /** Nested `eval`s (each may build the text of the next). */
  evalDepth: 16,
  /** Iterations of one loop. */
  loopIterations: 2_000,
  /** The length of one value. */
  valueLength: 1 << 20,
} as const;

/** Where and why evaluation stopped: everything not known by then is unknown afterwards. */
export interface EvaluationStop {
  reason: string;
  /** Offset of the command that was running. */
  offset: number;
}

import { Unknown } from './environment';

/**
 * The work counter of one evaluation, shared by every state it explores (branches are copies
 * of the environment; the meter is not copied).
 */
export class WorkMeter {
  steps = 0;
  work = 0;
  /** Offset of the command being run, for the place of a stop. */
  offset = 0;
  stop: EvaluationStop | null = null;
  /** The value of everything unknown after the stop: one instance, so joins keep its reason. */
  stopped: Unknown | null = null;

  /** `describe` names an offset for the user ("line 12"). */
  constructor(private readonly describe: (offset: number) => string = (o) => `offset ${o}`) {}

  /** Counts `units` of work; false (and a stop recorded) once the budget is spent. */
  spend(units: number, what: string): boolean {
    if (this.stop) return false;
    this.work += units;
    if (this.work <= EVALUATION_LIMITS.work) return true;
    this.halt(
      `${what} exceeds the work budget of ${EVALUATION_LIMITS.work.toLocaleString('en-US')} units`,
    );
    return false;
  }

  /** Counts one command; false once there were too many. */
  step(): boolean {
    if (this.stop) return false;
    if (++this.steps <= EVALUATION_LIMITS.steps) return true;
    this.halt(`more than ${EVALUATION_LIMITS.steps.toLocaleString('en-US')} commands run`);
    return false;
  }

  /** Records the first reason to stop; later ones follow from it. */
  halt(reason: string): Unknown {
    if (!this.stop) {
      const where = this.describe(this.offset);
      this.stop = { reason: `evaluation stopped: ${reason} (${where})`, offset: this.offset };
      this.stopped = new Unknown(this.stop.reason);
    }
    return this.stopped!;
  }
}
