import { spawnSync } from 'node:child_process';
import { cliBundle } from './bundles';
import { lighttpdExample, repoRoot } from './paths';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `apkharden` with `args`, from the repository root unless `cwd` says else. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliBundle, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: options.env ?? process.env,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The example hardened with the seed profile, `fix --variant remove` (the build the README's
 * demo prints); fails with the CLI's stderr if it does not exit 0.
 */
export function hardenedExample(env?: NodeJS.ProcessEnv): string {
  const fix = runCli(
    [
      'fix',
      '--variant',
      'remove',
      '--profile',
      'examples/lighttpd/seed-profile.yaml',
      lighttpdExample,
    ],
    { env },
  );
  if (fix.status !== 0) throw new Error(`apkharden fix failed: ${fix.stderr}`);
  return fix.stdout;
}
