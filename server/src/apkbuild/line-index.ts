/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** Maps offsets to line/column and back; built once per text. */
export class LineIndex {
  private lineStarts: number[] | null = null;

  constructor(readonly text: string) {}

  /** Offsets where lines start; computed on first use, since many models never need them. */
  private get starts(): number[] {
    if (this.lineStarts === null) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1))
        starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)];
    const next =
      position.line + 1 < this.starts.length
        ? this.starts[position.line + 1] - 1
        : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of the line holding `offset`, before its newline. */
  lineEndAt(offset: number): number {
    const next = this.text.indexOf('\n', offset);
    return next < 0 ? this.text.length : next;
  }

  /** "line N" (one-based), for messages. */
  describe(offset: number): string {
    return `line ${this.positionAt(offset).line + 1}`;
  }
}
