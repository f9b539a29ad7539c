import { rmSync } from 'node:fs';
import { describe, it } from 'vitest';
import { makeLighttpdWorkspace } from './harness/lighttpd-workspace';
import { clientScripts, expectHardenedByClient, runStdioClient } from './harness/stdio-client';
import { missingTools, tools } from './harness/tools';

const missing = missingTools('neovim');

describe.skipIf(missing !== undefined)(`Neovim 0.7 as LSP client ${missing ?? ''}`, () => {
  it('receives the hardening diagnostics, and fix-all leaves the hardened text', async () => {
    const workspace = makeLighttpdWorkspace();
    const nvim = ['--headless', '-u', 'NONE', '-c', `luafile ${clientScripts.neovim}`];
    try {
      expectHardenedByClient(await runStdioClient(tools.neovim, nvim, workspace), workspace);
    } finally {
      rmSync(workspace.root, { recursive: true, force: true });
    }
  });
});
