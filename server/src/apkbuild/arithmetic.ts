import { Unknown, isUnknown, type Value } from './environment';

/** Unwinds the recursive evaluator when a value is not known. */
class ArithmeticUnknown extends Error {
  constructor(readonly unknown: Unknown) {
    super(unknown.reason);
  }
}

/**
 * Integer arithmetic of `$((...))` and `${x:offset:length}`: numbers, variables, unary and
 * binary operators, comparisons, logic and `?:`. Anything else is unknown, never a guess.
 */
export function evaluateArithmetic(
  expression: string,
  lookup: (name: string) => Value | undefined,
): Value {
  const tokens =
    expression.match(
      /0[xX][0-9a-fA-F]+|\d+|\$?\{?[A-Za-z_]\w*\}?|\$\d|<<|>>|<=|>=|==|!=|&&|\|\||\*\*|[-+*/%()<>!~?:&|^]|\S/g,
    ) ?? [];
  let i = 0;
  const fail = (why: string): never => {
    throw new ArithmeticUnknown(new Unknown(`arithmetic $((${expression.trim()})): ${why}`));
  };
  const variable = (token: string): bigint => {
    const name = token.replace(/^\$\{?|\}$/g, '');
    const value = lookup(name);
    if (value === undefined || value === '') return 0n;
    if (isUnknown(value)) throw new ArithmeticUnknown(value);
    const text = value.trim();
    if (/^-?\d+$/.test(text)) return BigInt(text);
    if (/^[A-Za-z_]\w*$/.test(text)) return variable(text);
    return fail(`'${name}' is not a number`);
  };
  const primary = (): bigint => {
    const t = tokens[i++];
    if (t === undefined) return fail('unexpected end');
    if (t === '(') {
      const v = ternary();
      if (tokens[i++] !== ')') fail("missing ')'");
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0n ? 1n : 0n;
    if (t === '~') return ~primary();
    if (/^0[xX]/.test(t)) return BigInt(t);
    if (/^0\d+$/.test(t)) return BigInt('0o' + t.slice(1));
    if (/^\d+$/.test(t)) return BigInt(t);
    if (/^\$?\{?[A-Za-z_]/.test(t)) return variable(t);
    return fail(`unsupported '${t}'`);
  };
  const levels: string[][] = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<', '>', '<=', '>='],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];
  const binary = (level: number): bigint => {
    if (level === levels.length) return primary();
    let left = binary(level + 1);
    while (tokens[i] !== undefined && levels[level].includes(tokens[i])) {
      const op = tokens[i++];
      const right = binary(level + 1);
      // bash computes in 64-bit signed integers; wrapping each step also bounds the work.
      left = BigInt.asIntN(64, apply(op, left, right, fail));
    }
    return left;
  };
  const ternary = (): bigint => {
    const cond = binary(0);
    if (tokens[i] !== '?') return cond;
    i++;
    const a = ternary();
    if (tokens[i++] !== ':') fail("missing ':'");
    const b = ternary();
    return cond !== 0n ? a : b;
  };
  try {
    if (tokens.length === 0) return '0';
    const result = ternary();
    if (i !== tokens.length) fail(`unexpected '${tokens[i]}'`);
    return BigInt.asIntN(64, result).toString();
  } catch (error) {
    if (error instanceof ArithmeticUnknown) return error.unknown;
    throw error;
  }
}

function apply(op: string, a: bigint, b: bigint, fail: (why: string) => never): bigint {
  const bool = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0n ? fail('division by zero') : a / b;
    case '%':
      return b === 0n ? fail('division by zero') : a % b;
    case '<<':
      return a << BigInt.asUintN(6, b);
    case '>>':
      return a >> BigInt.asUintN(6, b);
    case '<':
      return bool(a < b);
    case '>':
      return bool(a > b);
    case '<=':
      return bool(a <= b);
    case '>=':
      return bool(a >= b);
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '|':
      return a | b;
    case '&&':
      return bool(a !== 0n && b !== 0n);
    default:
      return bool(a !== 0n || b !== 0n);
  }
}
