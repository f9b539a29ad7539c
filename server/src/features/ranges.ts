import type { Range } from 'vscode-languageserver';
import type { LineIndex, Span } from '../apkbuild';

/** An offset span of the text as an LSP range. */
export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

/** The cursor touches the span: inside it, or just before or after it (LSP cursors sit between characters). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Names a shell variable can have (positional and special parameters excluded). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value on one line, shortened for a detail string. */
export function oneLine(value: string, max = 60): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
