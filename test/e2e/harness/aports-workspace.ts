import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliBundle } from '../../helpers/bundles';
import { corpusRoot, lighttpdExample, repoRoot, sharedRoot } from '../../helpers/paths';
import type { CliFinding } from './lighttpd-workspace';

/** The v3.19 main index the workspace's settings point at. */
export const V319_MAIN = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');

/** A small aports tree: main/<name>/APKBUILD, no profile file anywhere. */
export interface AportsWorkspace {
  folder: string;
  apkbuild: (name: string) => string;
  /** The findings `apkharden check` reports per aport, with the index and the tree. */
  findings: Record<string, CliFinding[]>;
  /** What is left of lighttpd's findings once every verified fix is applied. */
  lighttpdAfterFixes: CliFinding[];
}

/** `apkharden check --format json`: exit 1 when it finds something, so read stdout then. */
function check(files: string[], aports: string): { file: string; findings: CliFinding[] }[] {
  const args = [cliBundle, 'check', '--format', 'json', '--index', V319_MAIN, '--aports', aports];
  let report: string;
  try {
    report = execFileSync(process.execPath, [...args, ...files], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    if (typeof stdout !== 'string') throw error;
    report = stdout;
  }
  return JSON.parse(report) as { file: string; findings: CliFinding[] }[];
}

/**
 * main/lighttpd from examples/lighttpd and `others` copied from the corpus's aports, with
 * `.vscode/settings.json` setting the v3.19 index, in a new folder under `parent`.
 */
export function makeAportsWorkspace(parent: string, others: string[]): AportsWorkspace {
  const folder = join(mkdtempSync(join(parent, 'aports-')), 'aports');
  const apkbuild = (name: string): string => join(folder, 'main', name, 'APKBUILD');
  const names = ['lighttpd', ...others];
  for (const name of names) {
    mkdirSync(join(folder, 'main', name), { recursive: true });
    const source =
      name === 'lighttpd' ? lighttpdExample : join(corpusRoot, 'aports/main', name, 'APKBUILD');
    copyFileSync(source, apkbuild(name));
  }
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(
    join(folder, '.vscode/settings.json'),
    JSON.stringify({ 'apkbuild.apkindex': V319_MAIN }),
  );
  const reports = check(names.map(apkbuild), folder);
  const findings = Object.fromEntries(names.map((n, i) => [n, reports[i].findings]));
  // The fixed text in a copy of the tree (the editor keeps it unsaved; the tree is the same).
  const fixed = join(mkdtempSync(join(parent, 'fixed-')), 'aports');
  for (const name of names) {
    mkdirSync(join(fixed, 'main', name), { recursive: true });
    copyFileSync(apkbuild(name), join(fixed, 'main', name, 'APKBUILD'));
  }
  const fixedLighttpd = join(fixed, 'main/lighttpd/APKBUILD');
  writeFileSync(
    fixedLighttpd,
    execFileSync(
      process.execPath,
      [cliBundle, 'fix', '--index', V319_MAIN, '--aports', fixed, apkbuild('lighttpd')],
      { cwd: repoRoot, encoding: 'utf8' },
    ),
  );
  const [after] = check([fixedLighttpd], fixed);
  return { folder, apkbuild, findings, lighttpdAfterFixes: after.findings };
}
