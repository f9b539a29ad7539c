import { rmSync } from 'node:fs';
import { describe, it } from 'vitest';
import { makeLighttpdWorkspace } from './harness/lighttpd-workspace';
import { clientScripts, expectHardenedByClient, runStdioClient } from './harness/stdio-client';
import { missingTools, tools } from './harness/tools';

const missing = missingTools('emacs');

describe.skipIf(missing !== undefined)(`Emacs 28 with eglot as LSP client ${missing ?? ''}`, () => {
  it('receives the diagnostics in flymake, and fix-all leaves the hardened text', async () => {
    const workspace = makeLighttpdWorkspace();
    // --batch without -Q: Debian's site-start puts elpa-eglot on the load path.
    const emacs = ['--batch', '-l', clientScripts.eglot];
    try {
      expectHardenedByClient(await runStdioClient(tools.emacs, emacs, workspace), workspace);
    } finally {
      rmSync(workspace.root, { recursive: true, force: true });
    }
  });
});
