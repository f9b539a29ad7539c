import { isAlias, isCollection, isPair, Lexer, visit, type Document, type Node } from 'yaml';

/** A problem found before or around parsing, at an offset of the text. */
export interface BoundsProblem {
  offset: number;
  message: string;
}

// Tokens of the yaml lexer that stand for no source text.
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Refuses flow collections nested deeper than `maxDepth` (`[[[[...`), before the parser sees
 * them: the parser recurses per level and takes seconds on a megabyte of brackets. The lexer
 * tells brackets from the same characters inside strings.
 */
export function checkFlowDepth(text: string, maxDepth: number): BoundsProblem | null {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > maxDepth)
        return {
          offset,
          message: `nested more than ${maxDepth} levels deep: refused (a profile needs a few)`,
        };
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    if (!CONTROL_TOKENS.has(token)) offset += token.length;
  }
  return null;
}

/**
 * The anchored node each alias stands for, found in one pass in document order (an alias names
 * the last anchor of that name before it), and how many values the document holds once every
 * alias is expanded: what a reader of the plain data would walk.
 */
export class AliasTargets {
  private readonly targets = new Map<Node, Node>();
  private readonly aliases: Node[] = [];
  private readonly sizes = new Map<Node, number>();
  private readonly open = new Set<Node>();
  /** An alias found inside the node it names, if any. */
  cycle: Node | null = null;

  constructor(doc: Document) {
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const anchored = anchors.get(node.source);
          if (anchored) this.targets.set(node, anchored);
          this.aliases.push(node);
        } else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  resolve(node: Node): Node | null {
    return isAlias(node) ? (this.targets.get(node) ?? null) : node;
  }

  /** Values under `node` with aliases expanded; counting stops past `limit`. */
  expandedSize(node: Node | null, limit: number): number {
    if (node === null) return 1;
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    if (this.open.has(node)) {
      this.cycle ??= node;
      return limit + 1;
    }
    this.open.add(node);
    let size = 1;
    if (isAlias(node)) {
      const anchored = this.targets.get(node);
      size = anchored ? this.expandedSize(anchored, limit) : 1;
    } else if (isCollection(node)) {
      for (const item of node.items) {
        if (size > limit) break;
        if (isPair(item)) {
          size += this.expandedSize(item.key as Node | null, limit);
          size += this.expandedSize(item.value as Node | null, limit);
        } else size += this.expandedSize(item as Node | null, limit);
      }
    }
    this.open.delete(node);
    size = Math.min(size, limit + 1);
    this.sizes.set(node, size);
    return size;
  }

  /** The alias that expands to the most values, where a refusal is best reported. */
  largestAlias(limit: number): Node | null {
    let best: Node | null = null;
    let bestSize = -1;
    for (const alias of this.aliases) {
      const size = this.expandedSize(alias, limit);
      if (size > bestSize) [best, bestSize] = [alias, size];
    }
    return best;
  }
}
