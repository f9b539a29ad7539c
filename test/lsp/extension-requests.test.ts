import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { ExportSbomResult, StatusResult } from '../../server/src/protocol';
import { ExportCycloneDxRequest, StatusRequest } from '../../server/src/protocol';
import { initializedClient, type LspClient } from '../helpers/lsp-client';
import { lighttpdExample, sharedRoot } from '../helpers/paths';

interface CycloneDx {
  bomFormat: string;
  metadata: { component: { name: string; purl: string } };
  components: { name: string; purl: string }[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

/** The requests the VS Code extension sends for its status bar and Export CycloneDX command. */
describe.sequential('status and CycloneDX export requests, over stdio', () => {
  const text = readFileSync(lighttpdExample, 'utf8');
  const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
  const temp = mkdtempSync(join(tmpdir(), 'extension-requests-'));
  let apkindex = v319;
  let client: LspClient;

  /** Opens `text` as the APKBUILD in `folder` and waits for its first diagnostics. */
  const open = async (folder: string): Promise<string> => {
    const uri = pathToFileURL(join(folder, 'APKBUILD')).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    );
    return uri;
  };

  beforeAll(async () => {
    client = await initializedClient(() => ({ debounce: 0, apkindex }));
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('exports the install closure of the open buffer as CycloneDX, rooted at the package', async () => {
    const uri = await open(join(lighttpdExample, '..'));
    const result = await client.request<ExportSbomResult | null>(ExportCycloneDxRequest.method, {
      textDocument: { uri },
    });
    expect(result?.package).toBe('lighttpd');
    const bom = JSON.parse(result!.text) as CycloneDx;
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.metadata.component.name).toBe('lighttpd');
    const libldap = bom.components.find((c) => c.name === 'libldap');
    expect(libldap?.purl).toMatch(
      /^pkg:apk\/alpine\/libldap@[^?]+\?arch=x86_64&distro=alpine-3\.19&upstream=openldap/,
    );
    const root = bom.dependencies.find((d) => d.ref === bom.metadata.component.purl);
    expect(root?.dependsOn).toContain(libldap?.purl);
  });

  it('gives the built-in profile and the findings count when no profile file applies', async () => {
    const uri = pathToFileURL(lighttpdExample).href;
    const status = await client.request<StatusResult | null>(StatusRequest.method, {
      textDocument: { uri },
    });
    expect(status).toMatchObject({
      package: 'lighttpd',
      profile: 'builtin:kubernetes',
      profileFile: null,
    });
    // The seed case: ldap, sasl, lua, dbi, brotli, zstd, ... options and the -openrc subpackage.
    expect(status!.findings).toBeGreaterThanOrEqual(5);
  });

  it('names the .apkharden.yaml found beside the file, and counts under that profile', async () => {
    const folder = mkdtempSync(join(temp, 'with-profile-'));
    copyFileSync(lighttpdExample, join(folder, 'APKBUILD'));
    writeFileSync(join(folder, '.apkharden.yaml'), 'extends: none\n');
    const uri = await open(folder);
    const status = await client.request<StatusResult | null>(StatusRequest.method, {
      textDocument: { uri },
    });
    expect(status).toEqual({
      package: 'lighttpd',
      profile: join(folder, '.apkharden.yaml'),
      profileFile: join(folder, '.apkharden.yaml'),
      findings: 0,
      lint: status!.lint,
      aportsRoot: null,
    });
  });

  it('exports nothing without an APKINDEX or an aports tree, and answers null for a closed file', async () => {
    apkindex = '';
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const folder = mkdtempSync(join(temp, 'alone-'));
    const uri = await open(folder);
    expect(
      await client.request(ExportCycloneDxRequest.method, { textDocument: { uri } }),
    ).toBeNull();
    const closed = pathToFileURL(join(temp, 'never-opened', 'APKBUILD')).href;
    expect(
      await client.request(StatusRequest.method, { textDocument: { uri: closed } }),
    ).toBeNull();
  });
});
