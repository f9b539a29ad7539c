import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { ADVERSARIAL_INPUTS } from '../helpers/fuzz-inputs';
import { LspClient } from '../helpers/lsp-client';
import { runCli } from '../helpers/run-cli';

/** An APKBUILD whose second line is a self-feeding eval: sourcing stops there. */
const text = `pkgname=demo\n${ADVERSARIAL_INPUTS['self-feeding eval']}pkgver=1.0\n`;
const REASON = 'evaluation stopped: eval runs eval more than 16 deep (line 2)';

describe('a file that spends the evaluation budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-work-'));
  const file = join(dir, 'APKBUILD');
  writeFileSync(file, text);
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient({ configuration: () => ({ profile: 'none' }) });
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    client.notify('initialized', {});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('gets a warning in the editor where evaluation stopped, saying what is unknown', async () => {
    const uri = pathToFileURL(file).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const published = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === 1,
    );
    const stopped = published.diagnostics.filter((d) => d.code === 'evaluation-stopped');
    expect(stopped).toEqual([
      {
        range: { start: { line: 1, character: 32 }, end: { line: 1, character: 42 } },
        severity: 2,
        source: 'apkbuild',
        code: 'evaluation-stopped',
        message: `${REASON}: values set after this point are unknown`,
      },
    ]);
  });

  it('gets the same warning on stderr from the CLI, with the file and place', () => {
    const run = runCli(['check', '--profile', 'none', file]);
    expect(run.stderr).toContain(
      `${file}:2:33: warning: ${REASON}: values set after this point are unknown`,
    );
  });
});
