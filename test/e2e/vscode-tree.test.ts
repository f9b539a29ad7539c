// The first ten minutes in VS Code (code-server 4.100.3) on a small aports tree without a
// profile: the walkthrough, the Hardening view, the code lens over build() and Create hardening
// profile. Each step saves a screenshot under test-artifacts/e2e/vscode-tree/.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeSummary } from '../../server/src/features/code-lens';
import { lighttpdExample, repoRoot } from '../helpers/paths';
import { makeAportsWorkspace, type AportsWorkspace } from './harness/aports-workspace';
import { CodeServer } from './harness/code-server';
import type { CliFinding } from './harness/lighttpd-workspace';
import { missingTools, tools } from './harness/tools';
import { packageExtension } from './harness/vsix';
import { Workbench } from './harness/workbench';

const missing = missingTools('chromium', 'codeServer');
const artifacts = join(repoRoot, 'test-artifacts/e2e/vscode-tree');
const OTHERS = ['openldap', 'cyrus-sasl'];
/** The walkthrough's title, as "Welcome: Open Walkthrough..." lists it. */
const WALKTHROUGH_TITLE = 'Harden an APKBUILD';

/** The line (from 1) of `build() {` in examples/lighttpd/APKBUILD. */
const BUILD_LINE = readFileSync(lighttpdExample, 'utf8').split('\n').indexOf('build() {') + 1;

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** What the code lens says of `findings`, counted from the CLI's report (without the closure). */
function lensCounts(findings: CliFinding[]): string {
  const count = (...codes: string[]): number =>
    findings.filter((f) => codes.includes(f.code)).length;
  return describeSummary({
    options: count('harden/removable-option', 'harden/default-on'),
    makedepends: count('harden/removable-makedepend'),
    subpackages: count('harden/removable-subpackage'),
    adviceOnly: findings.filter((f) => !f.verified && f.code !== 'harden/kept-makedepend').length,
    closure: null,
  });
}

describe.skipIf(missing !== undefined)(`VS Code views and walkthrough ${missing ?? ''}`, () => {
  let temp: string;
  let workspace: AportsWorkspace;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const ui = (): Workbench => workbench!;
  /** The rows of the Hardening container's "Aports" view. */
  const aportRows = () =>
    ui()
      .page.locator('.pane', { has: ui().page.locator('.pane-header', { hasText: 'Aports' }) })
      .locator('.monaco-list-row');
  const activeRows = () =>
    ui()
      .page.locator('.pane', {
        has: ui().page.locator('.pane-header', { hasText: 'Active APKBUILD' }),
      })
      .locator('.monaco-list-row');

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'apkbuild-vscode-tree-'));
    rmSync(artifacts, { recursive: true, force: true });
    workspace = makeAportsWorkspace(temp, OTHERS);
    const vsix = await packageExtension(repoRoot, temp);
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

  it('opens the walkthrough with its five steps', async () => {
    await ui().runCommand('Welcome: Open Walkthrough...');
    await ui().pick(WALKTHROUGH_TITLE);
    const page = ui().page.locator('.gettingStartedContainer');
    for (const step of [
      'Set the APKINDEX',
      'Write a hardening profile',
      'Apply the fixes',
      'Rebuild original and hardened',
      'Compare',
    ])
      await page.locator('.step-title', { hasText: step }).first().waitFor();
    // The first step's button opens the setting it is about.
    await page.getByRole('button', { name: 'Open the setting' }).first().waitFor();
    await ui().screenshot('walkthrough');
    await ui().runCommand('View: Close All Editors');
  });

  it('lists the aports of the workspace with their findings in the Hardening view', async () => {
    await ui().page.locator('.activitybar [aria-label^="Hardening"]').first().click();
    for (const name of ['lighttpd', ...OTHERS]) {
      const count = plural(workspace.findings[name].length, 'finding');
      await aportRows()
        .filter({ hasText: name })
        .filter({ hasText: `${count} · main/${name}` })
        .first()
        .waitFor();
    }
    expect(await aportRows().count()).toBe(1 + OTHERS.length);
    await ui().screenshot('hardening-view');
  });

  it('opens an aport from the view, with its closure and passes in the Active APKBUILD view', async () => {
    await aportRows().filter({ hasText: 'lighttpd' }).first().click();
    await ui().statusItem('status.editor.mode').filter({ hasText: 'APKBUILD' }).waitFor();
    await ui().waitForWarnings(workspace.findings.lighttpd.length);
    await activeRows().filter({ hasText: 'Install closure' }).first().waitFor();
    await activeRows().filter({ hasText: 'Build passes' }).first().waitFor();
    await ui().screenshot('active-aport');
  });

  it('shows the code lens over build() and applies every fix from it', async () => {
    const findings = workspace.findings.lighttpd;
    const closure = await activeRows().filter({ hasText: 'Install closure' }).first().innerText();
    const before = Number(/Install closure: (\d+) packages?/.exec(closure)?.[1]);
    expect(before).toBeGreaterThan(0);
    await ui().token(BUILD_LINE, 'build()', 'build');
    const lens = ui().page.locator('.codelens-decoration').first();
    // The counts the CLI reports, and the closure the Active view shows, before → after.
    await lens
      .filter({ hasText: `${lensCounts(findings)} · install closure ${before} → ` })
      .waitFor();
    const lensText = await lens.innerText();
    const after = Number(/install closure \d+ → (\d+)/.exec(lensText)?.[1]);
    expect(after).toBeLessThan(before);
    await ui().screenshot('code-lens');
    await lens.getByText('Apply all hardening fixes').click();
    await ui().waitForWarnings(workspace.lighttpdAfterFixes.length);
    // The view counts the buffer as it is now, unsaved.
    const left = plural(workspace.lighttpdAfterFixes.length, 'finding');
    await aportRows()
      .filter({ hasText: `${left} · main/lighttpd` })
      .first()
      .waitFor();
    // The closure the lens promised is the one the Active view resolves for the fixed text.
    await activeRows()
      .filter({ hasText: `Install closure: ${after} package` })
      .first()
      .waitFor();
    await ui().screenshot('code-lens-applied');
  });

  it('"APKBUILD: Create hardening profile" writes main/lighttpd/.apkharden.yaml', async () => {
    await ui().runCommand('APKBUILD: Create hardening profile');
    await ui().page.locator('.tab.active', { hasText: '.apkharden.yaml' }).waitFor();
    expect(existsSync(join(workspace.folder, 'main/lighttpd/.apkharden.yaml'))).toBe(true);
    expect(existsSync(join(workspace.folder, '.apkharden.yaml'))).toBe(false);
    await ui().screenshot('create-profile');
  });

  it("the walkthrough's Create hardening profile button writes beside the APKBUILD in a tab, and ticks the step", async () => {
    await aportRows().filter({ hasText: 'cyrus-sasl' }).first().click();
    await ui().page.locator('.tab.active', { hasText: 'APKBUILD' }).waitFor();
    // Opened from the view it is a preview, which the walkthrough would replace (and close).
    await ui().runCommand('View: Keep Editor');
    await ui().runCommand('Welcome: Open Walkthrough...');
    await ui().pick(WALKTHROUGH_TITLE);
    const page = ui().page.locator('.gettingStartedContainer');
    const step = page.locator('.getting-started-step', { hasText: 'Write a hardening profile' });
    await step.locator('.step-title').click();
    // The walkthrough has the focus: the command takes the APKBUILD open in a tab.
    await step.getByRole('button', { name: 'Create hardening profile' }).click();
    await ui().page.locator('.tab.active', { hasText: '.apkharden.yaml' }).waitFor();
    expect(existsSync(join(workspace.folder, 'main/cyrus-sasl/.apkharden.yaml'))).toBe(true);
    expect(existsSync(join(workspace.folder, '.apkharden.yaml'))).toBe(false);
    // The step's completion event (onCommand:apkbuild.createProfile) ticked it.
    await ui().runCommand('Welcome: Open Walkthrough...');
    await ui().pick(WALKTHROUGH_TITLE);
    await page
      .locator('.getting-started-step[aria-checked="true"]', {
        hasText: 'Write a hardening profile',
      })
      .waitFor();
    await ui().screenshot('walkthrough-profile-step');
  });
});
