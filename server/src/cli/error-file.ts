import { writeFileSync } from 'node:fs';

/**
 * The editor runs rebuild and compare as VS Code tasks, whose terminal output it cannot read:
 * with APKHARDEN_ERROR_FILE set, the CLI's last error line is written there when it exits with
 * an error, for the editor's notification (client/src/task-errors.ts).
 */
export const ERROR_FILE_VARIABLE = 'APKHARDEN_ERROR_FILE';

let lastError = '';

/** Notes an error line the CLI printed; the last one before a failing exit is kept. */
export function noteError(text: string): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 0) lastError = lines[lines.length - 1];
}

/** Writes the last error line on a failing exit, when the variable names a file. */
export function writeErrorFileOnExit(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[ERROR_FILE_VARIABLE];
  if (file === undefined || file === '') return;
  process.on('exit', (code) => {
    if (code === 0 || lastError === '') return;
    try {
      writeFileSync(file, `${lastError}\n`);
    } catch {
      // The notification then shows the exit code alone; the terminal still has the error.
    }
  });
}
