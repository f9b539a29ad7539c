import { RESERVED } from './parse-command';
import type { ParseResult, Span } from './syntax';
import { walk } from './visit';

export type TokenKind =
  'word' | 'name' | 'operator' | 'keyword' | 'comment' | 'heredoc' | 'blank' | 'stray';

export interface SyntaxToken extends Span {
  kind: TokenKind;
}

/** Leaves of the tree: words, assignment and function names, redirect operators, heredoc bodies, comments. */
function leaves(result: ParseResult): SyntaxToken[] {
  const found: SyntaxToken[] = result.comments.map((c) => ({
    start: c.start,
    end: c.end,
    kind: 'comment' as const,
  }));
  walk(result.script, (node) => {
    switch (node.kind) {
      case 'word':
        if (node.end > node.start) found.push({ start: node.start, end: node.end, kind: 'word' });
        return false;
      case 'assignment':
        found.push({ start: node.start, end: node.nameEnd + (node.append ? 2 : 1), kind: 'name' });
        return true;
      case 'redirect':
        found.push({
          start: node.start,
          end: node.target ? node.target.start : node.end,
          kind: 'operator',
        });
        if (node.heredoc && node.heredoc.bodyStart >= 0)
          found.push({ start: node.heredoc.bodyStart, end: node.heredoc.end, kind: 'heredoc' });
        return true;
      case 'function':
        found.push({ start: node.nameStart, end: node.nameEnd, kind: 'name' });
        return true;
      default:
        return true;
    }
  });
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Classifies text between leaves: blanks, operators and reserved words; anything else is `stray`. */
function gapTokens(text: string, start: number, end: number, out: SyntaxToken[]): void {
  const gap = /([ \t\r\n]|\\\r?\n)+|[;&|()<>{}!]+|[A-Za-z_][A-Za-z0-9_]*|[^]/gy;
  gap.lastIndex = start;
  let previousKeyword =
    out.length > 0 && out[out.length - 1].kind === 'keyword'
      ? text.slice(out[out.length - 1].start, out[out.length - 1].end)
      : '';
  while (gap.lastIndex < end) {
    const at = gap.lastIndex;
    const match = gap.exec(text);
    if (!match) break;
    const tokenEnd = Math.min(at + match[0].length, end);
    const piece = text.slice(at, tokenEnd);
    let kind: TokenKind;
    if (match[1] !== undefined) kind = 'blank';
    else if (/^[;&|()<>{}!]+$/.test(piece)) kind = 'operator';
    else if (RESERVED.has(piece) || piece === 'in') kind = 'keyword';
    else if (previousKeyword === 'for' && /^[A-Za-z_]\w*$/.test(piece)) kind = 'name';
    else kind = 'stray';
    if (kind !== 'blank') previousKeyword = kind === 'keyword' ? piece : '';
    out.push({ start: at, end: tokenEnd, kind });
    gap.lastIndex = tokenEnd;
  }
}

/**
 * The tokens of the file in order, covering every byte exactly once. A `stray` token is text
 * the tree does not account for; the parser's tests require there to be none.
 */
export function syntaxTokens(text: string, result: ParseResult): SyntaxToken[] {
  const tokens: SyntaxToken[] = [];
  let pos = 0;
  for (const leaf of leaves(result)) {
    if (leaf.start < pos) continue; // nested inside a leaf already emitted
    if (leaf.start > pos) gapTokens(text, pos, leaf.start, tokens);
    tokens.push(leaf);
    pos = leaf.end;
  }
  if (pos < text.length) gapTokens(text, pos, text.length, tokens);
  return tokens;
}

/** Prints the token stream back; equals the input for every input. */
export function printTree(text: string, result: ParseResult): string {
  let out = '';
  for (const token of syntaxTokens(text, result)) out += text.slice(token.start, token.end);
  return out;
}
