import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from '../../helpers/bundles';
import { lighttpdExample, repoRoot } from '../../helpers/paths';

/** One finding as `apkharden check --format json` reports it. */
export interface CliFinding {
  code: string;
  line: number;
  column: number;
  subject: string;
  message: string;
  /** The one clause the editor shows as the diagnostic's message. */
  summary: string;
  /** Its fix is known to build; advice findings have none. */
  verified: boolean;
}

/** A temporary copy of examples/lighttpd; the repository's file is never opened by an editor. */
export interface LighttpdWorkspace {
  /** The temporary folder holding it all; remove it when done. */
  root: string;
  folder: string;
  apkbuild: string;
  /** The findings the CLI reports for the copy, with the same profile the editor uses. */
  findings: CliFinding[];
  /** The text `apkharden fix --variant disable` gives: what fix-all must leave in the file. */
  hardenedText: string;
  /** The text `apkharden fix --variant remove` gives: what fix-all removing the options leaves. */
  removedText: string;
}

const cli = (args: string[]): string =>
  execFileSync(process.execPath, [cliBundle, ...args], { cwd: repoRoot, encoding: 'utf8' });

/**
 * Copies the example and its seed profile (as `.apkharden.yaml`, which the server finds from
 * the APKBUILD's folder upward) into a new folder under `parent` (the system temp by default).
 */
export function makeLighttpdWorkspace(parent = tmpdir()): LighttpdWorkspace {
  const root = mkdtempSync(join(parent, 'apkbuild-e2e-'));
  const folder = join(root, 'lighttpd');
  mkdirSync(folder);
  const apkbuild = join(folder, 'APKBUILD');
  copyFileSync(lighttpdExample, apkbuild);
  copyFileSync(
    join(repoRoot, 'examples/lighttpd/seed-profile.yaml'),
    join(folder, '.apkharden.yaml'),
  );
  // `check` exits 1 when it finds something: read its report from the error then.
  let report: string;
  try {
    report = cli(['check', '--format', 'json', apkbuild]);
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    if (typeof stdout !== 'string') throw error;
    report = stdout;
  }
  const [file] = JSON.parse(report) as { findings: CliFinding[] }[];
  return {
    root,
    folder,
    apkbuild,
    findings: file.findings,
    hardenedText: cli(['fix', '--variant', 'disable', apkbuild]),
    removedText: cli(['fix', '--variant', 'remove', apkbuild]),
  };
}
