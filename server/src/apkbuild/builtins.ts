import { EVALUATION_LIMITS } from './budget';
import { Unknown, isUnknown, type Value } from './environment';
import type { Evaluator } from './evaluate';
import { expandFields, expandPattern, expandString } from './expand';
import { parseShell } from './parse';
import type { PatternPiece } from './pattern';
import type { Assignment, SimpleCommand, Word } from './syntax';
import {
  evaluateDoubleBracket,
  evaluateTest,
  type BracketOperand,
  type Truth,
} from './test-command';

/** Longer values are unknown: doubling in a loop must not exhaust memory. */
const MAX_VALUE_LENGTH = EVALUATION_LIMITS.valueLength;

/** Commands that never change shell variables and succeed. */
const HARMLESS = new Set([
  'echo',
  'printf',
  'cd',
  'pushd',
  'popd',
  'umask',
  'trap',
  'shopt',
  'alias',
  'unalias',
  'msg',
  'msg2',
  'warning',
  'error',
  'export',
  'readonly',
  'declare',
  'typeset',
  'local',
  'hash',
  'type',
  'ulimit',
]);
/** Commands that set the variables named by their arguments to something unknown. */
const READERS = new Set(['read', 'getopts', 'mapfile', 'readarray', 'let']);

function hasSubstitution(word: Word | null): boolean {
  return (
    word !== null &&
    word.parts.some(
      (p) =>
        p.kind === 'command-substitution' ||
        (p.kind === 'double-quoted' && p.parts.some((q) => q.kind === 'command-substitution')),
    )
  );
}

function assign(ev: Evaluator, assignment: Assignment, local: boolean): void {
  const env = ev.env;
  let value: Value;
  if (assignment.array)
    value = new Unknown(`${assignment.name} is an array, which abuild's shell does not have`);
  else value = expandString(assignment.value, env);
  if (assignment.append) {
    const previous = env.get(assignment.name) ?? '';
    value = isUnknown(previous) ? previous : isUnknown(value) ? value : previous + value;
  }
  if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH)
    value = new Unknown(`${assignment.name} grows beyond ${MAX_VALUE_LENGTH} characters`);
  // Counted whole, though appending may share the old text: no later reading can cost more.
  else if (typeof value === 'string' && !ev.meter.spend(value.length, 'assigning values'))
    value = ev.meter.stopped!;
  if (local) saveLocal(ev, assignment.name);
  env.set(assignment.name, value);
  ev.recordAssignment(assignment, value);
}

function saveLocal(ev: Evaluator, name: string): void {
  const frame = ev.frames[ev.frames.length - 1];
  if (frame && !frame.has(name)) frame.set(name, ev.env.valueIfSet(name));
}

/** The command's name: the first word as one field, or null when it is not known. */
function commandName(word: Word, ev: Evaluator): string | null {
  const only = word.parts.length === 1 ? word.parts[0] : null;
  if (only && only.kind === 'literal' && !/[*?[~]/.test(only.value)) return only.value;
  const fields = expandFields([word], ev.env);
  return isUnknown(fields) || fields.length !== 1 ? null : fields[0];
}

export function runSimpleCommand(ev: Evaluator, command: SimpleCommand): void {
  if (command.words.length === 0) {
    // The status is that of the last command substitution, unknown to static evaluation.
    let status: Truth = true;
    for (const assignment of command.assignments) {
      assign(ev, assignment, false);
      if (hasSubstitution(assignment.value)) status = null;
    }
    ev.status = status;
    return;
  }
  const name = commandName(command.words[0], ev);
  if (name === null) {
    ev.env.poisonAll(
      new Unknown(`the command at ${ev.describe(command.start)} is computed at run time`),
    );
    ev.status = null;
    return;
  }
  const declaring =
    command.declarations.length > 0 ||
    ['local', 'export', 'readonly', 'declare', 'typeset'].includes(name);
  if (declaring) {
    const local =
      name === 'local' || ((name === 'declare' || name === 'typeset') && ev.frames.length > 0);
    for (const declaration of command.declarations) assign(ev, declaration, local);
  }
  if (name === '[[') {
    ev.status = doubleBracket(ev, command.words.slice(1, -1));
    return;
  }
  const args = expandFields(command.words.slice(1), ev.env);
  runNamed(ev, name, args, command);
}

function runNamed(
  ev: Evaluator,
  name: string,
  args: string[] | Unknown,
  command: SimpleCommand,
): void {
  const env = ev.env;
  const fn = env.functions.get(name);
  if (fn !== undefined) {
    if (isUnknown(fn)) {
      env.poisonAll(fn);
      ev.status = null;
    } else ev.callFunction(fn, args);
    return;
  }
  switch (name) {
    case ':':
    case 'true':
      ev.status = true;
      return;
    case 'false':
      ev.status = false;
      return;
    case 'test':
    case '[': {
      if (isUnknown(args)) return void (ev.status = null);
      if (name === '[' && args[args.length - 1] !== ']') return void (ev.status = null);
      ev.status = evaluateTest(name === '[' ? args.slice(0, -1) : args);
      return;
    }
    case 'command':
    case 'builtin':
      if (isUnknown(args) || args.length === 0) return void (ev.status = null);
      return runNamed(ev, args[0], args.slice(1), command);
    case 'eval':
      return evaluate(ev, args, command.start);
    case '.':
    case 'source':
      env.poisonAll(new Unknown(`'${name}' reads another file at ${ev.describe(command.start)}`));
      ev.status = null;
      return;
    case 'unset':
      return unset(ev, args);
    case 'local':
      if (!isUnknown(args))
        for (const arg of args) if (!arg.startsWith('-') && !arg.includes('=')) saveLocal(ev, arg);
      ev.status = true;
      return;
    case 'return':
    case 'exit':
    case 'break':
    case 'continue':
      ev.flow = name;
      ev.status = isUnknown(args) ? null : args.length === 0 || args[0] === '0';
      return;
    case 'shift': {
      const count = isUnknown(args) || args.length === 0 ? 1 : Number(args[0]);
      if (!isUnknown(env.positional)) env.positional = env.positional.slice(count);
      ev.status = true;
      return;
    }
    case 'set':
      if (isUnknown(args)) env.positional = args;
      else {
        const dashes = args.indexOf('--');
        if (dashes >= 0) env.positional = args.slice(dashes + 1);
        else if (args.length > 0 && !/^[-+]/.test(args[0])) env.positional = args;
      }
      ev.status = true;
      return;
  }
  if (READERS.has(name) || (name === 'printf' && !isUnknown(args) && args[0] === '-v')) {
    const reason = new Unknown(
      `'${name}' at ${ev.describe(command.start)} sets variables at run time`,
    );
    if (isUnknown(args)) env.poisonAll(reason);
    else for (const arg of args) if (/^[A-Za-z_]\w*$/.test(arg)) env.set(arg, reason);
    ev.status = null;
    return;
  }
  ev.status = HARMLESS.has(name) ? true : null;
}

function evaluate(ev: Evaluator, args: string[] | Unknown, origin: number): void {
  if (isUnknown(args)) {
    ev.env.poisonAll(new Unknown(`eval of text that is not known statically (${args.reason})`));
    ev.status = null;
    return;
  }
  const text = args.join(' ');
  if (ev.evalDepth >= EVALUATION_LIMITS.evalDepth)
    return ev.halt(`eval runs eval more than ${EVALUATION_LIMITS.evalDepth} deep`);
  if (!ev.meter.spend(text.length, 'parsing eval text')) return ev.stopHere();
  const parsed = parseShell(text);
  if (parsed.diagnostics.length > 0) {
    ev.env.poisonAll(new Unknown('eval of text that is not valid shell'));
    ev.status = null;
    return;
  }
  const outer = ev.evalOrigin;
  ev.evalOrigin = outer ?? origin;
  ev.evalDepth++;
  try {
    ev.runScript(parsed.script);
  } finally {
    ev.evalOrigin = outer;
    ev.evalDepth--;
  }
}

function unset(ev: Evaluator, args: string[] | Unknown): void {
  if (isUnknown(args)) {
    ev.env.poisonAll(args);
    return;
  }
  let functions = false;
  for (const arg of args) {
    if (arg === '-f') functions = true;
    else if (arg === '-v') functions = false;
    else if (functions) ev.env.functions.delete(arg);
    else ev.env.unset(arg);
  }
  ev.status = true;
}

function doubleBracket(ev: Evaluator, words: Word[]): boolean | null {
  const operands: BracketOperand[] = [];
  for (const word of words) {
    const text = expandString(word, ev.env);
    const pattern: PatternPiece[] | Unknown = expandPattern(word, ev.env);
    if (isUnknown(text) || isUnknown(pattern)) return null;
    operands.push({ text, pattern });
  }
  return evaluateDoubleBracket(operands);
}
