// The language server given a FIFO for its APKINDEX setting and an aports tree holding a FIFO
// where an APKBUILD should be: both used to block the server for good. Now each is named
// (a message for the index, the log for the tree) and the server keeps answering.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentSymbol,
  LogMessageParams,
  PublishDiagnosticsParams,
  ShowMessageParams,
} from 'vscode-languageserver';
import { makeFifo } from '../helpers/fifo';
import { initializedClient, type LspClient } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

describe.sequential('unreadable inputs of the server, over stdio', () => {
  const dir = scratchDir('lsp-unreadable-');
  const apkindex = makeFifo(join(dir, 'APKINDEX.tar.gz'));
  const tree = join(dir, 'aports');
  mkdirSync(join(tree, 'main', 'zlib'), { recursive: true });
  writeFileSync(join(tree, 'main', 'zlib', 'APKBUILD'), 'pkgname=zlib\npkgver=1.3\npkgrel=0\n');
  mkdirSync(join(tree, 'main', 'stuck'));
  const stuck = makeFifo(join(tree, 'main', 'stuck', 'APKBUILD'));
  const uri = pathToFileURL(lighttpdExample).href;
  let client: LspClient;

  beforeAll(async () => {
    client = await initializedClient(() => ({ debounce: 0, apkindex, aportsPath: tree }));
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('names the FIFO index and the FIFO APKBUILD, and still analyses and answers', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'apkbuild',
        version: 1,
        text: readFileSync(lighttpdExample, 'utf8'),
      },
    });
    const shown = await client.waitForNotification<ShowMessageParams>('window/showMessage');
    expect(shown.message).toContain(`${apkindex}: is a FIFO, not an APKINDEX`);
    const logged = await client.waitForNotification<LogMessageParams>('window/logMessage', (m) =>
      m.message.includes(stuck),
    );
    expect(logged.message).toBe(`${stuck}: is a FIFO, not an APKBUILD; left out of the index`);
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
    expect(diagnostics.length).toBeGreaterThan(0);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((s) => s.name)).toContain('pkgname');
  });
});
