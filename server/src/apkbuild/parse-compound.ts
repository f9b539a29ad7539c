import { parseCommand, parseList, peekReserved, plainText, type ListEnd } from './parse-command';
import { parseRedirects } from './parse-redirect';
import { parseWord } from './parse-word';
import { Ch, isNameChar, type ParserState } from './parser-state';
import type {
  CaseCommand,
  CaseItem,
  Command,
  ForCommand,
  GroupCommand,
  IfClause,
  IfCommand,
  Script,
  WhileCommand,
  Word,
} from './syntax';

const until = (...words: string[]): ListEnd => ({ words, paren: false, caseItem: false });
const THEN = until('then');
const IF_BODY = until('elif', 'else', 'fi');
const FI = until('fi');
const DO = until('do');
const DONE = until('done');
const BRACE = until('}');
const SUBSHELL: ListEnd = { words: [], paren: true, caseItem: false };
const CASE_BODY: ListEnd = { words: ['esac'], paren: false, caseItem: true };

/** Parses a compound command or a `function name` definition at the cursor, else null. */
export function parseCompound(p: ParserState): Command | null {
  const start = p.pos;
  if (p.at() === Ch.OpenParen) {
    p.pos++;
    const body = parseList(p, SUBSHELL);
    expectChar(p, Ch.CloseParen, start, "missing ')' to close the subshell");
    return withRedirects(p, { kind: 'subshell', start, end: p.pos, body, redirects: [] });
  }
  switch (peekReserved(p)) {
    case 'if':
      return parseIf(p, start);
    case 'for':
      return parseFor(p, start);
    case 'while':
    case 'until':
      return parseWhile(p, start);
    case 'case':
      return parseCase(p, start);
    case '{': {
      p.pos++;
      const body = parseList(p, BRACE);
      expectWord(p, '}', start);
      return withRedirects(p, { kind: 'group', start, end: p.pos, body, redirects: [] });
    }
    case 'function':
      return parseFunctionKeyword(p, start);
    default:
      return null;
  }
}

function withRedirects(
  p: ParserState,
  node: IfCommand | ForCommand | WhileCommand | CaseCommand | GroupCommand,
): Command {
  parseRedirects(p, node.redirects);
  if (node.redirects.length > 0) node.end = node.redirects[node.redirects.length - 1].end;
  return node;
}

function expectWord(p: ParserState, word: string, openerStart: number): void {
  if (peekReserved(p) === word) {
    p.pos += word.length;
    return;
  }
  const opener = /^\S+/.exec(p.src.slice(openerStart, openerStart + 8))?.[0] ?? '';
  p.error(openerStart, openerStart + opener.length, `missing '${word}' to close '${opener}'`);
}

function expectChar(p: ParserState, c: number, openerStart: number, message: string): void {
  if (p.at() === c) p.pos++;
  else p.error(openerStart, openerStart + 1, message);
}

function parseIf(p: ParserState, start: number): Command {
  const clauses: IfClause[] = [];
  let elseBody: Script | null = null;
  let keyword = 'if';
  for (;;) {
    p.pos += keyword.length;
    const condition = parseList(p, THEN);
    expectWord(p, 'then', start);
    const body = parseList(p, IF_BODY);
    clauses.push({ condition, body });
    const next = peekReserved(p);
    if (next === 'elif') {
      keyword = 'elif';
      continue;
    }
    if (next === 'else') {
      p.pos += 4;
      elseBody = parseList(p, FI);
    }
    break;
  }
  expectWord(p, 'fi', start);
  return withRedirects(p, { kind: 'if', start, end: p.pos, clauses, elseBody, redirects: [] });
}

function parseFor(p: ParserState, start: number): Command {
  p.pos += 3;
  p.skipBlanks();
  if (p.at() === Ch.OpenParen && p.at(1) === Ch.OpenParen) {
    // bash's arithmetic for: keep the header opaque.
    const close = p.src.indexOf('))', p.pos);
    p.pos = close < 0 ? p.len : close + 2;
    return finishFor(p, start, '', null);
  }
  const nameStart = p.pos;
  while (isNameChar(p.at())) p.pos++;
  const variable = p.src.slice(nameStart, p.pos);
  if (variable === '') p.error(start, start + 3, "missing variable name after 'for'");
  p.skipLinebreaks();
  let items: Word[] | null = null;
  if (peekReserved(p) === null && p.src.startsWith('in', p.pos) && !isNameChar(p.at(2))) {
    p.pos += 2;
    items = [];
    for (;;) {
      p.skipBlanks();
      const word = parseWord(p);
      if (!word) break;
      items.push(word);
    }
  }
  return finishFor(p, start, variable, items);
}

function finishFor(p: ParserState, start: number, variable: string, items: Word[] | null): Command {
  p.skipBlanks();
  if (p.at() === Ch.Semicolon) p.pos++;
  p.skipLinebreaks();
  expectWord(p, 'do', start);
  const body = parseList(p, DONE);
  expectWord(p, 'done', start);
  return withRedirects(p, { kind: 'for', start, end: p.pos, variable, items, body, redirects: [] });
}

function parseWhile(p: ParserState, start: number): Command {
  const isUntil = p.src.startsWith('until', p.pos);
  p.pos += isUntil ? 5 : 5;
  const condition = parseList(p, DO);
  expectWord(p, 'do', start);
  const body = parseList(p, DONE);
  expectWord(p, 'done', start);
  return withRedirects(p, {
    kind: 'while',
    start,
    end: p.pos,
    until: isUntil,
    condition,
    body,
    redirects: [],
  });
}

function parseCase(p: ParserState, start: number): Command {
  p.pos += 4;
  p.skipBlanks();
  const subject = parseWord(p) ?? { kind: 'word' as const, start: p.pos, end: p.pos, parts: [] };
  if (subject.end === subject.start) p.error(start, start + 4, "missing word after 'case'");
  p.skipLinebreaks();
  if (p.src.startsWith('in', p.pos) && !isNameChar(p.at(2))) p.pos += 2;
  else p.error(start, start + 4, "missing 'in' after 'case WORD'");
  const items: CaseItem[] = [];
  for (;;) {
    p.skipLinebreaks();
    if (p.pos >= p.len || peekReserved(p) === 'esac') break;
    const itemStart = p.pos;
    const item = parseCaseItem(p);
    if (!item) break;
    items.push(item);
    if (p.pos === itemStart) break;
  }
  expectWord(p, 'esac', start);
  return withRedirects(p, { kind: 'case', start, end: p.pos, subject, items, redirects: [] });
}

function parseCaseItem(p: ParserState): CaseItem | null {
  const start = p.pos;
  if (p.at() === Ch.OpenParen) p.pos++;
  const patterns: Word[] = [];
  for (;;) {
    p.skipBlanks();
    const word = parseWord(p);
    if (word) patterns.push(word);
    p.skipBlanks();
    if (p.at() === Ch.Pipe) {
      p.pos++;
      continue;
    }
    if (p.at() === Ch.CloseParen) {
      p.pos++;
      break;
    }
    p.error(start, Math.max(p.pos, start + 1), "missing ')' after a case pattern");
    return null;
  }
  const body = parseList(p, CASE_BODY);
  if (p.at() === Ch.Semicolon && p.at(1) === Ch.Semicolon)
    p.pos += p.at(2) === Ch.Ampersand ? 3 : 2;
  else if (p.at() === Ch.Semicolon && p.at(1) === Ch.Ampersand) p.pos += 2;
  return { start, end: p.pos, patterns, body };
}

function parseFunctionKeyword(p: ParserState, start: number): Command | null {
  p.pos += 8;
  p.skipBlanks();
  const nameWord = parseWord(p);
  const name = nameWord ? plainText(p, nameWord) : null;
  if (!nameWord || name === null) {
    p.error(start, start + 8, "missing function name after 'function'");
    return null;
  }
  p.skipBlanks();
  if (p.at() === Ch.OpenParen && p.at(1) === Ch.CloseParen) p.pos += 2;
  p.skipLinebreaks();
  const body = parseCommand(p);
  if (!body) {
    p.error(start, nameWord.end, `function '${name}' has no body`);
    return null;
  }
  return {
    kind: 'function',
    start,
    end: body.end,
    name,
    nameStart: nameWord.start,
    nameEnd: nameWord.end,
    body,
  };
}
