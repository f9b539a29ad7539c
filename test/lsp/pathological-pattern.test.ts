import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';

const uri = pathToFileURL(lighttpdExample).href;
/*
 * The lighttpd example with a glob that took a backtracking matcher over 120 s on a 48-character
 * value (bash: 0.06 s), in a case arm and in ${x##...}: with it open the server answered nothing.
 */
const glob = '*a*a*a*a*a*a*a*a*a*a*a*b';
const text =
  readFileSync(lighttpdExample, 'utf8') +
  `\n_v=${'a'.repeat(48)}\ncase $_v in ${glob}) _r=yes;; *) _r=no;; esac\n_s=\${_v##${glob}}\n`;

const forVersion =
  (version: number) =>
  (p: PublishDiagnosticsParams): boolean =>
    p.uri === uri && p.version === version;

describe.sequential('a file with a pathological glob over stdio', () => {
  let client: LspClient;

  beforeAll(() => {
    client = new LspClient({
      configuration: (item) =>
        item.section === 'apkbuild' ? { carch: 'x86_64', profile: 'none' } : null,
    });
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('publishes the diagnostics of the file', async () => {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const published = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      forVersion(1),
    );
    expect(published.diagnostics).toEqual([]);
  });

  it('answers textDocument/documentSymbol, the assignments after the glob included', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((s) => s.name).slice(-4)).toEqual(['_v', '_r', '_r', '_s']);
  });
});
