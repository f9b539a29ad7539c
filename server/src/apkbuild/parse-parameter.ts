import { Mode, parseParts } from './parse-word';
import { Ch, fitted, internName, isNameChar, isNameStart, type ParserState } from './parser-state';
import type { ParameterOperator, ParameterPart, Word, WordPart } from './syntax';

/** `${...}`: the parameter, then an optional operator and its one or two argument words. */
export function parseBraced(p: ParserState, start: number): WordPart {
  const src = p.src;
  p.pos = start + 2;
  let operator: ParameterOperator | null = null;
  let name: string;
  const c = p.at();
  if (c === Ch.Hash && p.at(1) !== Ch.CloseBrace && readName(p, p.pos + 1) > p.pos + 1) {
    operator = 'length';
    const end = readName(p, p.pos + 1);
    name = src.slice(p.pos + 1, end);
    p.pos = end;
  } else if (c === Ch.Bang && readName(p, p.pos + 1) > p.pos + 1) {
    const end = readName(p, p.pos + 1);
    name = src.slice(p.pos, end); // indirection: never statically known
    p.pos = end;
  } else {
    const end = readName(p, p.pos);
    name = src.slice(p.pos, end);
    p.pos = end;
  }
  const part: ParameterPart = {
    kind: 'parameter',
    start,
    end: start,
    name: internName(name),
    braced: true,
    operator,
    argument: null,
    second: null,
  };
  if (name === '') p.error(start, p.pos + 1, 'bad substitution: missing parameter name');
  if (operator === null) readOperator(p, part);
  if (p.at() === Ch.CloseBrace) p.pos++;
  else {
    p.error(start, start + 2, "unterminated '${'");
    const close = src.indexOf('}', p.pos);
    p.pos = close < 0 ? p.len : close + 1;
  }
  part.end = p.pos;
  return part;
}

/** End of a parameter name: an identifier, a number or one special character. */
function readName(p: ParserState, from: number): number {
  const c = p.src.charCodeAt(from);
  if (isNameStart(c)) {
    let end = from + 1;
    while (isNameChar(p.src.charCodeAt(end))) end++;
    return end;
  }
  if (c >= 48 && c <= 57) {
    let end = from + 1;
    while (p.src.charCodeAt(end) >= 48 && p.src.charCodeAt(end) <= 57) end++;
    return end;
  }
  return '@*#?$!-'.includes(p.src[from] ?? 'x') ? from + 1 : from;
}

const OPERATORS: ParameterOperator[] = [
  ':-',
  ':=',
  ':?',
  ':+',
  '##',
  '%%',
  '//',
  '/#',
  '/%',
  '^^',
  ',,',
  '-',
  '=',
  '?',
  '+',
  '#',
  '%',
  '/',
  '^',
  ',',
  ':',
];

function readOperator(p: ParserState, part: ParameterPart): void {
  if (p.at() === Ch.CloseBrace) return;
  const op = OPERATORS.find((o) => p.src.startsWith(o, p.pos));
  if (!op) {
    p.error(p.pos, p.pos + 1, `bad substitution: unexpected '${p.src[p.pos] ?? 'end of file'}'`);
    return;
  }
  part.operator = op;
  p.pos += op.length;
  const splitAt = op === ':' ? 58 : op[0] === '/' ? 47 : -1;
  part.argument = braceWord(p, splitAt);
  if (splitAt >= 0 && p.at() === splitAt) {
    p.pos++;
    part.second = braceWord(p, -1);
  }
}

function braceWord(p: ParserState, stopChar: number): Word {
  const start = p.pos;
  const parts = parseParts(p, Mode.Brace, stopChar);
  return { kind: 'word', start, end: p.pos, parts: fitted(parts) };
}
