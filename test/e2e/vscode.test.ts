// VS Code itself (code-server 4.100.3 = VS Code 1.100.3) in Debian's chromium, with the packaged
// .vsix installed, on a temporary copy of examples/lighttpd. Each step saves a screenshot under
// test-artifacts/e2e/vscode/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeLighttpdBuilds } from '../helpers/lighttpd-builds';
import { lighttpdExample, repoRoot, sharedRoot } from '../helpers/paths';
import { CodeServer } from './harness/code-server';
import { makeLighttpdWorkspace, type LighttpdWorkspace } from './harness/lighttpd-workspace';
import { missingTools, tools } from './harness/tools';
import { packageExtension } from './harness/vsix';
import { Workbench } from './harness/workbench';

const missing = missingTools('chromium', 'codeServer');
const artifacts = join(repoRoot, 'test-artifacts/e2e/vscode');

/** A Problems panel row: message, source, code, `[Ln L, Col C]`. */
function parseProblemRow(row: string): { code: string; line: number; message: string } {
  const [message, , code, where] = row.split('\n');
  return { message, code, line: Number(/Ln (\d+)/.exec(where ?? '')?.[1]) };
}

describe.skipIf(missing !== undefined)(`VS Code (code-server) ${missing ?? ''}`, () => {
  let temp: string;
  let workspace: LighttpdWorkspace;
  let original: string;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const ui = (): Workbench => workbench!;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'apkbuild-vscode-'));
    rmSync(artifacts, { recursive: true, force: true });
    workspace = makeLighttpdWorkspace(temp);
    original = readFileSync(workspace.apkbuild, 'utf8');
    // A task that prints an abuild error line, matched by the extension's $abuild matcher.
    mkdirSync(join(workspace.folder, '.vscode'), { recursive: true });
    writeFileSync(
      join(workspace.folder, '.vscode/tasks.json'),
      JSON.stringify({
        version: '2.0.0',
        tasks: [
          {
            label: 'abuild error line',
            type: 'shell',
            command: "echo '>>> ERROR: lighttpd: checksum failed'",
            problemMatcher: '$abuild',
          },
        ],
      }),
    );
    const vsix = await packageExtension(repoRoot, temp);
    // A rebuild's output where Compare looks for it (XDG_CACHE_HOME, which code-server and the
    // extension inherit): the seed's original and hardened lighttpd builds.
    process.env.XDG_CACHE_HOME = join(temp, 'cache');
    await writeLighttpdBuilds(join(temp, 'cache/apkbuild-hardening/rebuild/lighttpd'));
    server = await CodeServer.start(tools.codeServer, vsix, join(temp, 'code-server'));
    workbench = await Workbench.open(tools.chromium, server.folderUrl(workspace.folder), artifacts);
  }, 300_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await workbench?.screenshot('failed');
  });

  afterAll(async () => {
    await workbench?.close();
    await server?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('lists the hardening findings in the Problems panel', async () => {
    await ui().openFile('APKBUILD', 'APKBUILD');
    const expected = workspace.findings;
    expect(await ui().waitForWarnings(expected.length)).toEqual({
      errors: 0,
      warnings: expected.length,
    });
    const [fileRow, ...rows] = await ui().problemRows();
    await ui().screenshot('problems');
    expect(fileRow.split('\n')).toEqual(['APKBUILD', String(expected.length)]);
    expect(rows.map(parseProblemRow)).toEqual(
      expected.map((f) => ({ code: f.code, line: f.line, message: f.summary })),
    );
    // Each problem's evidence is listed under it: the makedepend that goes with the switch.
    expect(ui().relatedRows().join('\n')).toContain('openldap-dev goes with it');
    await ui().closeProblems();
  });

  it('keeps the findings while a task with the $abuild matcher runs', async () => {
    // A task clears the markers of its matcher's owner when it starts; the findings belong to
    // the language client ('apkbuild'), the task's abuild errors to the matcher ('abuild').
    // The task is in the workspace's tasks.json (written before the editor opened it).
    await ui().runCommand('Tasks: Run Task');
    await ui().pick('abuild error line');
    // The task's error joins the findings; none of them is wiped.
    await ui().waitForProblems(1, workspace.findings.length);
    await ui().screenshot('task-keeps-findings');
    await ui().runCommand('View: Focus First Editor Group');
  });

  it('shows no light bulb on a line without a finding', async () => {
    const ldap = workspace.findings.find((f) => f.subject === '-Dwith_ldap=enabled')!;
    await ui().clickOn(await ui().token(ldap.line, ldap.subject, 'ldap'));
    await ui().page.locator('.lightBulbWidget').waitFor();
    // The maintainer comment on line 1.
    await ui().clickOn(await ui().token(1, 'Maintainer', 'Maintainer'));
    await ui().waitForNoLightBulb();
    await ui().screenshot('no-light-bulb');
  });

  it('shows the reason when hovering -Dwith_ldap=enabled', async () => {
    const ldap = workspace.findings.find((f) => f.subject === '-Dwith_ldap=enabled')!;
    const reason = 'Removable: the profile says authentication is provided by api-gateway';
    const hover = await ui().hoverOn(await ui().token(ldap.line, ldap.subject, 'ldap'), reason);
    await ui().screenshot('hover');
    expect(hover).toContain(ldap.summary);
    expect(hover).toContain(reason);
  });

  it('disables -Dwith_ldap=enabled with the light-bulb Quick Fix', async () => {
    const ldap = workspace.findings.find((f) => f.subject === '-Dwith_ldap=enabled')!;
    await ui().clickOn(await ui().token(ldap.line, ldap.subject, 'ldap'));
    const actions = await ui().openLightBulb();
    await ui().screenshot('light-bulb');
    const disable = 'Disable: -Dwith_ldap=enabled -> -Dwith_ldap=disabled and drop openldap-dev';
    expect(actions).toContain(disable);
    await ui().chooseAction(disable);
    // The option and the makedepend only it needed are fixed: two findings fewer.
    await ui().waitForWarnings(workspace.findings.length - 2);
    await ui().save();
    await ui().screenshot('quick-fix');
    expect(readFileSync(workspace.apkbuild, 'utf8')).toBe(
      original
        .replace('-Dwith_ldap=enabled', '-Dwith_ldap=disabled')
        .replace('\topenldap-dev\n', ''),
    );
  });

  it('"APKBUILD: Apply all hardening fixes" leaves the hardened text', async () => {
    await ui().runCommand('APKBUILD: Apply all hardening fixes');
    await ui().waitForWarnings(0);
    await ui().save();
    await ui().screenshot('apply-all');
    expect(readFileSync(workspace.apkbuild, 'utf8')).toBe(workspace.hardenedText);
  });

  it('"APKBUILD: Apply all hardening fixes, removing the options" leaves what fix --variant remove gives', async () => {
    // The original text back on disk, and in the editor (Revert reads the file again).
    writeFileSync(workspace.apkbuild, original);
    await ui().runCommand('File: Revert File');
    await ui().waitForWarnings(workspace.findings.length);
    await ui().runCommand('APKBUILD: Apply all hardening fixes, removing the options');
    await ui().waitForWarnings(0);
    await ui().save();
    await ui().screenshot('apply-all-remove');
    expect(readFileSync(workspace.apkbuild, 'utf8')).toBe(workspace.removedText);
  });

  it('lists the apkbuild rebuild and compare tasks in Tasks: Run Task', async () => {
    await ui().runCommand('Tasks: Run Task');
    // The first list holds the task types; the provided tasks are under "apkbuild".
    expect(await ui().quickPickLabels()).toContain('apkbuild');
    await ui().pick('apkbuild');
    const labels = await ui().quickPickLabels('lighttpd');
    await ui().screenshot('run-task');
    // Run Task shows each task as "SOURCE: NAME".
    expect(labels).toEqual(
      expect.arrayContaining([
        'apkbuild: rebuild lighttpd (original and hardened)',
        'apkbuild: compare lighttpd',
      ]),
    );
    // The copy is outside git, so the rebuild's original is the text the editor first opened:
    // kept by the extension and passed to the CLI as --original (the task's detail line).
    const detail = (await ui().quickPickRows('rebuild lighttpd')).join('\n');
    const kept = /--original (\S+\/opened\/[0-9a-f]{16}\/APKBUILD)/.exec(detail)?.[1];
    expect(kept, detail).toBeDefined();
    expect(readFileSync(kept!, 'utf8')).toBe(readFileSync(lighttpdExample, 'utf8'));
    await ui().page.keyboard.press('Escape');
  });

  it('"APKBUILD: Export SPDX" saves the predicted SBOM of the hardened text', async () => {
    // The index is a workspace setting, as a packager would set it.
    mkdirSync(join(workspace.folder, '.vscode'), { recursive: true });
    writeFileSync(
      join(workspace.folder, '.vscode/settings.json'),
      JSON.stringify({
        'apkbuild.apkindex': join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz'),
      }),
    );
    const target = join(workspace.folder, 'lighttpd.spdx.json');
    // The settings reach the server asynchronously: retry the command until a file is written.
    for (let attempt = 0; attempt < 5 && !existsSync(target); attempt++) {
      await ui().runCommand('APKBUILD: Export SPDX');
      // code-server's save dialog is a quick input holding the proposed path: accept it.
      const dialog = ui().page.locator('.quick-input-widget', { hasText: 'Export the SPDX SBOM' });
      const shown = await dialog
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) {
        await dialog.getByRole('button', { name: 'OK' }).click();
      }
      for (let wait = 0; wait < 20 && !existsSync(target); wait++)
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await ui().screenshot('export-spdx');
    const spdx = JSON.parse(readFileSync(target, 'utf8')) as {
      spdxVersion: string;
      comment?: string;
      packages: { name: string; versionInfo?: string }[];
    };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    // What the hardened buffer builds, said to be a prediction; none of what the fixes dropped.
    expect(spdx.comment).toMatch(/predicted from lighttpd 1\.4\.73-r0/);
    const names = spdx.packages.map((p) => p.name);
    expect(names).toContain('pcre2');
    for (const gone of ['libldap', 'libsasl', 'brotli-libs', 'lua5.4-libs', 'zstd-libs'])
      expect(names).not.toContain(gone);
    expect(spdx.packages.find((p) => p.name === 'lighttpd')?.versionInfo).toBe('1.4.71-r0');
  });

  it('"APKBUILD: Compare" shows both closures, each labelled: apk add lighttpd 9 -> 2', async () => {
    // The index is the workspace setting the export step wrote.
    await ui().runCommand('APKBUILD: Compare');
    const view = await ui().webviewText('Install closure: apk add lighttpd');
    await ui().screenshot('compare-view');
    expect(view).toContain('original (9)');
    expect(view).toContain('hardened (2)');
    expect(view).toContain('apk add lighttpd: packages');
    expect(view).toContain('every package built: packages');
  });
});
