import type { Position, TextEdit } from 'vscode-languageserver';

/** The offset of an LSP position (UTF-16 units, as the server counts them) in `text`. */
export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  return (
    lines.slice(0, position.line).reduce((n, line) => n + line.length + 1, 0) + position.character
  );
}

/** Applies LSP text edits the way an editor does: all against the original text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start))
    .reduce(
      (out, e) =>
        out.slice(0, offsetAt(text, e.range.start)) +
        e.newText +
        out.slice(offsetAt(text, e.range.end)),
      text,
    );
}
