import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { LspClient, messageOf } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';
import { applyTextEdits, offsetAt } from '../helpers/text-edits';

const SEED_PROFILE =
  'provided:\n  tls: sidecar\n  authentication: api-gateway\nunused: [brotli, dbi, lua, webdav, zstd]\n';

function positionOf(text: string, needle: string): Position {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const hardening = (d: Diagnostic): boolean => String(d.code).startsWith('harden/');

/** A temp aport: a copy of the example and, when given, a profile beside it. */
function tempAport(profile?: string): { dir: string; file: string; uri: string; text: string } {
  const dir = scratchDir('apkbuild-lsp-');
  const file = join(dir, 'APKBUILD');
  copyFileSync(lighttpdExample, file);
  if (profile !== undefined) writeFileSync(join(dir, '.apkharden.yaml'), profile);
  return { dir, file, uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8') };
}

describe.sequential('hardening over stdio: diagnostics, code actions, hover', () => {
  let client: LspClient;
  let version = 1;
  const aport = tempAport(SEED_PROFILE);
  let text = aport.text;
  /** The diagnostics last published for the aport. */
  let latest: Diagnostic[] = [];

  const diagnosticsOf = (uri: string, atVersion?: number): Promise<PublishDiagnosticsParams> =>
    client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && (atVersion === undefined || p.version === atVersion),
    );

  async function change(newText: string): Promise<Diagnostic[]> {
    text = newText;
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri: aport.uri, version },
      contentChanges: [{ text }],
    });
    return (await diagnosticsOf(aport.uri, version)).diagnostics;
  }

  beforeAll(async () => {
    client = new LspClient({
      configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0 } : null),
    });
    const init = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.codeActionProvider).toEqual({
      codeActionKinds: [
        'quickfix',
        'source.fixAll.apkbuild',
        'source.removeAll.apkbuild',
        'source.fixAll.apkbuildLint',
      ],
    });
    client.notify('initialized', {});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('publishes a finding for each removable option, makedepend and subpackage', async () => {
    client.notify('textDocument/didOpen', {
      textDocument: { uri: aport.uri, languageId: 'apkbuild', version, text },
    });
    const { diagnostics } = await diagnosticsOf(aport.uri, version);
    latest = diagnostics;
    const found = diagnostics
      .filter(hardening)
      .map(
        (d) =>
          `${d.code as string} ${text.slice(offsetAt(text, d.range.start), offsetAt(text, d.range.end))}`,
      );
    expect(found).toContain('harden/removable-option -Dwith_ldap=enabled');
    expect(found).toContain('harden/removable-makedepend openldap-dev');
    expect(found).toContain('harden/removable-subpackage $pkgname-dbg');
    expect(found).toHaveLength(16);
    expect(diagnostics.filter((d) => !hardening(d))).toEqual([]);
  });

  it('says each finding in one clause, with its evidence as related places and a link to its page', () => {
    const ldap = latest.find((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))!;
    expect(messageOf(ldap)).toBe(
      '-Dwith_ldap=enabled: removable, authentication is provided by api-gateway',
    );
    for (const d of latest.filter(hardening)) expect(messageOf(d).length).toBeLessThan(100);
    const profileUri = pathToFileURL(join(aport.dir, '.apkharden.yaml')).href;
    const related = (ldap.relatedInformation ?? []).map((r) => ({
      uri: r.location.uri,
      line: r.location.range.start.line,
      message: r.message,
    }));
    expect(related).toEqual(
      expect.arrayContaining([
        // The makedepend that goes with it, where it is written.
        {
          uri: aport.uri,
          line: positionOf(text, 'openldap-dev').line,
          message: 'openldap-dev goes with it',
        },
        // The profile's rule, at its key (line 3 of the profile: `authentication: api-gateway`).
        { uri: profileUri, line: 2, message: 'the profile rule' },
      ]),
    );
    const makedepend = latest.find((d) => messageOf(d).startsWith('openldap-dev:'))!;
    expect(makedepend.relatedInformation?.map((r) => r.message)).toContain(
      'needed by -Dwith_ldap=enabled',
    );
    const href = ldap.codeDescription?.href ?? '';
    expect(href).toMatch(/^file:.*\/docs\/codes\/harden-removable-option\.md$/);
    expect(readFileSync(new URL(href), 'utf8')).toMatch(/^# `harden\/removable-option`/);
  });

  it('explains an option on hover: capability, profile rule and what it brings', async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: aport.uri },
      position: positionOf(text, '-Dwith_ldap=enabled'),
    });
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('**-Dwith_ldap=enabled**: meson feature option, on');
    expect(value).toMatch(/authentication is provided by api-gateway/);
    expect(value).toMatch(/openldap-dev/);
    // Soname globs keep their `*` when the Markdown is rendered.
    expect(value).toContain('liblber.so.\\*');
  });

  it('offers both fix variants; applying the preferred one removes the finding and its makedepend', async () => {
    const ldap = latest
      .filter(hardening)
      .find((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: aport.uri },
      range: ldap.range,
      context: { diagnostics: [ldap] },
    });
    const titles = actions.map((a) => a.title);
    expect(titles).toContain(
      'Disable: -Dwith_ldap=enabled -> -Dwith_ldap=disabled and drop openldap-dev',
    );
    expect(titles).toContain('Remove -Dwith_ldap=enabled and drop openldap-dev');
    expect(titles).toContain("Keep with_ldap (add it to the profile's keep list)");
    const preferred = actions.find((a) => a.isPreferred)!;
    const after = await change(applyTextEdits(text, preferred.edit!.changes![aport.uri]));
    expect(text).toContain('-Dwith_ldap=disabled');
    const messages = after.filter(hardening).map(messageOf);
    expect(messages.some((m) => m.startsWith('-Dwith_ldap'))).toBe(false);
    expect(messages.some((m) => m.startsWith('openldap-dev'))).toBe(false);
    expect(after.filter(hardening)).toHaveLength(14);
  });

  it('offers fix-all as a quick-fix beside a finding only, in both variants', async () => {
    const at = async (range: { start: Position; end: Position }): Promise<string[]> =>
      (
        await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: aport.uri },
          range,
          context: { diagnostics: [], only: ['quickfix'] },
        })
      ).map((a) => a.title);
    // The maintainer comment has no finding: no action, so no light bulb on that line.
    expect(await at({ start: { line: 0, character: 3 }, end: { line: 0, character: 3 } })).toEqual(
      [],
    );
    const ssl = positionOf(text, '-Dwith_openssl=true');
    const titles = await at({ start: ssl, end: ssl });
    expect(titles.filter((t) => t.startsWith('Apply all '))).toEqual([
      expect.stringMatching(/^Apply all \d+ verified hardening fixes \(disable\)$/) as unknown,
      expect.stringMatching(/^Apply all \d+ verified hardening fixes \(remove\)$/) as unknown,
    ]);
  });

  it('removes every option with source.removeAll.apkbuild, as `fix --variant remove` does', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: aport.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.removeAll'] },
    });
    expect(actions.map((a) => a.kind)).toEqual(['source.removeAll.apkbuild']);
    const removed = applyTextEdits(text, (actions[0].edit as WorkspaceEdit).changes![aport.uri]);
    expect(removed).not.toMatch(/with_openssl|\$pkgname-dbg/);
    // The CLI, on the same text and profile, makes the same edit.
    const copy = tempAport(SEED_PROFILE);
    writeFileSync(copy.file, text);
    const cli = runCli(['fix', '--variant', 'remove', copy.file]);
    expect(cli.stderr).toBe('');
    expect(removed).toBe(cli.stdout);
  });

  it('applies every fix with source.fixAll.apkbuild, and the findings are gone', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: aport.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.apkbuild']);
    const after = await change(
      applyTextEdits(text, (actions[0].edit as WorkspaceEdit).changes![aport.uri]),
    );
    expect(after).toEqual([]);
    expect(text).not.toMatch(/openssl-dev|\$pkgname-dbg|with_openssl=true/);
  });

  it('"keep this" writes the name into the profile, and the finding goes after the profile changes', async () => {
    const ssl = (await change(aport.text)).find((d) =>
      messageOf(d).startsWith('-Dwith_openssl=true'),
    )!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: aport.uri },
      range: ssl.range,
      context: { diagnostics: [ssl] },
    });
    const keep = actions.find((a) => a.title.startsWith('Keep with_openssl'))!;
    const profileUri = pathToFileURL(join(aport.dir, '.apkharden.yaml')).href;
    const profileText = readFileSync(join(aport.dir, '.apkharden.yaml'), 'utf8');
    const edited = applyTextEdits(profileText, keep.edit!.changes![profileUri]);
    expect(edited).toBe(`${SEED_PROFILE}keep: [with_openssl]\n`);
    writeFileSync(join(aport.dir, '.apkharden.yaml'), edited);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: profileUri, type: 2 }] });
    const after = await diagnosticsOf(aport.uri, version);
    expect(after.diagnostics.some((d) => messageOf(d).startsWith('-Dwith_openssl=true'))).toBe(
      false,
    );
    expect(after.diagnostics.some((d) => messageOf(d).startsWith('openssl-dev'))).toBe(false);
  });

  it('reports a broken profile in the profile file, at its line, and analyses with the defaults', async () => {
    const broken = tempAport('provided:\n  tls: sidecar\nunused: [lua, teleportation]\n');
    client.notify('textDocument/didOpen', {
      textDocument: { uri: broken.uri, languageId: 'apkbuild', version: 1, text: broken.text },
    });
    const profileUri = pathToFileURL(join(broken.dir, '.apkharden.yaml')).href;
    const problems = (await diagnosticsOf(profileUri)).diagnostics;
    expect(
      problems.map((d) => [
        d.range.start.line,
        d.range.start.character,
        messageOf(d).split(': ')[0],
      ]),
    ).toEqual([[2, 14, 'unused[1]']]);
    expect(messageOf(problems[0])).toMatch(
      /^unused\[1\]: unknown feature or capability 'teleportation'/,
    );
    // Not half of the broken profile (lua unused): the built-in default, which keeps lua.
    const findings = (await diagnosticsOf(broken.uri, 1)).diagnostics.filter(hardening);
    expect(findings.some((d) => messageOf(d).startsWith('-Dwith_lua=true'))).toBe(false);
    expect(findings.some((d) => messageOf(d).startsWith('-Dwith_ldap=enabled'))).toBe(true);
  });

  it('never runs anything from the file while answering', async () => {
    const dir = scratchDir('apkbuild-canary-');
    const canary = join(dir, 'CANARY');
    const hostile = `pkgname=$(touch ${canary}1)\npkgdesc=\`touch ${canary}2\`\neval "touch ${canary}3"\nmakedepends="openssl-dev"\nbuild() {\n\ttouch ${canary}4\n\t./configure --with-openssl\n}\n`;
    const uri = pathToFileURL(join(dir, 'APKBUILD')).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text: hostile },
    });
    await diagnosticsOf(uri, 1);
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } };
    await client.request('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(hostile, '--with-openssl'),
    });
    await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: everywhere,
      context: { diagnostics: [] },
    });
    await client.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 0 },
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
