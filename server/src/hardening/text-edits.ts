import type { FunctionInfo, ListItem, Span, VariableAssignment } from '../apkbuild';

export interface TextEdit {
  range: Span;
  newText: string;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Start of the whitespace (blanks, newlines, `\` continuations) that ends at `at`, not before `floor`. */
function whitespaceBefore(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor) {
    const c = text[i - 1];
    if (isBlank(c)) i--;
    else if (c === '\n') {
      i--;
      if (i > floor && text[i - 1] === '\\') i--; // a line continuation
    } else break;
  }
  return i;
}

/** End of the whitespace that starts at `at`, not beyond `ceiling`. */
function whitespaceAfter(text: string, at: number, ceiling: number): number {
  let i = at;
  for (;;) {
    if (i < ceiling && (isBlank(text[i]) || text[i] === '\n')) i++;
    else if (i + 1 < ceiling && text[i] === '\\' && text[i + 1] === '\n') i += 2;
    else return i;
  }
}

/**
 * Removes items from one assignment's list and keeps its layout: one item per line stays one
 * per line, inline lists stay inline. Removing every item leaves an empty quoted value.
 */
export function removeListItems(
  text: string,
  assignment: VariableAssignment,
  remove: ReadonlySet<ListItem>,
): TextEdit[] {
  const items = assignment.items ?? [];
  const value = assignment.valueRange;
  if (!value || remove.size === 0) return [];
  if (items.every((item) => remove.has(item))) return [{ range: value, newText: '""' }];
  const edits: TextEdit[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!remove.has(items[i])) continue;
    let j = i;
    while (j + 1 < items.length && remove.has(items[j + 1])) j++;
    if (i > 0) {
      // Take the whitespace before the run: the kept item before it keeps its own separator after.
      edits.push({
        range: {
          start: whitespaceBefore(text, items[i].range.start, items[i - 1].range.end),
          end: items[j].range.end,
        },
        newText: '',
      });
    } else {
      const ceiling = items[j + 1].range.start;
      edits.push({
        range: {
          start: items[i].range.start,
          end: whitespaceAfter(text, items[j].range.end, ceiling),
        },
        newText: '',
      });
    }
    i = j;
  }
  return edits;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/**
 * Removes arguments from a command and keeps its continuation lines valid: an argument alone on
 * its line goes with the line, and when the command's last line goes, the `\` that led to it
 * goes too, so the next command is not joined to this one.
 */
export function removeArguments(
  text: string,
  invocation: { range: Span },
  remove: ReadonlySet<{ range: Span }>,
): TextEdit[] {
  const edits: TextEdit[] = [];
  const removedLines = new Set<number>();
  const byLine = new Map<number, { range: Span }[]>();
  for (const arg of remove) {
    const start = lineStart(text, arg.range.start);
    byLine.set(start, [...(byLine.get(start) ?? []), arg]);
  }
  for (const [start, args] of byLine) {
    const end = lineEnd(text, start);
    let rest = text.slice(start, end);
    for (const arg of args)
      rest =
        rest.slice(0, arg.range.start - start) +
        ' '.repeat(arg.range.end - arg.range.start) +
        rest.slice(arg.range.end - start);
    const commandStartsHere = start <= invocation.range.start && invocation.range.start < end;
    if (!commandStartsHere && /^[ \t]*\\?[ \t]*$/.test(rest)) {
      edits.push({ range: { start, end: Math.min(end + 1, text.length) }, newText: '' });
      removedLines.add(start);
      continue;
    }
    for (const arg of args) {
      let from = arg.range.start;
      while (isBlank(text[from - 1]) && from > start) from--;
      if (from === start)
        edits.push({
          range: { start: arg.range.start, end: whitespaceAfter(text, arg.range.end, end) },
          newText: '',
        });
      else edits.push({ range: { start: from, end: arg.range.end }, newText: '' });
    }
  }
  const lastLine = lineStart(text, invocation.range.end);
  if (removedLines.has(lastLine)) {
    let line = lastLine;
    while (line > invocation.range.start && removedLines.has(line))
      line = lineStart(text, line - 1);
    const end = lineEnd(text, line);
    const continuation = /[ \t]*\\$/.exec(text.slice(line, end));
    if (continuation)
      edits.push({ range: { start: end - continuation[0].length, end }, newText: '' });
  }
  return edits;
}

/** Removes a function definition with its lines, and one blank line beside it. */
export function removeFunction(text: string, fn: FunctionInfo): TextEdit {
  let start = lineStart(text, fn.range.start);
  let end = Math.min(lineEnd(text, fn.range.end) + 1, text.length);
  if (start >= 2 && text[start - 1] === '\n' && text[start - 2] === '\n') start--;
  else if (text[end] === '\n') end++;
  return { range: { start, end }, newText: '' };
}

/**
 * Sorts edits and drops any that fall inside an earlier deletion (a function that goes as a
 * whole takes its arguments with it); other overlaps keep the first edit only.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort(
    (a, b) => a.range.start - b.range.start || b.range.end - a.range.end,
  );
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = out[out.length - 1];
    if (previous && edit.range.start < previous.range.end) continue;
    if (
      previous &&
      edit.range.start === previous.range.end &&
      edit.range.start === edit.range.end &&
      previous.range.start === previous.range.end
    )
      continue;
    out.push(edit);
  }
  return out;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of normalizeEdits(edits)) {
    out += text.slice(at, edit.range.start) + edit.newText;
    at = edit.range.end;
  }
  return out + text.slice(at);
}
