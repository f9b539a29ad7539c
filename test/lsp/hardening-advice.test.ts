import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { initializedClient, type LspClient } from '../helpers/lsp-client';
import { sharedRoot } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

/**
 * Over stdio: a makedepend the `apkbuild.apkindex` setting shows another one brings is a hint,
 * not a removal; advice (a fix not known to build) is information and has no quick-fix.
 */
const PROFILE =
  'extends: kubernetes\nknowledge:\n  packages:\n    myhttpd: { role: http-server }\n';

function aport(configure: string): { uri: string; text: string } {
  const dir = join(scratchDir('lsp-advice-'), 'myhttpd');
  mkdirSync(dir, { recursive: true });
  const text = `pkgname=myhttpd\npkgver=1\npkgrel=0\nmakedepends="curl-dev openssl-dev"\nbuild() {\n\t${configure} --with-openssl\n}\npackage() {\n\tmake DESTDIR="$pkgdir" install\n}\n`;
  writeFileSync(join(dir, 'APKBUILD'), text);
  writeFileSync(join(dir, '.apkharden.yaml'), PROFILE);
  return { uri: pathToFileURL(join(dir, 'APKBUILD')).href, text };
}

describe.sequential('advice and kept makedepends, over stdio', () => {
  let client: LspClient;
  const apkindex = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');

  beforeAll(async () => {
    client = await initializedClient(() => ({ debounce: 0, apkindex }));
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  async function open(doc: { uri: string; text: string }): Promise<Diagnostic[]> {
    client.notify('textDocument/didOpen', {
      textDocument: { uri: doc.uri, languageId: 'apkbuild', version: 1, text: doc.text },
    });
    // Before the index is read the server publishes what it knows without it (openssl-dev
    // removable): the verdict here is the one with the index, where curl-dev brings it.
    const published = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === doc.uri && p.diagnostics.some((d) => d.code === 'harden/kept-makedepend'),
    );
    return published.diagnostics.filter((d) => String(d.code).startsWith('harden/'));
  }

  it('shows a makedepend that curl-dev brings as a hint, and the TLS switch as a warning', async () => {
    const found = await open(aport('./configure --build=$CBUILD'));
    expect(found.map((d) => [d.code, d.severity])).toEqual([
      ['harden/kept-makedepend', DiagnosticSeverity.Hint],
      ['harden/removable-option', DiagnosticSeverity.Warning],
    ]);
    expect(found[0].message).toBe('openssl-dev: stays, curl-dev brings it in');
  });

  it('shows advice as information, with no quick-fix but "keep" in the profile', async () => {
    const doc = aport('./configure');
    const found = await open(doc);
    expect(found.map((d) => [d.code, d.severity])).toEqual([
      ['harden/kept-makedepend', DiagnosticSeverity.Hint],
      ['harden/removable-option', DiagnosticSeverity.Information],
    ]);
    const option = found.find((d) => d.code === 'harden/removable-option')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range: option.range,
      context: { diagnostics: [option], only: ['quickfix'] },
    });
    // No fix, and no fix-all either: there is no verified fix in the file.
    expect(actions.map((a) => a.title)).toEqual([
      "Keep openssl (add it to the profile's keep list)",
    ]);
  });
});
