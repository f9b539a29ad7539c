import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { ADVERSARIAL_INPUTS } from '../helpers/fuzz-inputs';
import { LspClient } from '../helpers/lsp-client';
import { lighttpdExample } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';

/** An APKBUILD whose second line is a self-feeding eval: sourcing stops there. */
const text = `pkgname=demo\n${ADVERSARIAL_INPUTS['self-feeding eval']}pkgver=1.0\n`;
const REASON = 'evaluation stopped: eval runs eval more than 16 deep (line 2)';

describe('a file that spends the evaluation budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-work-'));
  const file = join(dir, 'APKBUILD');
  writeFileSync(file, text);
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient({ configuration: () => ({ profile: 'none' }) });
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    client.notify('initialized', {});
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('gets a warning in the editor where evaluation stopped, saying what is unknown', async () => {
    const uri = pathToFileURL(file).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const published = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === 1,
    );
    const stopped = published.diagnostics.filter((d) => d.code === 'evaluation-stopped');
    expect(stopped).toEqual([
      {
        range: { start: { line: 1, character: 32 }, end: { line: 1, character: 42 } },
        severity: 2,
        source: 'apkbuild',
        code: 'evaluation-stopped',
        codeDescription: {
          href: expect.stringMatching(/\/docs\/codes\/evaluation-stopped\.md$/) as unknown,
        },
        message: `${REASON}: values set after this point are unknown`,
      },
    ]);
  });

  it('gets the same warning on stderr from the CLI, with the file and place', () => {
    const run = runCli(['check', '--profile', 'none', file]);
    expect(run.stderr).toContain(
      `${file}:2:33: warning: ${REASON}: values set after this point are unknown`,
    );
  });
});

/** Where `word` first occurs in `text`, one character in. */
function positionOf(text: string, word: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(word));
  return { line, character: lines[line].indexOf(word) + 1 };
}

describe('a document too large to judge', () => {
  const example = readFileSync(lighttpdExample, 'utf8');
  const exampleUri = pathToFileURL(lighttpdExample).href;
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient({ configuration: () => ({ debounce: 0 }) });
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri: exampleUri, languageId: 'apkbuild', version: 1, text: example },
    });
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === exampleUri,
    );
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('gets its diagnostics from the worker: syntax, lint, and why there are no findings', async () => {
    // 512 KiB of the example (eight times what hardening judges), then an unterminated quote.
    const big = `${example.repeat(Math.ceil((512 * 1024) / example.length))}_x="open\n`;
    const uri = 'untitled:big/APKBUILD';
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text: big },
    });
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
      120_000,
    );
    const lines = big.split('\n').length;
    expect(diagnostics.filter((d) => d.code === 'syntax').map((d) => d.range.start.line)).toEqual([
      lines - 2,
    ]);
    expect(diagnostics.find((d) => d.code === 'harden/not-judged')?.message).toBe(
      `No hardening findings: the file is too large to judge (${big.length.toLocaleString('en-US')} characters; hardening judges files up to 65,536)`,
    );
    // Nothing is answered from its model: building one would hold the thread the editor needs.
    expect(diagnostics[0]).toMatchObject({
      code: 'large-document',
      severity: 3,
      range: { start: { line: 0, character: 0 } },
      message: `Hover, completion, outline and fixes are off for this file: ${big.length.toLocaleString('en-US')} characters, over the 262,144 the server answers requests about`,
    });
    const symbols = await client.request<unknown>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols).toBeNull();
    // And about the others.
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', {
      textDocument: { uri: exampleUri },
      position: positionOf(example, 'openldap-dev'),
    });
    expect(hover).not.toBeNull();
  }, 180_000);

  it('answers requests about a document it does not judge but can model on request', async () => {
    // 128 KiB: twice what hardening judges, half the limit for requests.
    const text = example.repeat(Math.ceil((128 * 1024) / example.length));
    const uri = 'untitled:mid/APKBUILD';
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const { diagnostics } = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
      120_000,
    );
    expect(diagnostics.map((d) => d.code)).toContain('harden/not-judged');
    expect(diagnostics.map((d) => d.code)).not.toContain('large-document');
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((s) => s.name)).toContain('build');
  }, 180_000);
});
