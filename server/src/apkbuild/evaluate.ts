import { EVALUATION_LIMITS, WorkMeter } from './budget';
import { runSimpleCommand } from './builtins';
import { runAndOr, runCase, runFor, runIf, runWhile } from './control-flow';
import { Unknown, type Environment, type Value } from './environment';
import type { Assignment, Command, FunctionDefinition, Script } from './syntax';
import type { Truth } from './test-command';
import { walk } from './visit';

export type Flow = 'normal' | 'return' | 'exit' | 'break' | 'continue';

export interface Outcome {
  env: Environment;
  flow: Flow;
}

/**
 * Copying or comparing a variable, in units: measured, one costs about as much as handling a
 * thousand characters (no corpus file explores enough branches for this to matter).
 */
const VARIABLE_COST = 1000;

/**
 * Runs the top level of an APKBUILD statically, the way abuild sources it, without executing
 * anything: external commands have no effect on variables, command substitutions are unknown,
 * and a branch whose condition is unknown is explored both ways and joined.
 */
export class Evaluator {
  flow: Flow = 'normal';
  status: Truth = true;
  /** Saved values of `local` variables, one frame per running function. */
  readonly frames: Map<string, Value | undefined>[] = [];
  /** The value each assignment node received; an assignment run with different values is unknown. */
  readonly assigned = new Map<Assignment, Value>();
  /** Off when only the variables are read afterwards: `assigned` then stays empty. */
  recordsAssignments = true;
  /** Offset where each function came into being (the `eval` for generated ones); the last definition wins. */
  readonly definedFunctions = new Map<string, number>();
  /** Offset of the `eval` whose text is running, so generated definitions map to it. */
  evalOrigin: number | null = null;
  /** How many `eval`s are running inside each other. */
  evalDepth = 0;
  /** The work done so far: past the budget, everything not known yet stays unknown. */
  readonly meter: WorkMeter;
  /** Alternatives that returned or exited under an unknown condition, joined at the end of their scope. */
  private stopped: Outcome[] = [];

  constructor(
    public env: Environment,
    /** Describes an offset for reasons shown to the user, e.g. "line 12". */
    readonly describe: (offset: number) => string,
  ) {
    this.meter = new WorkMeter(describe);
    env.meter = this.meter;
  }

  /**
   * Sources the file's top level. `stopAt` is the first syntax error: bash stops sourcing at the
   * command that holds it, so what that command and the rest would assign is unknown.
   */
  runTopLevel(script: Script, stopAt: { offset: number; reason: Unknown } | null = null): void {
    const commands = script.commands;
    // An index loop: entries() made an iterator and a pair per command of every file.
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index];
      if (stopAt && command.end > stopAt.offset) {
        for (const rest of commands.slice(index)) this.poisonAssignedIn(rest, stopAt.reason);
        break;
      }
      // Straight-line commands are bounded by the file's length: only repeats count as steps.
      if (this.meter.stop) this.stopHere();
      else this.execute(command);
      if (this.flow !== 'normal') break;
    }
    const exits = this.stopped;
    this.stopped = [];
    if (exits.length > 0)
      this.joinInto(
        [{ env: this.env, flow: 'normal' }, ...exits],
        new Unknown('differs depending on where sourcing stopped'),
      );
    this.flow = 'normal';
  }

  runScript(script: Script): void {
    for (const command of script.commands) {
      this.run(command);
      if (this.flow !== 'normal') return;
    }
  }

  /** Runs a command that may run again (a loop body, a function, an eval): it counts a step. */
  run(command: Command): void {
    if (!this.meter.step()) return this.stopHere();
    this.execute(command);
  }

  private execute(command: Command): void {
    // In file offsets: the text an eval runs has its own.
    if (!this.meter.stop) this.meter.offset = this.evalOrigin ?? command.start;
    switch (command.kind) {
      case 'simple':
        runSimpleCommand(this, command);
        return;
      case 'pipeline':
        if (command.commands.length === 1) this.run(command.commands[0]);
        else this.runInSubshell(() => command.commands.forEach((c) => this.run(c)));
        if (command.negated) this.status = this.status === null ? null : !this.status;
        return;
      case 'and-or':
        return runAndOr(this, command);
      case 'if':
        return runIf(this, command);
      case 'for':
        return runFor(this, command);
      case 'while':
        return runWhile(this, command);
      case 'case':
        return runCase(this, command);
      case 'group':
        return this.runScript(command.body);
      case 'subshell':
        return this.runInSubshell(() => this.runScript(command.body));
      case 'function':
        this.env.functions.set(command.name, command);
        this.definedFunctions.delete(command.name);
        this.definedFunctions.set(command.name, this.evalOrigin ?? command.start);
        this.status = true;
        return;
    }
  }

  /**
   * Past the budget: this state and every later one hold the stop's reason for whatever was
   * not known yet, and sourcing ends as if the file exited there.
   */
  stopHere(): void {
    const reason = this.meter.stopped;
    if (reason && this.env.poisoned !== reason) this.env.poisonAll(reason);
    this.flow = 'exit';
  }

  /** Stops evaluation for `reason` (a bound other than the step count). */
  halt(reason: string): void {
    this.meter.halt(reason);
    this.stopHere();
  }

  recordAssignment(node: Assignment, value: Value): void {
    if (!this.recordsAssignments) return;
    const previous = this.assigned.get(node);
    const same = previous === undefined || previous === value;
    this.assigned.set(
      node,
      same
        ? value
        : new Unknown(`${node.name} is assigned more than once here, with different values`),
    );
  }

  /** Calls a function defined in the file: positional parameters, `local` frames, `return`. */
  callFunction(fn: FunctionDefinition, args: Value[] | Unknown): void {
    if (this.frames.length >= EVALUATION_LIMITS.callDepth) {
      this.status = null;
      return this.halt(`calls of ${fn.name}() nest more than ${EVALUATION_LIMITS.callDepth} deep`);
    }
    const savedPositional = this.env.positional;
    const savedStopped = this.stopped;
    this.stopped = [];
    this.env.positional = args;
    this.frames.push(new Map());
    this.run(fn.body);
    const returns = this.stopped.filter((o) => o.flow === 'return');
    const others = this.stopped.filter((o) => o.flow !== 'return');
    if (returns.length > 0) {
      const flow: Flow = this.flow === 'return' ? 'normal' : this.flow;
      const endings: Outcome[] = [
        { env: this.env, flow },
        ...returns.map((o): Outcome => ({ env: o.env, flow: 'normal' })),
      ];
      this.joinInto(endings, new Unknown(`differs depending on where ${fn.name}() returned`));
      this.status = null;
    }
    this.stopped = [...savedStopped, ...others];
    if (this.flow === 'return') this.flow = 'normal';
    const frame = this.frames.pop()!;
    for (const [name, value] of frame) this.env.set(name, value);
    this.env.positional = savedPositional;
  }

  /** Makes every variable the subtree may assign unknown (loops that cannot be unrolled). */
  poisonAssignedIn(node: Script | Command, reason: Unknown): void {
    let everything = false;
    const names = new Set<string>();
    walk(node, (n) => {
      if (n.kind === 'assignment') names.add(n.name);
      else if (n.kind === 'for') names.add(n.variable);
      else if (n.kind === 'simple') {
        const first = n.words[0]?.parts[0];
        const name = first?.kind === 'literal' ? first.value : '';
        if (
          this.env.functions.has(name) ||
          ['eval', '.', 'source', 'read', 'unset', 'set', 'shift'].includes(name)
        )
          everything = true;
        if (n.words.length > 0 && first?.kind !== 'literal') everything = true;
      } else if (n.kind === 'parameter' && (n.operator === ':=' || n.operator === '='))
        names.add(n.name);
    });
    if (everything) this.env.poisonAll(reason);
    else for (const name of names) this.env.set(name, reason);
  }

  /** Runs `body` on a copy of the state and returns how it ended. */
  explore(body: () => void): Outcome {
    const saved = this.env;
    const savedFlow = this.flow;
    // A copy per unknown branch: thousands of them over thousands of variables is real work.
    if (!this.meter.spend(saved.size * VARIABLE_COST, 'exploring branches')) {
      this.stopHere();
      return { env: this.env, flow: 'exit' };
    }
    this.env = saved.clone();
    try {
      body();
      return { env: this.env, flow: this.flow };
    } finally {
      this.env = saved;
      this.flow = savedFlow;
    }
  }

  /** Continues from the join of alternative outcomes; stopped ones wait for their scope's end. */
  joinInto(outcomes: Outcome[], reason: Unknown): void {
    let size = 0;
    for (const o of outcomes) size += o.env.size;
    const spent = this.meter.spend(size * VARIABLE_COST, 'joining branches');
    this.joinOutcomes(outcomes, reason);
    if (!spent || this.meter.stop) this.stopHere();
  }

  private joinOutcomes(outcomes: Outcome[], reason: Unknown): void {
    const going = outcomes.filter((o) => o.flow === 'normal');
    const ending = outcomes.filter((o) => o.flow !== 'normal');
    if (ending.some((o) => o.flow === 'break' || o.flow === 'continue')) {
      this.env.joinFrom(
        outcomes.map((o) => o.env),
        reason,
      );
      this.env.poisonAll(new Unknown('a loop is left under an unknown condition'));
      this.flow = 'normal';
      return;
    }
    if (going.length > 0) {
      this.env.joinFrom(
        going.map((o) => o.env),
        reason,
      );
      this.flow = 'normal';
      this.stopped.push(...ending);
      return;
    }
    this.env.joinFrom(
      ending.map((o) => o.env),
      reason,
    );
    this.flow = ending.some((o) => o.flow === 'exit') ? 'exit' : 'return';
  }

  /** A subshell (or a pipeline stage) runs on a copy: its assignments do not outlive it. */
  private runInSubshell(body: () => void): void {
    this.explore(body);
  }
}
