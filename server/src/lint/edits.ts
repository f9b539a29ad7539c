import type { Span } from '../apkbuild';
import type { LintEdit } from './types';

/** Offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the newline ending the line holding `offset` (or the end of the text). */
export function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

function isBlank(text: string): boolean {
  return /^[ \t\r]*$/.test(text);
}

function endsWithContinuation(text: string, lineStart: number): boolean {
  // A line ending in `\` joins the next one: removing that next line would join another.
  return lineStart >= 2 && text[lineStart - 2] === '\\';
}

/**
 * The lines `span` sits on, newline included, when nothing but blanks shares them and the line
 * before does not continue into them; null otherwise, so the caller offers no fix.
 */
export function ownLines(text: string, span: Span): Span | null {
  const start = lineStartAt(text, span.start);
  const end = lineEndAt(text, span.end);
  if (!isBlank(text.slice(start, span.start)) || !isBlank(text.slice(span.end, end))) return null;
  if (endsWithContinuation(text, start)) return null;
  return { start, end: end < text.length ? end + 1 : end };
}

/** Deletes the lines of `span` when they hold nothing else; null when they do. */
export function removeLines(text: string, span: Span): LintEdit | null {
  const lines = ownLines(text, span);
  return lines ? { range: lines, newText: '' } : null;
}

/** Like removeLines, and also the blank lines right after (up to `limit`), so no gap is left. */
export function removeLinesAndBlanks(text: string, span: Span, limit: number): LintEdit | null {
  const lines = ownLines(text, span);
  if (!lines) return null;
  let end = lines.end;
  while (end < limit) {
    const next = lineEndAt(text, end);
    if (next >= limit || !isBlank(text.slice(end, next))) break;
    end = next + 1;
  }
  return { range: { start: lines.start, end }, newText: '' };
}

const BLANK = new Set([' ', '\t', '\r', '\n']);

/** Start of the run of separators (blanks, newlines, `\`-newline) that ends at `offset`. */
function separatorsBefore(text: string, offset: number, min: number): number {
  let i = offset;
  while (i > min) {
    if (text[i - 1] === '\n' && i - 2 >= min && text[i - 2] === '\\') i -= 2;
    else if (BLANK.has(text[i - 1])) i--;
    else break;
  }
  return i;
}

/** End of the run of separators that starts at `offset`. */
function separatorsAfter(text: string, offset: number, max: number): number {
  let i = offset;
  while (i < max) {
    if (text[i] === '\\' && i + 1 < max && text[i + 1] === '\n') i += 2;
    else if (BLANK.has(text[i])) i++;
    else break;
  }
  return i;
}

/**
 * Deletes one word of a list value (`item`, inside `value`) so the other words stay apart: the
 * whole line when the word is alone on it, else the word and one separator run beside it.
 */
export function removeListItem(text: string, item: Span, value: Span): LintEdit | null {
  const lines = ownLines(text, item);
  if (lines && lines.start > value.start && lines.end < value.end)
    return { range: lines, newText: '' };
  const before = separatorsBefore(text, item.start, value.start);
  const after = separatorsAfter(text, item.end, value.end);
  const beforeHasNewline = text.slice(before, item.start).includes('\n');
  // Prefer the blanks before the word on its own line, so the line keeps its indentation.
  if (before < item.start && !beforeHasNewline)
    return { range: { start: before, end: item.end }, newText: '' };
  if (after > item.end) return { range: { start: item.start, end: after }, newText: '' };
  if (before < item.start) return { range: { start: before, end: item.end }, newText: '' };
  return null;
}
