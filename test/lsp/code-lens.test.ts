import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeLens, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { FileStatusResult } from '../../server/src/protocol';
import { FileStatusRequest } from '../../server/src/protocol';
import { initializedClient, type LspClient } from '../helpers/lsp-client';
import { lighttpdExample, repoRoot, sharedRoot } from '../helpers/paths';

const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
const text = readFileSync(lighttpdExample, 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'code-lens-'));
/** The line (from 0) of `build() {` in the example. */
const buildLine = text.split('\n').indexOf('build() {');

/** examples/lighttpd in a folder of its own, with `profile` as its .apkharden.yaml. */
function aport(profile: string | null): string {
  const folder = mkdtempSync(join(temp, 'lighttpd-'));
  mkdirSync(folder, { recursive: true });
  copyFileSync(lighttpdExample, join(folder, 'APKBUILD'));
  if (profile !== null) writeFileSync(join(folder, '.apkharden.yaml'), profile);
  return join(folder, 'APKBUILD');
}
const seed = readFileSync(join(repoRoot, 'examples/lighttpd/seed-profile.yaml'), 'utf8');

async function lensesOf(client: LspClient, path: string, body = text): Promise<CodeLens[]> {
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'apkbuild', version: 1, text: body },
  });
  await client.waitForNotification<PublishDiagnosticsParams>(
    'textDocument/publishDiagnostics',
    (p) => p.uri === uri,
    60_000,
  );
  return client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }, 60_000);
}

const titles = (lenses: CodeLens[]): string[] => lenses.map((l) => l.command?.title ?? '');

describe.sequential('code lens over build(), over stdio', () => {
  let apkindex = '';
  let client: LspClient | undefined;
  const started = async (): Promise<LspClient> =>
    (client ??= await initializedClient(() => ({ debounce: 0, apkindex })));

  afterAll(async () => {
    await client?.close();
  });

  it('counts the seed profile findings by kind over build(), without figures it cannot know', async () => {
    const path = aport(seed);
    const lenses = await lensesOf(await started(), path);
    // The seed case (examples/lighttpd with its seed profile): 8 options (ldap, sasl, lua,
    // dbi, webdav, brotli, zstd, ...), the makedepends they need, -dbg and -openrc.
    expect(titles(lenses)).toEqual([
      '8 removable options, 6 makedepends, 2 subpackages',
      'Apply all hardening fixes',
    ]);
    for (const lens of lenses) expect(lens.range.start).toEqual({ line: buildLine, character: 0 });
    // The command the VS Code client registers (client/src/commands.ts), for this file.
    expect(lenses[1].command).toEqual({
      title: 'Apply all hardening fixes',
      command: 'apkbuild.applyAllFixes',
      arguments: [pathToFileURL(path).href],
    });
    // The same count the status request gives.
    const status = await client!.request<FileStatusResult>(FileStatusRequest.method, { path });
    expect(status.status?.findings).toBe(16);
  });

  it('adds the install closure before and after the fixes with an APKINDEX (apk add lighttpd: 9 -> 2)', async () => {
    apkindex = v319;
    await client?.close();
    client = undefined;
    const lenses = await lensesOf(await started(), aport(seed));
    expect(titles(lenses)).toEqual([
      '8 removable options, 6 makedepends, 2 subpackages · install closure 9 → 2',
      'Apply all hardening fixes',
    ]);
  });

  it('shows no lens when the profile finds nothing, or when the file is not judged', async () => {
    expect(await lensesOf(await started(), aport('extends: none\n'))).toEqual([]);
    // Over 64 KiB (HARDENING_MAX_CHARS) a file is modelled but not judged (harden/not-judged).
    const padded = `${text}\n${'# padding to make the file too large to judge\n'.repeat(1500)}`;
    const large = aport(seed);
    writeFileSync(large, padded);
    expect(await lensesOf(await started(), large, padded)).toEqual([]);
  });

  it('answers apkbuild/fileStatus for an aport the editor has not opened', async () => {
    const openldap = join(sharedRoot, 'corpus/aports/main/openldap/APKBUILD');
    const result = await (
      await started()
    ).request<FileStatusResult>(FileStatusRequest.method, { path: openldap });
    expect(result).toMatchObject({
      path: openldap,
      error: null,
      status: { package: 'openldap', profile: 'builtin:kubernetes', profileFile: null },
    });
    expect(result.status!.findings).toBeGreaterThan(0);
    const missing = await client!.request<FileStatusResult>(FileStatusRequest.method, {
      path: join(temp, 'nowhere/APKBUILD'),
    });
    expect(missing).toEqual({
      path: join(temp, 'nowhere/APKBUILD'),
      status: null,
      error: `${join(temp, 'nowhere/APKBUILD')}: no such file`,
    });
  });

  it('answers apkbuild/fileStatus for an open aport from its unsaved text, not the disk', async () => {
    const lsp = await started();
    const path = aport(seed);
    const uri = pathToFileURL(path).href;
    await lensesOf(lsp, path);
    const before = await lsp.request<FileStatusResult>(FileStatusRequest.method, { path });
    expect(before.status?.findings).toBe(16);
    lsp.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'pkgname=lighttpd\npkgver=1.4.73\n' }],
    });
    await lsp.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === 2,
      60_000,
    );
    const after = await lsp.request<FileStatusResult>(FileStatusRequest.method, { path });
    expect(after.status?.findings).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
