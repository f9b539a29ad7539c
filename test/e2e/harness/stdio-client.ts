import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { execa } from 'execa';
import { serverBundle } from '../../helpers/bundles';
import { repoRoot } from '../../helpers/paths';
import type { LighttpdWorkspace } from './lighttpd-workspace';

/** A diagnostic as the client scripts report it. */
export interface SeenDiagnostic {
  code: string;
  line: number;
}

/** What test/e2e/clients/neovim.lua and eglot.el write to $E2E_RESULT. */
export interface ClientResult {
  error?: string;
  before: SeenDiagnostic[];
  actions: { title: string; kind: string }[];
  after: SeenDiagnostic[];
}

/** The client scripts shipped beside the tests, as a user would load them. */
export const clientScripts = {
  neovim: join(repoRoot, 'test/e2e/clients/neovim.lua'),
  eglot: join(repoRoot, 'test/e2e/clients/eglot.el'),
};

/**
 * Runs an editor on the workspace's APKBUILD with one of the client scripts and returns what
 * the script saw; the editor talks to the built server bundle over stdio.
 */
export async function runStdioClient(
  program: string,
  args: string[],
  workspace: LighttpdWorkspace,
): Promise<ClientResult> {
  const resultFile = join(workspace.folder, '..', 'client-result.json');
  const run = await execa(program, args, {
    cwd: repoRoot,
    env: {
      E2E_FILE: workspace.apkbuild,
      E2E_RESULT: resultFile,
      E2E_SERVER: serverBundle,
      E2E_NODE: process.execPath,
    },
    timeout: 120_000,
    reject: false,
    all: true,
  });
  let text: string;
  try {
    text = readFileSync(resultFile, 'utf8');
  } catch {
    throw new Error(`${program} wrote no result (exit ${run.exitCode}):\n${run.all}`);
  }
  const result = JSON.parse(text) as ClientResult;
  if (result.error) throw new Error(`${program}: ${result.error}\n${run.all}`);
  return result;
}

/** The diagnostics the CLI reports, in the shape the client scripts use. */
export function expectedDiagnostics(workspace: LighttpdWorkspace): SeenDiagnostic[] {
  return workspace.findings.map((f) => ({ code: f.code, line: f.line }));
}

/**
 * What every stdio client must have seen: the CLI's findings as diagnostics, one fix-all action,
 * the CLI's fixed text saved to disk, and no hardening finding left once the server saw the edit.
 */
export function expectHardenedByClient(result: ClientResult, workspace: LighttpdWorkspace): void {
  expect(result.before).toEqual(expectedDiagnostics(workspace));
  expect(result.actions).toEqual([
    {
      title: `Apply all ${workspace.findings.filter((f) => f.verified).length} verified hardening fixes (disable)`,
      kind: 'source.fixAll.apkbuild',
    },
  ]);
  expect(readFileSync(workspace.apkbuild, 'utf8')).toBe(workspace.hardenedText);
  expect(result.after.filter((d) => d.code.startsWith('harden/'))).toEqual([]);
}
