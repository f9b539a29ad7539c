import { parseCompound } from './parse-compound';
import { isProcessSubstitution, parseWord } from './parse-word';
import { parseRedirect, redirectOperator } from './parse-redirect';
import { lazyFunction, parseLazyFunctionLine } from './lazy-function';
import { parseLiteralAssignment } from './parse-literal-assignment';
import type { ParserState } from './parser-state';
import {
  Ch,
  isMeta,
  isNameChar,
  isNameStart,
  MAX_DEPTH,
  fitted,
  internName,
  settled,
} from './parser-state';
import type { AndOrList, Assignment, Command, Script, SimpleCommand, Word } from './syntax';

/** Where a command list ends besides the end of input. */
export interface ListEnd {
  /** Reserved words that close the enclosing construct (`fi`, `done`, `}` ...). */
  words: readonly string[];
  /** A `)` closes it (subshell, `$(...)`). */
  paren: boolean;
  /** `;;` closes it (a case item). */
  caseItem: boolean;
}

const TOP: ListEnd = { words: [], paren: false, caseItem: false };
const SUBSTITUTION: ListEnd = { words: [], paren: true, caseItem: false };
/** Words that are reserved where a command starts. */
export const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  '{',
  '}',
  '!',
  'function',
]);
const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
export const DECLARATION_COMMANDS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

export function parseTopLevel(p: ParserState): Script {
  return parseList(p, TOP);
}

export function parseSubstitutionBody(p: ParserState): Script {
  return parseList(p, SUBSTITUTION);
}

/** Reserved words by their first character code, for a lookup without allocation. */
const RESERVED_BY_FIRST_CHAR: (string[] | undefined)[] = [];
for (const word of RESERVED) (RESERVED_BY_FIRST_CHAR[word.charCodeAt(0)] ??= []).push(word);

/** The reserved word at the cursor, if the next word is one. Hot: no allocation. */
export function peekReserved(p: ParserState): string | null {
  const first = p.src.charCodeAt(p.pos);
  // Within the table: optimized code that reads past an array's end is thrown away.
  const candidates =
    first < RESERVED_BY_FIRST_CHAR.length ? RESERVED_BY_FIRST_CHAR[first] : undefined;
  if (candidates === undefined) return null;
  for (const word of candidates) {
    if (!p.src.startsWith(word, p.pos)) continue;
    const after = p.src.charCodeAt(p.pos + word.length);
    if (isMeta(after) || after === Ch.CarriageReturn) return word;
  }
  return null;
}

export function parseList(p: ParserState, until: ListEnd): Script {
  const start = p.pos;
  const commands: Command[] = [];
  for (;;) {
    p.skipLinebreaks();
    if (p.pos >= p.len) break;
    const fast = p.fastAssignments ? parseFastLine(p) : null;
    if (fast !== null) {
      commands.push(fast);
      continue;
    }
    const c = p.at();
    if (c === Ch.CloseParen) {
      if (until.paren) break;
      p.error(p.pos, p.pos + 1, "unexpected ')'");
      p.pos++;
      continue;
    }
    if (c === Ch.Semicolon) {
      if (p.at(1) === Ch.Semicolon && until.caseItem) break;
      p.error(p.pos, p.pos + 1, "unexpected ';'");
      p.pos += p.at(1) === Ch.Semicolon ? 2 : 1;
      continue;
    }
    if (c === Ch.Ampersand || c === Ch.Pipe) {
      p.error(p.pos, p.pos + 1, `unexpected '${p.src[p.pos]}'`);
      p.pos++;
      continue;
    }
    const reserved = peekReserved(p);
    if (reserved !== null && until.words.includes(reserved)) break;
    if (reserved !== null && CLOSERS.has(reserved)) {
      p.error(p.pos, p.pos + reserved.length, `unexpected '${reserved}'`);
      p.pos += reserved.length;
      continue;
    }
    const before = p.pos;
    const command = parseAndOr(p);
    if (command) commands.push(command);
    if (p.pos === before) {
      p.error(p.pos, p.pos + 1, `unexpected '${p.src[p.pos]}'`);
      p.pos++;
      continue;
    }
    p.skipBlanks();
    const sep = p.at();
    if (sep === Ch.Semicolon && p.at(1) !== Ch.Semicolon) p.pos++;
    else if (sep === Ch.Ampersand && p.at(1) !== Ch.Ampersand) p.pos++;
  }
  return { kind: 'script', start, end: p.pos, commands: fitted(commands) };
}

/** An assignment line or, when bodies wait to be parsed, a function's first line (see those). */
function parseFastLine(p: ParserState): Command | null {
  return (
    parseLiteralAssignment(p) ??
    (p.lazyFunctionBodies && peekReserved(p) === null
      ? parseLazyFunctionLine(p, parseCommand)
      : null)
  );
}

function parseAndOr(p: ParserState): Command | null {
  const first = parsePipeline(p);
  if (!first) return null;
  const rest: AndOrList['rest'] = [];
  for (;;) {
    p.skipBlanks();
    const c = p.at();
    if (!((c === Ch.Ampersand || c === Ch.Pipe) && p.at(1) === c)) break;
    const operator = c === Ch.Ampersand ? '&&' : '||';
    const opStart = p.pos;
    p.pos += 2;
    p.skipLinebreaks();
    const command = parsePipeline(p);
    if (!command) {
      p.error(opStart, opStart + 2, `missing command after '${operator}'`);
      break;
    }
    rest.push({ operator, command });
  }
  if (rest.length === 0) return first;
  return {
    kind: 'and-or',
    start: first.start,
    end: rest[rest.length - 1].command.end,
    first,
    rest,
  };
}

function parsePipeline(p: ParserState): Command | null {
  const start = p.pos;
  let negated = false;
  if (peekReserved(p) === '!') {
    negated = true;
    p.pos++;
    p.skipBlanks();
  }
  const first = parseCommand(p);
  if (!first) return null;
  const commands = [first];
  for (;;) {
    p.skipBlanks();
    if (p.at() !== Ch.Pipe || p.at(1) === Ch.Pipe) break;
    p.pos += p.at(1) === Ch.Ampersand ? 2 : 1;
    p.skipLinebreaks();
    const next = parseCommand(p);
    if (!next) {
      p.error(p.pos, p.pos + 1, "missing command after '|'");
      break;
    }
    commands.push(next);
  }
  if (commands.length === 1 && !negated) return first;
  return { kind: 'pipeline', start, end: commands[commands.length - 1].end, negated, commands };
}

export function parseCommand(p: ParserState): Command | null {
  if (p.depth >= MAX_DEPTH) {
    p.error(p.pos, p.pos + 1, 'commands nested too deeply; the rest of the file is not parsed');
    p.pos = p.len;
    return null;
  }
  p.depth++;
  try {
    return parseCompound(p) ?? parseSimpleCommand(p);
  } finally {
    p.depth--;
  }
}

function assignmentNameEnd(p: ParserState): number {
  const src = p.src;
  if (!isNameStart(src.charCodeAt(p.pos))) return -1;
  let end = p.pos + 1;
  while (isNameChar(src.charCodeAt(end))) end++;
  if (src.charCodeAt(end) === Ch.Equals) return end;
  if (src.charCodeAt(end) === 43 && src.charCodeAt(end + 1) === Ch.Equals) return end;
  return -1;
}

export function parseAssignment(p: ParserState, nameEnd: number): Assignment {
  const start = p.pos;
  const name = internName(p.src.slice(start, nameEnd));
  const append = p.src.charCodeAt(nameEnd) === 43;
  p.pos = nameEnd + (append ? 2 : 1);
  if (p.at() === Ch.OpenParen) {
    p.pos++;
    const array: Word[] = [];
    for (;;) {
      p.skipLinebreaks();
      if (p.pos >= p.len || p.at() === Ch.CloseParen) break;
      const word = parseWord(p);
      if (!word) break;
      array.push(word);
    }
    if (p.at() === Ch.CloseParen) p.pos++;
    else p.error(start, nameEnd, "unterminated array assignment: missing ')'");
    return { kind: 'assignment', start, end: p.pos, name, nameEnd, append, value: null, array };
  }
  const value = parseWord(p);
  return { kind: 'assignment', start, end: p.pos, name, nameEnd, append, value, array: null };
}

function parseSimpleCommand(p: ParserState): Command | null {
  const start = p.pos;
  const command: SimpleCommand = {
    kind: 'simple',
    start,
    end: start,
    assignments: [],
    words: [],
    redirects: [],
    declarations: [],
  };
  let declaring = false;
  for (;;) {
    p.skipBlanks();
    if (redirectOperator(p) >= 0) {
      command.redirects.push(parseRedirect(p));
      continue;
    }
    const c = p.at();
    if (isProcessSubstitution(p)) {
      command.words.push(parseWord(p)!);
      continue;
    }
    if (c === Ch.OpenParen) {
      const fn =
        command.words.length === 1 && command.assignments.length === 0
          ? parseFunctionRest(p, command.words[0])
          : null;
      if (fn) return fn;
      break;
    }
    if (isMeta(c) || (c === Ch.CarriageReturn && p.at(1) === Ch.Newline)) break;
    const nameEnd = command.words.length === 0 || declaring ? assignmentNameEnd(p) : -1;
    if (nameEnd >= 0) {
      (declaring ? command.declarations : command.assignments).push(parseAssignment(p, nameEnd));
      continue;
    }
    const word = parseWord(p);
    if (!word) break;
    command.words.push(word);
    if (command.words.length === 1) {
      const text = plainText(p, word);
      declaring = text !== null && DECLARATION_COMMANDS.has(text);
      if (text === '[[') parseDoubleBracket(p, command.words);
    }
  }
  const end = Math.max(
    lastEnd(command.assignments),
    lastEnd(command.declarations),
    lastEnd(command.words),
    lastEnd(command.redirects),
  );
  if (end <= start) return null;
  command.end = end;
  command.assignments = settled(command.assignments);
  command.words = settled(command.words);
  command.redirects = settled(command.redirects);
  command.declarations = settled(command.declarations);
  return command;
}

function lastEnd(nodes: readonly { end: number }[]): number {
  return nodes.length === 0 ? -1 : nodes[nodes.length - 1].end;
}

/** The text of a word made of one unquoted literal, else null. */
export function plainText(p: ParserState, word: Word): string | null {
  const only = word.parts.length === 1 ? word.parts[0] : null;
  if (!only || only.kind !== 'literal' || only.quoted) return null;
  return p.src.slice(word.start, word.end) === only.value ? only.value : null;
}

/** `[[ ... ]]`: operators inside are plain words up to the closing `]]`. */
function parseDoubleBracket(p: ParserState, words: Word[]): void {
  for (;;) {
    p.skipBlanks();
    if (p.pos >= p.len || p.at() === Ch.Newline) {
      p.error(words[0].start, words[0].end, "missing ']]'");
      return;
    }
    const start = p.pos;
    let word = parseWord(p);
    if (!word) {
      const op = /^(&&|\|\||[()<>!])/.exec(p.src.slice(p.pos, p.pos + 2))?.[0] ?? p.src[p.pos];
      p.pos += op.length;
      word = {
        kind: 'word',
        start,
        end: p.pos,
        parts: [{ kind: 'literal', start, end: p.pos, value: op, quoted: false }],
      };
    }
    words.push(word);
    if (plainText(p, word) === ']]') return;
  }
}

/** After `name` and at `(`: the rest of a function definition `name() body`. */
function parseFunctionRest(p: ParserState, nameWord: Word): Command | null {
  const name = plainText(p, nameWord);
  if (name === null) return null;
  const save = p.pos;
  p.pos++;
  p.skipBlanks();
  if (p.at() !== Ch.CloseParen) {
    p.pos = save;
    p.error(save, save + 1, "unexpected '(': a function definition needs '()'");
    return null;
  }
  p.pos++;
  p.skipLinebreaks();
  if (p.lazyFunctionBodies) {
    const lazy = lazyFunction(p, name, nameWord, parseCommand);
    if (lazy) return lazy;
  }
  const body = parseCommand(p);
  if (!body) {
    p.error(nameWord.start, p.pos, `function '${name}' has no body`);
    return null;
  }
  return {
    kind: 'function',
    start: nameWord.start,
    end: body.end,
    name,
    nameStart: nameWord.start,
    nameEnd: nameWord.end,
    body,
  };
}
