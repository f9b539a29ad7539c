import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatternPiece } from '../../server/src/apkbuild/pattern';

/** `case` (answering `y` or `n`) or a parameter expansion operator (replacing with `X`). */
export type PatternOperation = 'case' | '#' | '##' | '%' | '%%' | '/' | '//' | '/#' | '/%';

export interface PatternQuestion {
  subject: string;
  pieces: readonly PatternPiece[];
  operation: PatternOperation;
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The bash lines answering one question: each piece is put in a variable and used unquoted or
 * in double quotes, so bash sees exactly these pieces, e.g. for `##` and pieces `*` and `"-"`:
 * `p0='*'; p1='-'; v='a-b'; printf '%s\0' "${v##$p0"$p1"}"`.
 */
export function bashLines(question: PatternQuestion): string {
  const { subject, pieces, operation } = question;
  const define = pieces.map((p, i) => `p${i}=${quote(p.text)}; `).join('');
  const pattern = pieces.map((p, i) => (p.quoted ? `"$p${i}"` : `$p${i}`)).join('') || '""';
  const answer =
    operation === 'case'
      ? `case $v in ${pattern}) printf 'y\\0';; *) printf 'n\\0';; esac`
      : operation.startsWith('/')
        ? `printf '%s\\0' "\${v${operation}${pattern}/X}"`
        : `printf '%s\\0' "\${v${operation}${pattern}}"`;
  return `${define}v=${quote(subject)}; ${answer}`;
}

/** Asks one bash (C locale, empty environment, as the corpus oracle runs) every question. */
export function bashPatternAnswers(
  questions: readonly PatternQuestion[],
  locale?: string,
): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'apkbuild-pattern-'));
  try {
    const script = join(dir, 'questions.sh');
    writeFileSync(script, questions.map(bashLines).join('\n') + '\n');
    const env = locale ? [`LC_ALL=${locale}`] : [];
    const result = spawnSync('env', ['-i', ...env, 'bash', '--norc', '--noprofile', script], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    const answers = result.stdout.split('\0').slice(0, questions.length);
    if (answers.length !== questions.length) throw new Error(`bash failed: ${result.stderr}`);
    return answers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
