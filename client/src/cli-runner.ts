import { execFile } from 'node:child_process';
import type { Ctx } from './ctx';

export interface CliResult {
  /** The CLI's exit code; -1 when it could not be started. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bundled `apkharden` CLI with VS Code's Node runtime: one argument array, no shell.
 * node:child_process rather than execa here: execa would add about 110 KB to the extension
 * bundle (goal: 500 KB) for one call that needs none of its extras. The command line and what
 * the CLI said on stderr go to the output channel, which "Open log" shows.
 */
export function runCli(ctx: Ctx, args: readonly string[], cwd?: string): Promise<CliResult> {
  ctx.output.info(`apkharden ${args.join(' ')}`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ctx.cliPath, ...args],
      {
        cwd,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
        shell: false,
      },
      (error, stdout, stderr) => {
        if (stderr.trim() !== '') ctx.output.info(stderr.trimEnd());
        const code = error?.code;
        if (error && typeof code !== 'number')
          resolve({ exitCode: -1, stdout: '', stderr: `${stderr}${error.message}` });
        else resolve({ exitCode: typeof code === 'number' ? code : 0, stdout, stderr });
      },
    );
  });
}

/** The last non-empty line of the CLI's stderr: its error message, for a notification. */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 ? lines[lines.length - 1] : '';
}
