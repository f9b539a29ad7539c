/** A line of an edit script: kept (' '), removed from the old text ('-') or added ('+'). */
interface DiffOp {
  kind: ' ' | '-' | '+';
  /** The line with its newline, if it has one. */
  line: string;
}

/** Lines with their `\n`; the last one has none when the text does not end with a newline. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A shortest edit script from `a` to `b` (Myers, "An O(ND) Difference Algorithm"): walk the
 * furthest-reaching path of each diagonal for d = 0, 1, ... edits, keep each round's frontier
 * (only the diagonals -d-1..d+1 it can touch), then walk back from the end.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break search;
    }
  }
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d];
    const at = (k: number): number => frontier[k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      y--;
      ops.push({ kind: ' ', line: a[--x] });
    }
    if (d === 0) break;
    if (x === previousX) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  return ops.reverse();
}

function printLine(op: DiffOp): string {
  if (op.line.endsWith('\n')) return op.kind + op.line;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/**
 * A unified diff (`--- a/LABEL`, `+++ b/LABEL`, hunks with `context` lines around each change)
 * that `patch -p1` applies; empty when the texts are equal.
 */
export function unifiedDiff(label: string, before: string, after: string, context = 3): string {
  const ops = diffLines(splitLines(before), splitLines(after));
  // Old and new line numbers (0-based) at which each op starts.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let w = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(w);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') w++;
  }
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  if (changed.length === 0) return '';
  let out = `--- a/${label}\n+++ b/${label}\n`;
  for (let c = 0; c < changed.length;) {
    let last = c;
    // Changes with at most 2 * context kept lines between them share a hunk.
    while (last + 1 < changed.length && changed[last + 1] - changed[last] - 1 <= 2 * context)
      last++;
    const from = Math.max(0, changed[c] - context);
    const to = Math.min(ops.length, changed[last] + context + 1);
    const hunk = ops.slice(from, to);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? oldAt[from] : oldAt[from] + 1;
    const newStart = newCount === 0 ? newAt[from] : newAt[from] + 1;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    out += hunk.map(printLine).join('');
    c = last + 1;
  }
  return out;
}
