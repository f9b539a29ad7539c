import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver';
import { FLAWED } from '../helpers/flawed-apkbuild';
import { LspClient } from '../helpers/lsp-client';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';
import { applyTextEdits } from '../helpers/text-edits';

describe('lint fix-all over stdio, kept apart from the hardening fix-all', () => {
  const file = join(scratchDir('lint-fix-all-'), 'APKBUILD');
  writeFileSync(file, FLAWED);
  const uri = pathToFileURL(file).href;
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient({
      configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0 } : null),
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text: FLAWED },
    });
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('applies every lint fix as `fix --lint` does, under its own kind', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.apkbuildLint'] },
    });
    expect(actions.map((a) => [a.kind, a.title])).toEqual([
      ['source.fixAll.apkbuildLint', 'Apply all 4 lint fixes'],
    ]);
    const fixed = applyTextEdits(FLAWED, actions[0].edit!.changes![uri]);
    const cli = runCli(['fix', '--lint', file]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(fixed).toBe(cli.stdout);
    // The hardening fix-all is another action, not this one.
    const hardening = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.apkbuild'] },
    });
    expect(hardening.map((a) => a.kind)).not.toContain('source.fixAll.apkbuildLint');
  });
});
