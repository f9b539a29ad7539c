/**
 * The compound commands of static evaluation: `&&`/`||`, `if`, `case`, `for` and `while`. A
 * condition that is not known statically runs each branch on a copy of the state (explore)
 * and joins them; loops are unrolled up to their bound.
 */
import { EVALUATION_LIMITS } from './budget';
import { Unknown, isUnknown } from './environment';
import type { Evaluator, Flow, Outcome } from './evaluate';
import { expandFields, expandPattern, expandString, patternLength } from './expand';
import { matchesPattern, matchTooCostly } from './pattern';
import type { CaseCommand, Command, ForCommand, IfCommand, Script, WhileCommand } from './syntax';
import type { Truth } from './test-command';

const MAX_LOOP_ITERATIONS = EVALUATION_LIMITS.loopIterations;

/** Runs a condition; its status decides, and its own assignments stay. */
function condition(ev: Evaluator, script: Script): Truth {
  ev.runScript(script);
  return ev.flow === 'normal' ? ev.status : null;
}

function unknownCondition(ev: Evaluator, offset: number): Unknown {
  return new Unknown(`depends on the condition at ${ev.describe(offset)}`);
}

export function runAndOr(ev: Evaluator, command: Extract<Command, { kind: 'and-or' }>): void {
  ev.run(command.first);
  for (const { operator, command: next } of command.rest) {
    if (ev.flow !== 'normal') return;
    const status = ev.status;
    const runsNext = status === null ? null : operator === '&&' ? status : !status;
    if (runsNext === true) ev.run(next);
    else if (runsNext === null) {
      const ran = ev.explore(() => ev.run(next));
      ev.joinInto([ran, { env: ev.env, flow: 'normal' }], unknownCondition(ev, command.start));
      ev.status = null;
    }
  }
}

export function runIf(ev: Evaluator, command: IfCommand): void {
  const alternatives: Outcome[] = [];
  for (const clause of command.clauses) {
    const truth = condition(ev, clause.condition);
    if (ev.flow !== 'normal') return;
    if (truth === true) {
      ev.runScript(clause.body);
      return finishBranches(ev, alternatives, command.start);
    }
    if (truth === null) alternatives.push(ev.explore(() => ev.runScript(clause.body)));
  }
  if (command.elseBody) ev.runScript(command.elseBody);
  else ev.status = true;
  finishBranches(ev, alternatives, command.start);
}

function finishBranches(ev: Evaluator, alternatives: Outcome[], start: number): void {
  if (alternatives.length === 0) return;
  ev.joinInto([{ env: ev.env, flow: ev.flow }, ...alternatives], unknownCondition(ev, start));
  ev.status = null;
}

export function runCase(ev: Evaluator, command: CaseCommand): void {
  const subject = expandString(command.subject, ev.env);
  const alternatives: Outcome[] = [];
  ev.status = true;
  for (const item of command.items) {
    let truth: Truth = false;
    for (const word of item.patterns) {
      const pattern = expandPattern(word, ev.env);
      if (isUnknown(subject) || isUnknown(pattern) || matchTooCostly(subject, pattern)) {
        truth = null;
        continue;
      }
      // Each match is bounded; so is their sum over the file (thousands of arms, in loops).
      const units = subject.length * (patternLength(pattern) + 1);
      if (!ev.meter.spend(units, 'matching case patterns')) return ev.stopHere();
      const matched = matchesPattern(subject, pattern);
      if (matched === true) {
        truth = true;
        break;
      }
      if (matched === null) truth = null;
    }
    if (truth === true) {
      ev.runScript(item.body);
      return finishBranches(ev, alternatives, command.start);
    }
    if (truth === null) alternatives.push(ev.explore(() => ev.runScript(item.body)));
  }
  finishBranches(ev, alternatives, command.start);
}

export function runFor(ev: Evaluator, command: ForCommand): void {
  const items = command.items === null ? ev.env.positional : expandFields(command.items, ev.env);
  if (isUnknown(items) || items.some(isUnknown) || items.length > MAX_LOOP_ITERATIONS) {
    const reason = isUnknown(items)
      ? items
      : new Unknown(`the loop at ${ev.describe(command.start)} cannot be unrolled`);
    ev.poisonAssignedIn(command, reason);
    ev.status = null;
    return;
  }
  ev.status = true;
  for (const item of items as string[]) {
    ev.env.set(command.variable, item);
    ev.runScript(command.body);
    if (leaveLoopBody(ev) === 'stop') break;
    if (ev.flow !== 'normal') return;
  }
}

/** Handles `break`/`continue` at the end of one loop iteration. */
function leaveLoopBody(ev: Evaluator): 'stop' | 'next' {
  const flow: Flow = ev.flow;
  if (flow === 'break') {
    ev.flow = 'normal';
    return 'stop';
  }
  if (flow === 'continue') ev.flow = 'normal';
  return 'next';
}

export function runWhile(ev: Evaluator, command: WhileCommand): void {
  for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
    const truth = condition(ev, command.condition);
    if (ev.flow !== 'normal') return;
    const runs = truth === null ? null : command.until ? !truth : truth;
    if (runs === false) {
      ev.status = true;
      return;
    }
    if (runs === null) break;
    ev.runScript(command.body);
    if (leaveLoopBody(ev) === 'stop') return;
    if (ev.flow !== 'normal') return;
  }
  ev.poisonAssignedIn(
    command,
    new Unknown(`the loop at ${ev.describe(command.start)} cannot be followed`),
  );
  ev.status = null;
}
