import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionTriggerKind,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type InitializeResult,
  type Location,
  type Position,
} from 'vscode-languageserver';
import { LspClient } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';

const uri = pathToFileURL(lighttpdExample).href;
const text = readFileSync(lighttpdExample, 'utf8');
/** The line just past the file's final newline. */
const endLine = text.split('\n').length - 1;

/** The position `delta` characters into the first occurrence of `needle`. */
function positionOf(needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in the lighttpd example`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function labels(result: CompletionItem[] | null): string[] {
  return (result ?? []).map((item) => item.label);
}

// One server for the whole file: the completion steps edit the document the earlier steps opened.
describe.sequential('navigation and completion over stdio', () => {
  let client: LspClient;

  beforeAll(() => {
    client = new LspClient({
      configuration: (item) => (item.section === 'apkbuild' ? { carch: 'x86_64' } : null),
    });
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('announces document symbols, definitions and completion with its trigger characters', async () => {
    const result = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    expect(result.capabilities.documentSymbolProvider).toBe(true);
    expect(result.capabilities.definitionProvider).toBe(true);
    expect(result.capabilities.completionProvider?.triggerCharacters).toEqual(['$', '{', '"', ' ']);
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
  });

  it('answers textDocument/documentSymbol with the outline of lighttpd', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((s) => s.name)).toEqual([
      'pkgname',
      'pkgver',
      'pkgrel',
      'pkgdesc',
      'url',
      'arch',
      'license',
      'pkgusers',
      'pkggroups',
      'install',
      'makedepends',
      'subpackages',
      'source',
      'secfixes',
      'build',
      'check',
      'package',
      'mod_auth',
      'mod_webdav',
      'sha512sums',
    ]);
    const pkgname = symbols[0];
    expect(pkgname).toMatchObject({
      kind: SymbolKind.Variable,
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } },
      selectionRange: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } },
    });
    const modAuth = symbols.find((s) => s.name === 'mod_auth');
    expect(modAuth?.detail).toBe('split function for lighttpd-mod_auth');
    expect(symbols.find((s) => s.name === 'makedepends')?.children).toHaveLength(11);
  });

  it('goes from $pkgname inside package() to pkgname=', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf('/etc/init.d/$pkgname', '/etc/init.d/$pk'.length),
    });
    expect(locations).toEqual([
      { uri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } } },
    ]);
  });

  it('goes from mod_auth in subpackages to the mod_auth() definition', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf('$pkgname-mod_auth', '$pkgname-mod'.length),
    });
    const definitionLine = text.split('\n').indexOf('mod_auth() {');
    expect(locations).toEqual([
      {
        uri,
        range: {
          start: { line: definitionLine, character: 0 },
          end: { line: definitionLine, character: 'mod_auth'.length },
        },
      },
    ]);
  });

  it('offers the APKBUILD variables at a new line', async () => {
    const items = await client.request<CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: endLine, character: 0 },
      context: { triggerKind: CompletionTriggerKind.Invoked },
    });
    expect(labels(items)).toEqual(
      expect.arrayContaining(['pkgname', 'depends', 'makedepends', 'options', 'sha512sums']),
    );
    expect(items?.find((item) => item.label === 'depends')).toMatchObject({
      insertText: 'depends="$1"',
      insertTextFormat: InsertTextFormat.Snippet,
    });
  });

  it('offers abuild options inside an options="" line added by a change', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: endLine, character: 0 }, end: { line: endLine, character: 0 } },
          text: 'options=""\n',
        },
      ],
    });
    const items = await client.request<CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: endLine, character: 'options="'.length },
      context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: '"' },
    });
    expect(labels(items)).toEqual(
      expect.arrayContaining(['!check', 'net', '!strip', 'suid', '!tracedeps', 'chmod-clean']),
    );
    expect(labels(items)).not.toContain('pkgname');
  });

  it('answers null for a document that is not open', async () => {
    const result = await client.request<unknown>('textDocument/documentSymbol', {
      textDocument: { uri: `${uri}.missing` },
    });
    expect(result).toBeNull();
  });

  it('exits with code 0 after shutdown and exit', async () => {
    await expect(client.request('shutdown', null)).resolves.toBeNull();
    client.notify('exit', null);
    expect(await client.waitForExit()).toBe(0);
  });
});
