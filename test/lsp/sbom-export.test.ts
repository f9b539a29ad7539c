/**
 * The editor's SBOM export over real LSP stdio: the document of the open buffer (what its text
 * builds) equals the one `apkharden resolve` writes for the same text and index, in CycloneDX
 * and in SPDX; a hardened buffer's is a prediction without what the fixes switched off.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import {
  ExportSbomRequest,
  ResolveRequest,
  type ExportSbomResult,
  type ResolveResult,
} from '../../server/src/protocol';
import { initializedClient, type LspClient } from '../helpers/lsp-client';
import { lighttpdExample, sharedRoot } from '../helpers/paths';
import { hardenedExample, runCli } from '../helpers/run-cli';
import { LIGHTTPD_ADDED_V319 } from '../helpers/real-index';

type Json = Record<string, unknown>;

/** Opens `text` at `uri` and waits for its first diagnostics. */
async function openDocument(client: LspClient, uri: string, text: string): Promise<void> {
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'apkbuild', version: 1, text },
  });
  await client.waitForNotification<PublishDiagnosticsParams>(
    'textDocument/publishDiagnostics',
    (p) => p.uri === uri,
  );
}

/** The document without what differs per run: serial, namespace, time and the tool's name. */
function comparable(text: string): Json {
  // SPDX annotations carry the time they were made: two runs may straddle a second.
  const json = JSON.parse(text, (key: string, value: unknown) =>
    key === 'annotationDate' ? undefined : value,
  ) as Json;
  delete json.serialNumber;
  delete json.documentNamespace;
  const metadata = json.metadata as Json | undefined;
  if (metadata) {
    delete metadata.timestamp;
    delete metadata.tools;
  }
  const creation = json.creationInfo as Json | undefined;
  if (creation) {
    delete creation.created;
    delete creation.creators;
  }
  return json;
}

describe.sequential('SBOM export of the open buffer, over stdio', () => {
  const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
  const temp = mkdtempSync(join(tmpdir(), 'sbom-export-'));
  const folder = join(temp, 'lighttpd');
  const file = join(folder, 'APKBUILD');
  const uri = pathToFileURL(file).href;
  let client: LspClient;

  beforeAll(async () => {
    mkdirSync(folder);
    writeFileSync(file, hardenedExample());
    client = await initializedClient(() => ({ debounce: 0, apkindex: v319 }));
    await openDocument(client, uri, hardenedExample());
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  const exported = async (format: 'cyclonedx' | 'spdx'): Promise<ExportSbomResult> => {
    const result = await client.request<ExportSbomResult | null>(ExportSbomRequest.method, {
      textDocument: { uri },
      format,
    });
    expect(result).not.toBeNull();
    return result!;
  };

  it('predicts the hardened buffer: lighttpd and pcre2 on alpine-base, no libldap', async () => {
    const result = await exported('cyclonedx');
    expect(result.prediction).toMatch(/^predicted from lighttpd 1\.4\.73-r0 of the index/);
    const bom = JSON.parse(result.text) as {
      metadata: { component: { name: string; version: string } };
      components: { name: string; properties?: { name: string; value: string }[] }[];
    };
    expect(bom.metadata.component).toMatchObject({ name: 'lighttpd', version: '1.4.71-r0' });
    const names = bom.components.map((c) => c.name);
    for (const gone of ['libldap', 'libsasl', 'brotli-libs', 'lua5.4-libs', 'zstd-libs'])
      expect(names).not.toContain(gone);
    expect(names).toContain('pcre2');
    // What alpine-base has is in the document, marked.
    const musl = bom.components.find((c) => c.name === 'musl');
    expect(musl?.properties).toContainEqual({ name: 'apkharden:in-reference', value: 'true' });
  });

  it('equals the CLI document for the same text and index, in CycloneDX and in SPDX', async () => {
    for (const format of ['cyclonedx', 'spdx'] as const) {
      const cli = runCli(['resolve', file, '--index', v319, '--format', format]);
      expect(cli.status, cli.stderr).toBe(0);
      const server = await exported(format);
      expect(comparable(server.text), format).toEqual(comparable(cli.stdout));
    }
  });

  it('gives two exports two serial numbers', async () => {
    const first = JSON.parse((await exported('cyclonedx')).text) as Json;
    const second = JSON.parse((await exported('cyclonedx')).text) as Json;
    expect(first.serialNumber).not.toEqual(second.serialNumber);
  });
});

describe.sequential('the apkbuild.sbom setting, over stdio', () => {
  const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
  const temp = mkdtempSync(join(tmpdir(), 'sbom-setting-'));
  const sbom = join(temp, 'lighttpd.cdx.json');
  const uri = pathToFileURL(lighttpdExample).href;
  let client: LspClient;

  beforeAll(async () => {
    const written = runCli(['resolve', lighttpdExample, '--index', v319, '--format', 'cyclonedx']);
    expect(written.status, written.stderr).toBe(0);
    writeFileSync(sbom, written.stdout);
    client = await initializedClient(() => ({ debounce: 0, sbom }));
    await openDocument(client, uri, readFileSync(lighttpdExample, 'utf8'));
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('resolves the open buffer against the packages of an SBOM, with no APKINDEX', async () => {
    const result = await client.request<ResolveResult>(ResolveRequest.method, {
      textDocument: { uri },
    });
    expect(result.closure?.added).toEqual(LIGHTTPD_ADDED_V319);
    expect(result.secondary?.openldap?.lighttpd).toEqual(['liblber.so.2', 'libldap.so.2']);
    expect(result.passes[0]).toEqual(['brotli', 'lua5.4', 'openldap', 'openssl', 'zstd']);
  });
});
