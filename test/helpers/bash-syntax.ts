import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeEdits, type TextEdit } from '../../server/src/hardening/text-edits';
import { encodeText } from '../../server/src/byte-text';
import { scratchDir } from './scratch';

let dir: string | null = null;
const verdicts = new Map<string, boolean>();

/** Whether `bash -n` accepts the bytes as a script (each distinct text is asked once). */
export function bashAccepts(bytes: Uint8Array): boolean {
  const key = createHash('sha256').update(bytes).digest('hex');
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    dir ??= scratchDir('bash-syntax-');
    const file = join(dir, key);
    writeFileSync(file, bytes);
    verdict = spawnSync('bash', ['-n', file]).status === 0;
    verdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Whether `output` holds the bytes of `original` unchanged outside the edits: each stretch the
 * edits leave alone is compared with the original's own bytes (not re-encoded), and each
 * edit's new text is what stands between them.
 */
export function keptOutsideEdits(
  original: Uint8Array,
  text: string,
  edits: readonly TextEdit[],
  output: Uint8Array,
): boolean {
  const byteAt = (offset: number): number => encodeText(text.slice(0, offset)).length;
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const edit of normalizeEdits(edits)) {
    parts.push(original.subarray(byteAt(at), byteAt(edit.range.start)));
    parts.push(encodeText(edit.newText));
    at = edit.range.end;
  }
  parts.push(original.subarray(byteAt(at)));
  return Buffer.concat(parts).equals(output);
}
