import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TextDocumentSyncKind,
  type ConfigurationParams,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { LspClient } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';

const uri = pathToFileURL(lighttpdExample).href;
const text = readFileSync(lighttpdExample, 'utf8');
/** The line just past the file's final newline, where the tests append and remove a line. */
const endLine = text.split('\n').length - 1;

const forDocument =
  (version?: number) =>
  (p: PublishDiagnosticsParams): boolean =>
    p.uri === uri && (version === undefined ? p.version === undefined : p.version === version);

// One server for the whole file: each step builds on the state the previous one left.
describe.sequential('apkbuild-language-server over stdio', () => {
  let client: LspClient;

  beforeAll(() => {
    client = new LspClient({
      configuration: (item) =>
        item.section === 'apkbuild' ? { carch: 'aarch64', profile: 'none' } : null,
    });
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('initializes with its name and incremental sync', async () => {
    const result = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    expect(result.serverInfo?.name).toBe('apkbuild-language-server');
    const sync = result.capabilities.textDocumentSync;
    expect(typeof sync === 'object' ? sync.change : sync).toBe(TextDocumentSyncKind.Incremental);
    client.notify('initialized', {});
  });

  it('publishes no diagnostics for the lighttpd example on open', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const published = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      forDocument(1),
    );
    expect(published.diagnostics).toEqual([]);
  });

  it('asked for the apkbuild settings of the document', async () => {
    const params = await client.waitForServerRequest<ConfigurationParams>(
      'workspace/configuration',
      (p) => p.items.some((item) => item.scopeUri === uri),
    );
    expect(params.items).toEqual([{ scopeUri: uri, section: 'apkbuild' }]);
  });

  it('reports an unterminated double quote added by an incremental change', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: {
            start: { line: endLine, character: 0 },
            end: { line: endLine, character: 0 },
          },
          text: '_broken="oops\n',
        },
      ],
    });
    const published = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      forDocument(2),
    );
    expect(published.diagnostics).toHaveLength(1);
    const [diagnostic] = published.diagnostics;
    expect(diagnostic).toMatchObject({ code: 'syntax', source: 'apkbuild', severity: 1 });
    expect(diagnostic.message).toContain('unterminated double quote');
    expect(diagnostic.range.start).toEqual({ line: endLine, character: '_broken='.length });
    expect(diagnostic.range.end.line).toBeGreaterThanOrEqual(endLine);
  });

  it('clears the diagnostic when a second change removes the quote', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        {
          range: {
            start: { line: endLine, character: 0 },
            end: { line: endLine + 1, character: 0 },
          },
          text: '',
        },
      ],
    });
    const published = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      forDocument(3),
    );
    expect(published.diagnostics).toEqual([]);
  });

  it('pulls the settings again and revalidates after a configuration change', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForServerRequest<ConfigurationParams>('workspace/configuration', (p) =>
      p.items.some((item) => item.scopeUri === uri && item.section === 'apkbuild'),
    );
    const published = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      forDocument(3),
    );
    expect(published.diagnostics).toEqual([]);
  });

  it('clears diagnostics on close', async () => {
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const published = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      forDocument(undefined),
    );
    expect(published.diagnostics).toEqual([]);
  });

  it('exits with code 0 after shutdown and exit', async () => {
    await expect(client.request('shutdown', null)).resolves.toBeNull();
    client.notify('exit', null);
    expect(await client.waitForExit()).toBe(0);
  });
});
