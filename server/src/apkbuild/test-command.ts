import { matchesPattern, matchTooCostly, type PatternPiece } from './pattern';

/** Result of a test: true, false, or null when it depends on something unknown (files, ...). */
export type Truth = boolean | null;

const FILE_TESTS = new Set([
  '-b',
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-h',
  '-k',
  '-L',
  '-p',
  '-r',
  '-s',
  '-S',
  '-t',
  '-u',
  '-w',
  '-x',
  '-O',
  '-G',
  '-N',
]);
const BINARY = new Set([
  '=',
  '==',
  '!=',
  '-eq',
  '-ne',
  '-lt',
  '-le',
  '-gt',
  '-ge',
  '<',
  '>',
  '-nt',
  '-ot',
  '-ef',
]);

/** Evaluates the arguments of `test` / `[` (without the closing `]`), following POSIX's rules by argument count. */
export function evaluateTest(args: readonly string[]): Truth {
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2:
      if (args[0] === '!') return not(evaluateTest(args.slice(1)));
      return unary(args[0], args[1]);
    case 3:
      if (BINARY.has(args[1])) return binary(args[0], args[1], args[2]);
      if (args[1] === '-a' || args[1] === '-o') return orAnd(args);
      if (args[0] === '!') return not(evaluateTest(args.slice(1)));
      if (args[0] === '(' && args[2] === ')') return evaluateTest([args[1]]);
      return null;
    case 4:
      if (args[0] === '!') return not(evaluateTest(args.slice(1)));
      if (args[0] === '(' && args[3] === ')') return evaluateTest(args.slice(1, 3));
      return orAnd(args);
    default:
      return orAnd(args);
  }
}

function not(value: Truth): Truth {
  return value === null ? null : !value;
}

/** `-o` binds looser than `-a`; split at the last `-o`, then at the last `-a`. */
function orAnd(args: readonly string[]): Truth {
  for (const op of ['-o', '-a']) {
    const at = args.lastIndexOf(op);
    if (at > 0 && at < args.length - 1) {
      const left = evaluateTest(args.slice(0, at));
      const right = evaluateTest(args.slice(at + 1));
      if (op === '-o')
        return left === true || right === true
          ? true
          : left === false && right === false
            ? false
            : null;
      return left === false || right === false
        ? false
        : left === true && right === true
          ? true
          : null;
    }
  }
  return null;
}

function unary(op: string, operand: string): Truth {
  if (op === '-z') return operand === '';
  if (op === '-n') return operand !== '';
  if (FILE_TESTS.has(op)) return null;
  return null;
}

function integer(text: string): bigint | null {
  const trimmed = text.trim();
  return /^[-+]?\d+$/.test(trimmed) ? BigInt(trimmed) : null;
}

function binary(left: string, op: string, right: string): Truth {
  switch (op) {
    case '=':
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '-nt':
    case '-ot':
    case '-ef':
      return null;
  }
  const a = integer(left);
  const b = integer(right);
  if (a === null || b === null) return null;
  switch (op) {
    case '-eq':
      return a === b;
    case '-ne':
      return a !== b;
    case '-lt':
      return a < b;
    case '-le':
      return a <= b;
    case '-gt':
      return a > b;
    default:
      return a >= b;
  }
}

/** One operand of `[[ ... ]]`: its text, and as a pattern when unquoted on the right of `==`. */
export interface BracketOperand {
  text: string;
  pattern: PatternPiece[];
}

/** Evaluates bash's `[[ ... ]]` over already expanded operands. */
export function evaluateDoubleBracket(items: readonly BracketOperand[]): Truth {
  let i = 0;
  const primary = (): Truth => {
    const item = items[i];
    if (!item) return null;
    if (item.text === '!') {
      i++;
      return not(primary());
    }
    if (item.text === '(') {
      i++;
      const value = or();
      i++;
      return value;
    }
    const next = items[i + 1]?.text;
    if (next !== undefined && (BINARY.has(next) || next === '=~')) {
      const left = item.text;
      const right = items[i + 2];
      i += 3;
      if (!right) return null;
      if (next === '=~') return null;
      if ((next === '==' || next === '=' || next === '!=') && matchTooCostly(left, right.pattern))
        return null;
      if (next === '==' || next === '=') return matchesPattern(left, right.pattern);
      if (next === '!=') return !matchesPattern(left, right.pattern);
      return binary(left, next, right.text);
    }
    if ((item.text === '-z' || item.text === '-n' || FILE_TESTS.has(item.text)) && items[i + 1]) {
      i += 2;
      return unary(item.text, items[i - 1].text);
    }
    i++;
    return item.text !== '';
  };
  const and = (): Truth => {
    let value = primary();
    while (items[i]?.text === '&&') {
      i++;
      const right = primary();
      value =
        value === false || right === false ? false : value === true && right === true ? true : null;
    }
    return value;
  };
  const or = (): Truth => {
    let value = and();
    while (items[i]?.text === '||') {
      i++;
      const right = and();
      value =
        value === true || right === true ? true : value === false && right === false ? false : null;
    }
    return value;
  };
  return or();
}
