// Issue #6: activation time of the extension in real VS Code (code-server 4.100.3 in chromium),
// as VS Code itself measures it (Developer: Show Running Extensions), from the packaged .vsix.
// Each window opened is a fresh extension host, so each figure is a cold activation.
import { mkdtempSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer } from '../test/e2e/harness/code-server';
import { missingTools, tools } from '../test/e2e/harness/tools';
import { packageExtension } from '../test/e2e/harness/vsix';
import { Workbench } from '../test/e2e/harness/workbench';
import { median, row } from './figures';

const WINDOWS = 5;
const repoRoot = process.cwd();

async function main(): Promise<void> {
  const missing = missingTools('chromium', 'codeServer');
  if (missing) {
    row('extension activation', `not measured: ${missing}`);
    return;
  }
  const temp = mkdtempSync(join(tmpdir(), 'apkbuild-activation-'));
  const folder = join(temp, 'lighttpd');
  mkdirSync(folder);
  copyFileSync(join(repoRoot, 'examples/lighttpd/APKBUILD'), join(folder, 'APKBUILD'));
  copyFileSync(
    join(repoRoot, 'examples/lighttpd/seed-profile.yaml'),
    join(folder, '.apkharden.yaml'),
  );
  const server = await CodeServer.start(
    tools.codeServer,
    await packageExtension(repoRoot, temp),
    join(temp, 'code-server'),
  );
  const activation: number[] = [];
  const toDiagnostics: number[] = [];
  try {
    for (let i = 0; i < WINDOWS; i++) {
      const ui = await Workbench.open(
        tools.chromium,
        server.folderUrl(folder),
        join(temp, 'shots'),
      );
      const start = performance.now();
      await ui.openFile('APKBUILD', 'APKBUILD');
      // The seed profile makes 16 findings: wait until the Problems count shows them.
      await ui.waitForWarnings(16);
      toDiagnostics.push(performance.now() - start);
      activation.push(await ui.activationMs('APKBUILD Hardening'));
      await ui.close();
    }
  } finally {
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  }
  row(
    `activation (VS Code's figure), ${WINDOWS} windows`,
    `median ${median(activation)} ms   each ${activation.join(' ')}`,
  );
  // From the workbench's first paint: includes starting the extension host and the server.
  row(
    'workbench shown -> 16 findings listed',
    `median ${median(toDiagnostics).toFixed(0)} ms   each ${toDiagnostics.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
