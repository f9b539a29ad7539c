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
