import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CompletionItem,
  Hover,
  Location,
  PublishDiagnosticsParams,
} from 'vscode-languageserver';
import type { DesiredSbomResult, ResolveResult, StatusResult } from '../../server/src/protocol';
import { DesiredSbomRequest, ResolveRequest, StatusRequest } from '../../server/src/protocol';
import { LspClient, messageOf, relatedOf } from '../helpers/lsp-client';
import { corpusRoot, lighttpdExample, sharedRoot } from '../helpers/paths';
import { LIGHTTPD_ADDED_V319 } from '../helpers/real-index';

/** `$/progress` params: a token and a begin/report/end value. */
interface ProgressParams {
  token: string | number;
  value: unknown;
}

describe.sequential('the aports tree and the APKINDEX in the editor, over stdio', () => {
  const uri = pathToFileURL(lighttpdExample).href;
  const text = readFileSync(lighttpdExample, 'utf8');
  const aportsPath = join(corpusRoot, 'aports');
  const apkindex = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
  let client: LspClient;
  const position = (needle: string, delta = 0): { line: number; character: number } => {
    const before = text.slice(0, text.indexOf(needle) + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };

  beforeAll(async () => {
    client = new LspClient({
      configuration: (item) =>
        item.section === 'apkbuild' ? { debounce: 0, aportsPath, apkindex } : null,
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    client.notify('initialized', {});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('indexes the tree in the background with progress, then adds the rebuild passes to the findings', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const done = await client.waitForNotification<ProgressParams>(
      '$/progress',
      (p) => (p.value as { kind?: string }).kind === 'end',
      120_000,
    );
    expect(done).toBeDefined();
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) =>
        p.uri === uri &&
        p.diagnostics.some((d) => relatedOf(d).includes('from the rebuild passes')),
      60_000,
    );
    const ldap = relatedOf(
      diagnostics.find((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))!,
    );
    expect(ldap).toMatch(/3 packages from the install closure \(gdbm, libldap, libsasl\)/);
    expect(ldap).toMatch(/\d+ origins from the rebuild passes \(openldap, /);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: position('-Dwith_ldap=enabled'),
    });
    const leaves = /Leaves the rebuild passes: ([^.]*)\./
      .exec((hover.contents as { value: string }).value)![1]
      .split(', ');
    expect(leaves).toEqual(
      expect.arrayContaining(['openldap', 'cyrus-sasl', 'heimdal', 'e2fsprogs']),
    );
  }, 180_000);

  it('resolves the build passes and the install closure on request', async () => {
    const result = await client.request<ResolveResult>(ResolveRequest.method, {
      textDocument: { uri },
    });
    expect(result.aportsRoot).toBe(aportsPath);
    // The status bar's answer names the tree too: rebuild and compare use it for their passes.
    const status = await client.request<StatusResult | null>(StatusRequest.method, {
      textDocument: { uri },
    });
    expect(status?.aportsRoot).toBe(aportsPath);
    expect(result.passes[0]).toContain('openldap');
    expect(result.passes.flat()).toEqual(
      expect.arrayContaining(['cyrus-sasl', 'heimdal', 'e2fsprogs']),
    );
    expect(result.closure!.added).toEqual(LIGHTTPD_ADDED_V319);
    expect(result.secondary!.openldap.lighttpd).toEqual(['liblber.so.2', 'libldap.so.2']);
    const desired = await client.request<DesiredSbomResult>(DesiredSbomRequest.method, {
      textDocument: { uri },
    });
    // The same header, passes and runtime map `apkharden resolve` prints.
    const lines = desired.text.split('\n');
    expect(lines[0]).toBe('# lighttpd 1.4.71-r0: runtime passes on alpine-base');
    expect(lines).toContain('# pass 4');
    expect(lines).toContain('e2fsprogs  # linked by heimdal (libcom_err.so.2)');
    expect(lines).toContain('# runtime');
  });

  it('goes from a makedepend to the APKBUILD of its origin, and completes package names', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: position('openldap-dev', 3),
    });
    expect(locations.map((l) => l.uri)).toEqual([
      pathToFileURL(join(aportsPath, 'main/openldap/APKBUILD')).href,
    ]);
    // At the item that makes it: `$pkgname-dev` in openldap's subpackages (line 63).
    expect(locations[0].range).toEqual({
      start: { line: 62, character: 1 },
      end: { line: 62, character: 13 },
    });
    const edited = text.replace('\tmeson\n', '\tmeson\n\topenl\n');
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    const before = edited.slice(0, edited.indexOf('\topenl\n') + 6).split('\n');
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['openldap', 'openldap-dev']));
  });
});
