import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  ShowMessageRequestParams,
} from 'vscode-languageserver';
import { LspClient, messageOf } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

/**
 * A broken profile over stdio: a diagnostic on the profile's own URI and one message, while the
 * APKBUILD keeps its diagnostics under the last good profile (or the built-in default), and
 * everything clears once the profile is fixed.
 */

const GOOD = 'extends: none\nunused: [lua]\n';
const BAD_CATALOGUE =
  'extends: none\nunused: [lua]\ncatalogue:\n  features:\n    frob:\n      tokens: 5\n';
const TOKENS_ERROR = 'catalogue.features.frob.tokens: must be a list of words, not a number (5)';

interface Aport {
  dir: string;
  uri: string;
  text: string;
  profile: string;
  profileUri: string;
}

function tempAport(profile: string): Aport {
  const dir = scratchDir('apkbuild-lsp-profile-');
  const file = join(dir, 'APKBUILD');
  copyFileSync(lighttpdExample, file);
  const profilePath = join(dir, '.apkharden.yaml');
  writeFileSync(profilePath, profile);
  return {
    dir,
    uri: pathToFileURL(file).href,
    text: readFileSync(file, 'utf8'),
    profile: profilePath,
    profileUri: pathToFileURL(profilePath).href,
  };
}

/** Where `-Dwith_ldap=enabled` is written. */
function ldapRange(text: string): Range {
  const at = text.indexOf('-Dwith_ldap=enabled');
  const before = text.slice(0, at).split('\n');
  const start = { line: before.length - 1, character: before[before.length - 1].length };
  return { start, end: { line: start.line, character: start.character + 1 } };
}

/** The subjects of the hardening findings, as written in the text. */
function subjects(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => String(d.code).startsWith('harden/'))
    .map((d) => messageOf(d).split(': ')[0])
    .sort();
}

async function startClient(capabilities: Record<string, unknown>): Promise<LspClient> {
  const client = new LspClient({
    configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0 } : null),
  });
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, ...capabilities },
  });
  client.notify('initialized', {});
  return client;
}

describe.sequential('a broken profile over stdio', () => {
  let client: LspClient;

  const diagnosticsOf = async (uri: string): Promise<Diagnostic[]> =>
    (
      await client.waitForNotification<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri,
      )
    ).diagnostics;

  function open(aport: Aport): void {
    client.notify('textDocument/didOpen', {
      textDocument: { uri: aport.uri, languageId: 'apkbuild', version: 1, text: aport.text },
    });
  }

  function rewrite(aport: Aport, profile: string): void {
    writeFileSync(aport.profile, profile);
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: aport.profileUri, type: 2 }],
    });
  }

  beforeAll(async () => {
    client = await startClient({});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('keeps analysing under the last good profile, says so, and clears once fixed', async () => {
    const aport = tempAport(GOOD);
    open(aport);
    const good = subjects(await diagnosticsOf(aport.uri));
    expect(good).toContain('-Dwith_lua=true');

    rewrite(aport, BAD_CATALOGUE);
    // The APKBUILD still has the findings of the good profile (lua: the default has none).
    expect(subjects(await diagnosticsOf(aport.uri))).toEqual(good);
    const problems = await diagnosticsOf(aport.profileUri);
    expect(problems.map((d) => [d.range.start, d.severity, messageOf(d)])).toEqual([
      [{ line: 5, character: 14 }, 1, TOKENS_ERROR],
    ]);
    const shown = await client.waitForNotification<ShowMessageParams>('window/showMessage');
    expect(shown).toEqual({
      type: 1,
      message: `Hardening profile ${aport.profile}: line 6: ${TOKENS_ERROR}. APKBUILDs are analysed with its last good version until it is fixed.`,
    });

    rewrite(aport, 'extends: none\nunused: [lua, zstd]\n');
    const fixed = subjects(await diagnosticsOf(aport.uri));
    expect(fixed).toEqual(expect.arrayContaining([...good, '-Dwith_zstd=enabled']));
    expect(await diagnosticsOf(aport.profileUri)).toEqual([]);
  });

  it('uses the built-in default for a profile that was never good', async () => {
    const aport = tempAport('keep: pcre2\n');
    open(aport);
    const findings = subjects(await diagnosticsOf(aport.uri));
    // The kubernetes profile: TLS at a sidecar, authentication at the gateway, no -dbg.
    expect(findings).toEqual(
      expect.arrayContaining(['-Dwith_ldap=enabled', '-Dwith_openssl=true', 'lighttpd-dbg']),
    );
    const problems = await diagnosticsOf(aport.profileUri);
    expect(problems.map((d) => [d.range.start.line, messageOf(d)])).toEqual([
      [
        0,
        'keep: must be a list of names (packages, options, features, capabilities or subpackage suffixes), not a string',
      ],
    ]);
    // Fixes of the APKBUILD stay; "keep" would edit the broken file, and is not offered.
    const ldap = (
      await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: aport.uri },
        range: ldapRange(aport.text),
        context: { diagnostics: [] },
      })
    ).map((a) => a.title);
    expect(ldap).toContain(
      'Disable: -Dwith_ldap=enabled -> -Dwith_ldap=disabled and drop openldap-dev',
    );
    expect(ldap.filter((title) => title.startsWith('Keep'))).toEqual([]);
    const shown = await client.waitForNotification<ShowMessageParams>('window/showMessage');
    expect(shown.message).toMatch(
      /line 1: keep: .* APKBUILDs are analysed with the built-in 'kubernetes' profile until it is fixed\.$/,
    );
  });
});

describe('a client that can open documents', () => {
  it('is offered to open the broken profile', async () => {
    const client = await startClient({ window: { showDocument: { support: true } } });
    try {
      const aport = tempAport(BAD_CATALOGUE);
      client.notify('textDocument/didOpen', {
        textDocument: { uri: aport.uri, languageId: 'apkbuild', version: 1, text: aport.text },
      });
      const asked = await client.waitForServerRequest<ShowMessageRequestParams>(
        'window/showMessageRequest',
      );
      expect(asked.type).toBe(1);
      expect(asked.message).toContain(`${aport.profile}: line 6: ${TOKENS_ERROR}`);
      expect(asked.actions).toEqual([{ title: 'Open profile' }]);
    } finally {
      await client.close();
    }
  }, 180_000);
});
