import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover, PublishDiagnosticsParams, ShowMessageParams } from 'vscode-languageserver';
import { LspClient, messageOf, relatedOf } from '../helpers/lsp-client';
import { lighttpdExample, sharedRoot } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

describe.sequential('findings weighed against an APKINDEX, over stdio', () => {
  const uri = pathToFileURL(lighttpdExample).href;
  const text = readFileSync(lighttpdExample, 'utf8');
  const broken = join(scratchDir('apkindex-'), 'APKINDEX.tar.gz');
  let apkindex = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
  let client: LspClient;

  beforeAll(async () => {
    writeFileSync(broken, readFileSync(apkindex).subarray(0, 20000)); // a truncated download
    client = new LspClient({
      configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0, apkindex } : null),
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    client.notify('initialized', {});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('says what each finding takes out of the install closure', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    // The findings that need no index are published first (test/lsp/index-progress.test.ts).
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
    const ldap = diagnostics.find((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))!;
    // The message is one clause; what it brings and takes out is its related information.
    expect(messageOf(ldap)).toBe(
      '-Dwith_ldap=enabled: removable, authentication is provided by api-gateway',
    );
    expect(relatedOf(ldap)).toContain('It brings openldap (liblber.so.2, libldap.so.2).');
    expect(relatedOf(ldap)).toContain(
      'Removing it drops 3 packages from the install closure (gdbm, libldap, libsasl).',
    );
    // The hover keeps the catalogue's patterns apart from the sonames the index says it links.
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: ldap.range.start,
    });
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('libraries matching libldap.so.\\*');
    expect(value).toContain('Links, per the SBOM: liblber.so.2, libldap.so.2.');
  });

  it('reports an unreadable index once, naming the file, and goes on', async () => {
    apkindex = broken;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const shown = await client.waitForNotification<ShowMessageParams>('window/showMessage');
    expect(shown.message).toContain(broken);
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
    expect(diagnostics.some((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))).toBe(true);
  });
});
