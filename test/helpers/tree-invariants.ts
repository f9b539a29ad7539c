import { syntaxTokens, type ParseResult } from '../../server/src/apkbuild';
import { forEachChild, type SyntaxNode } from '../../server/src/apkbuild/visit';

/**
 * What edits rely on, for any input: every node's range lies within the file and within its
 * parent, children come in order, diagnostics point into the file, and the token stream covers
 * the file exactly once. Returns the first violation, or null.
 */
export function treeViolation(text: string, result: ParseResult): string | null {
  const len = text.length;
  for (const d of result.diagnostics) {
    if (!(d.start >= 0 && d.start <= d.end && d.end <= len + 1))
      return `diagnostic '${d.message}' at ${d.start}-${d.end} outside 0-${len}`;
  }
  let violation: string | null = null;
  const check = (node: SyntaxNode, parent: { start: number; end: number }): void => {
    if (violation) return;
    if (!(node.start >= parent.start && node.start <= node.end && node.end <= parent.end)) {
      violation = `${node.kind} ${node.start}-${node.end} outside its parent ${parent.start}-${parent.end}`;
      return;
    }
    let previousEnd = node.start;
    forEachChild(node, (child) => {
      if (violation) return;
      if (child.start < previousEnd)
        violation = `${child.kind} at ${child.start} starts before its previous sibling ends (${previousEnd})`;
      previousEnd = child.end;
      check(child, node);
    });
  };
  check(result.script, { start: 0, end: len });
  if (violation) return violation;
  let offset = 0;
  for (const token of syntaxTokens(text, result)) {
    if (token.start !== offset) return `token ${token.kind} at ${token.start}, expected ${offset}`;
    offset = token.end;
  }
  return offset === len ? null : `tokens end at ${offset} of ${len}`;
}
