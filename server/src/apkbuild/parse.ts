import { parseTopLevel } from './parse-command';
import { ParserState } from './parser-state';
import type { ParseResult } from './syntax';

/**
 * Parses shell text into a lossless syntax tree. Total: any input yields a tree and
 * diagnostics; a failure of the parser itself becomes a diagnostic too, never an exception.
 */
export interface ParseOptions {
  /**
   * Parse the `{ ... }` bodies of functions only when a reader asks for them. For sourcing a
   * file for its values: a syntax error inside a body that is never read goes unreported.
   */
  lazyFunctionBodies?: boolean;
  /**
   * Read `name=literal` lines with one regular-expression match (the default) rather than the
   * general parser; the tree is the same either way, which the corpus test checks by turning
   * it off.
   */
  fastAssignments?: boolean;
}

export function parseShell(text: string, options: ParseOptions = {}): ParseResult {
  const p = new ParserState(text);
  p.lazyFunctionBodies = options.lazyFunctionBodies ?? false;
  p.fastAssignments = options.fastAssignments ?? true;
  try {
    const script = parseTopLevel(p);
    script.start = 0;
    script.end = text.length;
    // Reported where found; error recovery finds inner errors before the outer ones.
    p.diagnostics.sort((a, b) => a.start - b.start);
    return { script, comments: p.comments, diagnostics: p.diagnostics };
  } catch (error) {
    p.error(p.pos, p.pos + 1, `internal parser error: ${String(error)}`);
    return {
      script: { kind: 'script', start: 0, end: text.length, commands: [] },
      comments: p.comments,
      diagnostics: p.diagnostics,
    };
  }
}
