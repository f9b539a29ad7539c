import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/install-e2e.sh puts code-server: outside the repository and its lockfile. */
export const codeServerPrefix = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'apkbuild-hardening',
  'code-server',
);

/** The programs the end-to-end tests drive, as scripts/install-e2e.sh installs them. */
export const tools = {
  chromium: '/usr/bin/chromium',
  codeServer: join(codeServerPrefix, 'node_modules', '.bin', 'code-server'),
  neovim: '/usr/bin/nvim',
  emacs: '/usr/bin/emacs',
} as const;

export type Tool = keyof typeof tools;

/**
 * Why the given tools cannot run here, or undefined when they all can. In CI a missing tool
 * is an error (the tests must not pass by skipping); elsewhere the caller may skip with it.
 */
export function missingTools(...names: Tool[]): string | undefined {
  const missing = names.filter((name) => !existsSync(tools[name]));
  if (missing.length === 0) return undefined;
  const list = missing.map((name) => `${name} (${tools[name]})`).join(', ');
  const reason = `missing ${list}: run scripts/install-e2e.sh`;
  if (process.env.CI) throw new Error(`end-to-end tests: ${reason}`);
  return reason;
}
