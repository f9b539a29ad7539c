/**
 * Function definitions whose bodies wait to be parsed: for sourcing a file for its values,
 * where bodies are only run when the file calls the function at its top level.
 */
import { ParserState } from './parser-state';
import { skimBraceGroup } from './skim-body';
import type { Command, Script, Word } from './syntax';

/**
 * A function whose `{ ... }` body is parsed only when something reads it (see skim-body.ts);
 * null when the skimmer is unsure or a redirect follows the body.
 */
export function lazyFunction(
  p: ParserState,
  name: string,
  nameWord: Word,
  parseCommand: (state: ParserState) => Command | null,
): Command | null {
  const open = p.pos;
  const end = skimBraceGroup(p.src, open);
  if (end === null || /^[ \t]*[0-9]*[<>]/.test(p.src.slice(end, end + 8))) return null;
  p.pos = end;
  let body: Command | undefined;
  const src = p.src;
  return {
    kind: 'function',
    start: nameWord.start,
    end,
    name,
    nameStart: nameWord.start,
    nameEnd: nameWord.end,
    get body(): Command {
      if (body) return body;
      const state = new ParserState(src);
      state.pos = open;
      body = parseCommand(state) ?? {
        kind: 'group',
        start: open,
        end,
        body: emptyScript(open, end),
        redirects: [],
      };
      return body;
    },
  };
}

function emptyScript(start: number, end: number): Script {
  return { kind: 'script', start, end, commands: [] };
}
