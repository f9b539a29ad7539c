import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareViewModel, isCompareReport } from '../../client/src/compare-view-model';
import { compareArgs, type TaskSettings } from '../../client/src/task-definition';
import { writeLighttpdBuilds } from '../helpers/lighttpd-builds';
import { sharedRoot } from '../helpers/paths';
import { runCli, type CliResult } from '../helpers/run-cli';

/**
 * The Compare command's path without VS Code: the arguments the extension builds, the real
 * CLI over two real rebuild folders of lighttpd, and the view model of its JSON report.
 */
describe('the compare view over a real apkharden compare report', () => {
  let temp: string;
  const settings: TaskSettings = {
    containerEngine: 'auto',
    image: 'alpine:3.24',
    profile: 'kubernetes',
    apkindex: [join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz')],
    sbom: [],
    aportsPath: '',
    repositories: [],
    repositoryKeys: '',
    signKey: '',
  };
  const run = (args: string[]): CliResult => runCli(args);

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'compare-view-'));
    const { original, hardened } = await writeLighttpdBuilds(temp);
    expect([original, hardened]).toEqual([join(temp, 'original'), join(temp, 'hardened')]);
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('charts the seed case: apk add lighttpd from 9 packages to 2, every package built from 10 to 3', () => {
    const result = run(compareArgs(temp, 'json', settings));
    expect(result.status, result.stderr).toBe(0);
    const report: unknown = JSON.parse(result.stdout);
    expect(isCompareReport(report)).toBe(true);
    if (!isCompareReport(report)) return;
    const model = compareViewModel(report);
    expect(model.title).toBe('Compare lighttpd');
    // apk add lighttpd: the seed's 9 -> 2; every package built (lighttpd-doc too): 10 -> 3.
    const main = model.bars.find((b) => b.label === 'apk add lighttpd: packages');
    expect(main).toMatchObject({ before: 9, after: 2 });
    const closure = model.bars.find((b) => b.label === 'every package built: packages');
    expect(closure).toMatchObject({ before: 10, after: 3 });
    expect(model.closure?.label).toBe('apk add lighttpd');
    // What left: libldap, libsasl, lua5.4-libs ... (the full list is test/cli/compare.test.ts's).
    expect(model.closure?.removed).toEqual(report.closure?.delta.removed);
    expect(model.closure?.removed).toHaveLength(7);
    expect(model.closure?.removed).toEqual(expect.arrayContaining(['libldap', 'lua5.4-libs']));
    expect(model.removedDepends).toContain('so:libldap.so.2');
    expect(model.invoice.before.total).toBeGreaterThan(model.invoice.after.total);
    expect(model.invoice.dropped).toEqual(model.closure?.removed);
  });

  it('exports the same comparison as Markdown through the CLI', () => {
    const result = run(compareArgs(temp, 'markdown', settings));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('apk add lighttpd installs 2 packages instead of 9');
    expect(result.stdout).toContain('`libldap`');
  });
});
