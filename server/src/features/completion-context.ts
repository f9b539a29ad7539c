import type { ApkbuildModel, Assignment, Span } from '../apkbuild';
import { walk } from '../apkbuild/visit';
import type { ReferenceIndex } from './references-index';

interface Common {
  /** The function whose body holds the cursor; null at top level. */
  functionName: string | null;
  /** What was typed of the thing completion would replace, and its span (it ends at the cursor). */
  prefix: string;
  replace: Span;
}

/**
 * What the cursor is in, as far as completion cares:
 * - `parameter`: after `$` or `${`, typing a variable name (the prefix);
 * - `value`: inside the value of an assignment (top level or in a function); the prefix is the
 *   list item typed so far;
 * - `statement`: where a command or an assignment starts, typing a name;
 * - `inert`: a comment, single quotes or a quoted heredoc, where nothing expands;
 * - `other`: anywhere else; the prefix is the shell word typed so far (say `-Dfoo=`).
 */
export type CursorContext =
  | (Common & { kind: 'parameter'; braced: boolean })
  | (Common & { kind: 'value'; variable: string; assignment: Assignment })
  | (Common & { kind: 'statement' | 'inert' | 'other' });

const PARAMETER = /(\\*)\$(\{[#!]?)?([A-Za-z_][A-Za-z0-9_]*)?$/;
const STATEMENT = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)?$/;
const WORD_BREAK = /[\s"'`]/;

export function cursorContext(
  model: ApkbuildModel,
  offset: number,
  index: ReferenceIndex,
): CursorContext {
  const text = model.text;
  const lineStart = model.lines.lineStart(model.lines.positionAt(offset).line);
  const before = text.slice(lineStart, offset);
  let wordStart = offset;
  while (wordStart > lineStart && !WORD_BREAK.test(text[wordStart - 1])) wordStart--;
  const common: Common = {
    functionName: functionAt(model, offset),
    prefix: text.slice(wordStart, offset),
    replace: { start: wordStart, end: offset },
  };
  const scan = scanTree(model, offset, lineStart);
  if (scan.inert || model.comments.some((c) => c.start < offset && offset <= c.end))
    return { kind: 'inert', ...common };

  const parameter = PARAMETER.exec(before);
  if (parameter && parameter[1].length % 2 === 0) {
    const name = parameter[3] ?? '';
    const replace = { start: offset - name.length, end: offset };
    return {
      ...common,
      kind: 'parameter',
      braced: parameter[2] !== undefined,
      prefix: name,
      replace,
    };
  }
  if (scan.heredoc) return { kind: 'other', ...common };

  const value = index
    .declarations()
    .find((d) => d.node !== null && valueContains(text, d.node, offset));
  if (value?.node) {
    const start = Math.max(wordStart, value.node.value?.start ?? value.node.end);
    const replace = { start, end: offset };
    const prefix = text.slice(start, offset);
    return {
      ...common,
      kind: 'value',
      variable: value.name,
      assignment: value.node,
      prefix,
      replace,
    };
  }
  const continued = lineStart >= 2 && text[lineStart - 2] === '\\';
  if (!scan.multilineWord && !continued && STATEMENT.test(before))
    return { kind: 'statement', ...common };
  return { kind: 'other', ...common };
}

/** The innermost function whose body holds the offset. */
function functionAt(model: ApkbuildModel, offset: number): string | null {
  let found: { name: string; start: number } | null = null;
  for (const f of model.functions) {
    const body = f.node?.body;
    if (!body || offset <= body.start || offset >= body.end) continue;
    if (!found || body.start > found.start) found = { name: f.name, start: body.start };
  }
  return found?.name ?? null;
}

interface TreeScan {
  /** Inside single quotes or the body of a heredoc with a quoted delimiter. */
  inert: boolean;
  /** Inside the body of a heredoc that expands `$name`. */
  heredoc: boolean;
  /** Inside a word that began on an earlier line (a multi-line string). */
  multilineWord: boolean;
}

function scanTree(model: ApkbuildModel, offset: number, lineStart: number): TreeScan {
  const scan: TreeScan = { inert: false, heredoc: false, multilineWord: false };
  walk(model.script, (node) => {
    if (node.kind === 'redirect' && node.heredoc) {
      const { bodyStart, bodyEnd, quoted } = node.heredoc;
      if (bodyStart <= offset && offset <= bodyEnd) {
        if (quoted) scan.inert = true;
        else scan.heredoc = true;
      }
    }
    if (node.kind === 'word' || node.kind === 'single-quoted' || node.kind === 'double-quoted') {
      if (offset <= node.start || offset > node.end) return false;
      if (node.kind === 'single-quoted' && offset < node.end) scan.inert = true;
      if (node.kind === 'word' && node.start < lineStart) scan.multilineWord = true;
    }
    return true;
  });
  return scan;
}

/** The cursor is in the value of `name=value`: between its quotes, or right after `name=`. */
function valueContains(text: string, node: Assignment, offset: number): boolean {
  const value = node.value;
  if (!value) return node.array === null && offset === node.end;
  if (offset < value.start || offset > value.end) return false;
  if (offset === value.start && isQuote(text[value.start])) return false;
  const last = value.parts[value.parts.length - 1];
  const closed =
    (last?.kind === 'double-quoted' || last?.kind === 'single-quoted') &&
    last.end === value.end &&
    value.end - last.start >= 2 &&
    isQuote(text[value.end - 1]);
  return !(closed && offset === value.end);
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'";
}
