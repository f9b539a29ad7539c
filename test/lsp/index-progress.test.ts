// Work-done progress while the server reads the package inputs (APKINDEX, SBOM), and the first
// diagnostics published before they are read (issue 14): the ones that need no index first,
// then again with the closure impact once the index is in.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient, messageOf, relatedOf } from '../helpers/lsp-client';
import { lighttpdExample, repoRoot, sharedRoot } from '../helpers/paths';
import { samplePath } from '../helpers/sbom-samples';
import { scratchDir } from '../helpers/scratch';

interface ProgressParams {
  token: string | number;
  value: {
    kind: 'begin' | 'report' | 'end';
    title?: string;
    message?: string;
    percentage?: number;
  };
}

const apkindex = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');

async function started(settings: Record<string, unknown>, progress: boolean): Promise<LspClient> {
  const client = new LspClient({
    configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0, ...settings } : null),
  });
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      ...(progress ? { window: { workDoneProgress: true } } : {}),
    },
  });
  client.notify('initialized', {});
  return client;
}

describe('reading the package inputs, over stdio', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('publishes the findings without the index first, reads the APKINDEX with progress, then adds the closure impact', async () => {
    const folder = scratchDir('apkbuild-progress-');
    copyFileSync(lighttpdExample, join(folder, 'APKBUILD'));
    copyFileSync(
      join(repoRoot, 'examples/lighttpd/seed-profile.yaml'),
      join(folder, '.apkharden.yaml'),
    );
    const uri = pathToFileURL(join(folder, 'APKBUILD')).href;
    client = await started({ apkindex }, true);
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'apkbuild',
        version: 1,
        text: readFileSync(lighttpdExample, 'utf8'),
      },
    });
    // A request at once (VS Code asks for the status bar's) waits for the first publish too.
    const hover = client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 1 },
    });
    const end = await client.waitForNotification<ProgressParams>(
      '$/progress',
      (p) => p.value.kind === 'end',
      30_000,
    );
    const second = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.diagnostics.some((d) => relatedOf(d).includes('install closure')),
      30_000,
    );
    await hover;
    const order = client.received.map((m) => {
      if (m.method === '$/progress') return `progress ${(m.params as ProgressParams).value.kind}`;
      if (m.method === 'textDocument/publishDiagnostics') return 'publish';
      return m.method;
    });
    const seen = order.filter(
      (o) => o === 'publish' || o.startsWith('progress') || o.includes('workDoneProgress'),
    );
    expect(seen).toEqual([
      'publish',
      'window/workDoneProgress/create',
      'progress begin',
      'progress end',
      'publish',
    ]);
    const begin = client.received.find(
      (m) => m.method === '$/progress' && (m.params as ProgressParams).value.kind === 'begin',
    )!.params as ProgressParams;
    expect(begin.token).toBe(end.token);
    expect(begin.value).toMatchObject({
      title: 'Reading APKINDEX v3.19.0-main-x86_64',
      percentage: 0,
      message: apkindex,
    });
    const first = client.received.find((m) => m.method === 'textDocument/publishDiagnostics')!
      .params as PublishDiagnosticsParams;
    // The same findings, the first without what the index tells: the closure and the sonames.
    expect(first.diagnostics.map(messageOf)).toEqual(second.diagnostics.map(messageOf));
    expect(first.diagnostics.some((d) => relatedOf(d).includes('install closure'))).toBe(false);
    const ldap = (p: PublishDiagnosticsParams) =>
      relatedOf(p.diagnostics.find((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))!);
    expect(ldap(first)).toContain('libldap.so.*');
    expect(ldap(second)).toContain(
      'Removing it drops 3 packages from the install closure (gdbm, libldap, libsasl)',
    );
    expect(ldap(second)).toContain('liblber.so.2, libldap.so.2');
  }, 60_000);

  it('reads several inputs with a percentage per file, an SBOM among them, once', async () => {
    const sbom = samplePath('syft', 'examples_decode_sbom_alpine.syft.json');
    const folder = scratchDir('apkbuild-progress-');
    copyFileSync(lighttpdExample, join(folder, 'APKBUILD'));
    const uri = pathToFileURL(join(folder, 'APKBUILD')).href;
    client = await started({ apkindex, sbom }, true);
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'apkbuild',
        version: 1,
        text: readFileSync(lighttpdExample, 'utf8'),
      },
    });
    await client.waitForNotification<ProgressParams>(
      '$/progress',
      (p) => p.value.kind === 'end',
      30_000,
    );
    const values = client.received
      .filter((m) => m.method === '$/progress')
      .map((m) => (m.params as ProgressParams).value);
    expect(values).toEqual([
      {
        kind: 'begin',
        title: 'Reading 2 package inputs',
        message: apkindex,
        percentage: 0,
      },
      { kind: 'report', message: sbom, percentage: 50 },
      { kind: 'end' },
    ]);
    // An edit re-analyses from the inputs read: no second reading, no second progress.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `# edited\n${readFileSync(lighttpdExample, 'utf8')}` }],
    });
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === 2,
      30_000,
    );
    expect(
      client.received.filter((m) => m.method === 'window/workDoneProgress/create'),
    ).toHaveLength(1);
  }, 60_000);

  it('creates no progress for a client that does not show them, and still publishes twice', async () => {
    const folder = scratchDir('apkbuild-progress-');
    copyFileSync(lighttpdExample, join(folder, 'APKBUILD'));
    copyFileSync(
      join(repoRoot, 'examples/lighttpd/seed-profile.yaml'),
      join(folder, '.apkharden.yaml'),
    );
    const uri = pathToFileURL(join(folder, 'APKBUILD')).href;
    client = await started({ apkindex }, false);
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'apkbuild',
        version: 1,
        text: readFileSync(lighttpdExample, 'utf8'),
      },
    });
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.diagnostics.some((d) => relatedOf(d).includes('install closure')),
      30_000,
    );
    const methods = client.received.map((m) => m.method);
    expect(methods.filter((m) => m === 'textDocument/publishDiagnostics')).toHaveLength(2);
    expect(methods.some((m) => m === '$/progress' || m === 'window/workDoneProgress/create')).toBe(
      false,
    );
  }, 60_000);
});
