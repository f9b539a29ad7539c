import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient, messageOf } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';
import { applyTextEdits } from '../helpers/text-edits';

const example = readFileSync(lighttpdExample, 'utf8');
const BROKEN = `${example}_x="oops\n`;
const REASON =
  'The file has a syntax error at 91:4 (unterminated double quote); fixes apply only to a file that parses.';

/** A server over stdio whose client says whether it shows disabled code actions. */
class Session {
  readonly client = new LspClient({
    configuration: (item) => (item.section === 'apkbuild' ? { debounce: 0 } : null),
  });
  readonly uri: string;
  private version = 1;

  constructor(readonly showsDisabled: boolean) {
    const dir = scratchDir('fix-syntax-lsp-');
    copyFileSync(lighttpdExample, join(dir, 'APKBUILD'));
    writeFileSync(join(dir, '.apkharden.yaml'), 'extends: kubernetes\n');
    this.uri = pathToFileURL(join(dir, 'APKBUILD')).href;
  }

  async start(text: string): Promise<Diagnostic[]> {
    await this.client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { codeAction: { disabledSupport: this.showsDisabled } },
      },
    });
    this.client.notify('initialized', {});
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: 'apkbuild', version: this.version, text },
    });
    return this.diagnostics();
  }

  async change(text: string): Promise<Diagnostic[]> {
    this.version++;
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ text }],
    });
    return this.diagnostics();
  }

  private async diagnostics(): Promise<Diagnostic[]> {
    const version = this.version;
    const published = await this.client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === this.uri && p.version === version,
    );
    return published.diagnostics;
  }

  fixAll(): Promise<CodeAction[]> {
    return this.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
  }

  quickFixes(diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
  }
}

const openldap = (diagnostics: Diagnostic[]): Diagnostic =>
  diagnostics.find((d) => messageOf(d).startsWith('openldap-dev'))!;

describe.sequential('fixes in the editor never make the syntax worse', () => {
  const shows = new Session(true);
  const hides = new Session(false);
  let brokenShown: Diagnostic[] = [];
  let brokenHidden: Diagnostic[] = [];

  beforeAll(async () => {
    [brokenShown, brokenHidden] = await Promise.all([shows.start(BROKEN), hides.start(BROKEN)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([shows.client.close(), hides.client.close()]);
  });

  it('offers fix-all on a file with a syntax error disabled, with the reason and no edit', async () => {
    expect(brokenShown.filter((d) => d.code === 'syntax').map(messageOf)).toEqual([
      'unterminated double quote',
    ]);
    const actions = await shows.fixAll();
    expect(actions).toHaveLength(1);
    expect(actions[0].title).toMatch(/^Apply all \d+ verified hardening fixes \(disable\)$/);
    expect(actions[0]).toEqual({
      title: actions[0].title,
      kind: 'source.fixAll.apkbuild',
      disabled: { reason: REASON },
    });
  });

  it('offers the quick-fixes disabled too; "keep this", an edit of the profile, still applies', async () => {
    const actions = await shows.quickFixes(openldap(brokenShown));
    const fixes = actions.filter((a) => !a.title.startsWith('Keep '));
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      expect(fix.disabled).toEqual({ reason: REASON });
      expect(fix.edit).toBeUndefined();
    }
    const keep = actions.find((a) => a.title.startsWith('Keep '));
    expect(keep?.edit).toBeDefined();
    expect(keep?.disabled).toBeUndefined();
  });

  it('does not offer them at all to a client that cannot show a disabled action', async () => {
    expect(await hides.fixAll()).toEqual([]);
    const actions = await hides.quickFixes(openldap(brokenHidden));
    expect(actions.map((a) => a.title)).toEqual([
      "Keep openldap-dev (add it to the profile's keep list)",
    ]);
  });

  it('offers none for a NUL byte that bash drops before a function body', async () => {
    const diagnostics = await shows.change(example.replace('package() {', 'package() \0{'));
    expect(diagnostics.some((d) => d.code === 'syntax')).toBe(true);
    const actions = await shows.fixAll();
    expect(actions.map((a) => [a.edit, a.disabled?.reason.split(';')[0]])).toEqual([
      [undefined, expect.stringMatching(/^The file has a syntax error at \d+:\d+ /)],
    ]);
  });

  it('applies fix-all once the file parses, and the fixed text parses too', async () => {
    await shows.change(example);
    const [fixAll] = await shows.fixAll();
    expect(fixAll.disabled).toBeUndefined();
    const fixed = applyTextEdits(example, fixAll.edit!.changes![shows.uri]);
    expect(fixed).not.toBe(example);
    const after = await shows.change(fixed);
    expect(after.filter((d) => d.code === 'syntax')).toEqual([]);
    expect(after.filter((d) => String(d.code).startsWith('harden/'))).toEqual([]);
  });
});
