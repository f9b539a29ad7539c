/**
 * Function definitions whose bodies wait to be parsed: for sourcing a file for its values,
 * where bodies are only run when the file calls the function at its top level.
 */
import { ParserState } from './parser-state';
import { skimBraceGroup } from './skim-body';
import type { Command, FunctionDefinition, Script, Word } from './syntax';

/**
 * A function whose `{ ... }` body is parsed only when something reads it (see skim-body.ts);
 * null when the skimmer is unsure or a redirect follows the body.
 */
export function lazyFunction(
  p: ParserState,
  name: string,
  nameWord: Word,
  parseCommand: (state: ParserState) => Command | null,
): FunctionDefinition | null {
  const open = p.pos;
  const end = skimBraceGroup(p.src, open);
  if (end === null || /^[ \t]*[0-9]*[<>]/.test(p.src.slice(end, end + 8))) return null;
  p.pos = end;
  return new LazyFunction(name, nameWord, p.src, open, end, parseCommand);
}

/**
 * `name() {` at the cursor, the whole definition on the lines the skimmer reads, and nothing
 * after its `}` but blanks and a comment: the lazy function, read without the general descent
 * from list to simple command (as parseLiteralAssignment does for assignments). Null, with the
 * cursor left alone, for anything else: `function name`, a redirect or a pipe after the body.
 * The caller makes sure the name is not a reserved word.
 */
export function parseLazyFunctionLine(
  p: ParserState,
  parseCommand: (state: ParserState) => Command | null,
): FunctionDefinition | null {
  const start = p.pos;
  FUNCTION_LINE.lastIndex = start;
  if (!FUNCTION_LINE.test(p.src)) return null;
  // The name ends before the blanks ahead of its `(`.
  let end = p.src.indexOf('(', start);
  while (p.src.charCodeAt(end - 1) === 32 || p.src.charCodeAt(end - 1) === 9) end--;
  const name = p.src.slice(start, end);
  p.pos = FUNCTION_LINE.lastIndex;
  const nameWord: Word = {
    kind: 'word',
    start,
    end,
    parts: [{ kind: 'literal', start, end, value: name, quoted: false }],
  };
  const definition = lazyFunction(p, name, nameWord, parseCommand);
  AFTER_BODY.lastIndex = p.pos;
  if (definition !== null && AFTER_BODY.test(p.src)) return definition;
  p.pos = start;
  return null;
}

/** A function name the general parser reads as one plain word, `()`, then the `{`. */
const FUNCTION_LINE = /[A-Za-z_][A-Za-z0-9_.-]*[ \t]*\([ \t]*\)[ \t]*(?=\{)/y;
/** What may follow the `}` on its line for the definition to be the whole command. */
const AFTER_BODY = /[ \t]*(?:#[^\n]*)?(?:\n|$)/y;

/**
 * A class, not an object literal with a getter: a literal with an accessor is built by a slow
 * runtime path, once per function of every file an index reads.
 */
class LazyFunction implements FunctionDefinition {
  readonly kind = 'function';
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  private parsed: Command | null = null;

  constructor(
    readonly name: string,
    nameWord: Word,
    private readonly src: string,
    private readonly open: number,
    readonly end: number,
    private readonly parseCommand: (state: ParserState) => Command | null,
  ) {
    this.start = nameWord.start;
    this.nameStart = nameWord.start;
    this.nameEnd = nameWord.end;
  }

  get body(): Command {
    if (this.parsed) return this.parsed;
    const state = new ParserState(this.src);
    state.pos = this.open;
    this.parsed = this.parseCommand(state) ?? {
      kind: 'group',
      start: this.open,
      end: this.end,
      body: emptyScript(this.open, this.end),
      redirects: [],
    };
    return this.parsed;
  }
}

function emptyScript(start: number, end: number): Script {
  return { kind: 'script', start, end, commands: [] };
}
