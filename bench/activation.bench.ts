// Issue #6: activation time of the extension in real VS Code (code-server 4.100.3 in chromium),
// as VS Code itself measures it (Developer: Show Running Extensions), from the packaged .vsix.
// Each window opened is a fresh extension host, so each figure is a cold activation.
// Issue 14: the first diagnostics of the opened APKBUILD with an APKINDEX configured, cold (a
// fresh cache folder, the first window) and warm (the windows after it, the same cache folder).
import {
  mkdtempSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeServer } from '../test/e2e/harness/code-server';
import { missingTools, tools } from '../test/e2e/harness/tools';
import { packageExtension } from '../test/e2e/harness/vsix';
import { Workbench } from '../test/e2e/harness/workbench';
import { LspClient } from '../test/helpers/lsp-client';
import { median, row } from './figures';

const WINDOWS = 5;
const repoRoot = process.cwd();
const APKINDEX = join(repoRoot, '..', 'shared/apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');

/**
 * The server alone, over stdio: from didOpen to the first publish (before the index is read)
 * and to the one with the closure impact. Cold: a new process, a fresh cache folder; warm: a
 * second document in the same server (the index already read).
 */
async function serverFigures(temp: string): Promise<void> {
  const client = new LspClient({
    configuration: (item) =>
      item.section === 'apkbuild' ? { debounce: 0, apkindex: APKINDEX } : null,
  });
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
  client.notify('initialized', {});
  const text = readFileSync(join(temp, 'server-a', 'APKBUILD'), 'utf8');
  const open = async (uri: string): Promise<{ first: number; impact: number }> => {
    const start = performance.now();
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apkbuild', version: 1, text },
    });
    const published = (p: { uri: string }) => p.uri === uri;
    await client.waitForNotification('textDocument/publishDiagnostics', published, 60_000);
    const first = performance.now() - start;
    const withImpact = (p: { uri: string; diagnostics: { relatedInformation?: unknown[] }[] }) =>
      p.uri === uri && JSON.stringify(p.diagnostics).includes('install closure');
    if (
      !client.received.some(
        (m) => m.method === 'textDocument/publishDiagnostics' && withImpact(m.params as never),
      )
    )
      await client.waitForNotification('textDocument/publishDiagnostics', withImpact, 60_000);
    return { first, impact: performance.now() - start };
  };
  const cold = await open(pathToFileURL(join(temp, 'server-a', 'APKBUILD')).href);
  const warm = await open(pathToFileURL(join(temp, 'server-b', 'APKBUILD')).href);
  await client.close();
  row('server: didOpen -> first diagnostics, cold', `${cold.first.toFixed(0)} ms`);
  row('server: didOpen -> closure impact, cold', `${cold.impact.toFixed(0)} ms`);
  row(
    'server: didOpen -> first diagnostics, warm',
    `${warm.first.toFixed(0)} ms (impact included)`,
  );
}

/**
 * What the language server logged in each window (its output channel, in VS Code's logs):
 * from didOpen to its first publish and to the one with the package index, and its uptime.
 */
function serverLatencies(logsDir: string): { what: string; ms: number; up: number }[] {
  const found: { what: string; ms: number; up: number }[] = [];
  const files = readdirSync(logsDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /APKBUILD.*\.log$/.test(f),
  );
  for (const file of files.sort())
    for (const match of readFileSync(join(logsDir, file), 'utf8').matchAll(
      /first (diagnostics(?: with the package index)?) of \S+: (\d+) ms after it was opened \(server up (\d+) ms\)/g,
    ))
      found.push({ what: match[1], ms: Number(match[2]), up: Number(match[3]) });
  return found;
}

async function main(): Promise<void> {
  const missing = missingTools('chromium', 'codeServer');
  if (missing) {
    row('extension activation', `not measured: ${missing}`);
    return;
  }
  const temp = mkdtempSync(join(tmpdir(), 'apkbuild-activation-'));
  const folder = join(temp, 'lighttpd');
  mkdirSync(folder);
  copyFileSync(join(repoRoot, 'examples/lighttpd/APKBUILD'), join(folder, 'APKBUILD'));
  copyFileSync(
    join(repoRoot, 'examples/lighttpd/seed-profile.yaml'),
    join(folder, '.apkharden.yaml'),
  );
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(
    join(folder, '.vscode/settings.json'),
    JSON.stringify({ 'apkbuild.apkindex': APKINDEX }),
  );
  // Inherited by code-server, its extension host and the language server: nothing cached.
  process.env.XDG_CACHE_HOME = join(temp, 'cache');
  for (const copy of ['server-a', 'server-b']) {
    mkdirSync(join(temp, copy));
    for (const file of ['APKBUILD', '.apkharden.yaml'])
      copyFileSync(join(folder, file), join(temp, copy, file));
  }
  await serverFigures(temp);
  const server = await CodeServer.start(
    tools.codeServer,
    await packageExtension(repoRoot, temp),
    join(temp, 'code-server'),
  );
  const activation: number[] = [];
  const toDiagnostics: number[] = [];
  const toEditor: number[] = [];
  let logged: { what: string; ms: number; up: number }[];
  try {
    for (let i = 0; i < WINDOWS; i++) {
      const ui = await Workbench.open(
        tools.chromium,
        server.folderUrl(folder),
        join(temp, 'shots'),
      );
      const start = performance.now();
      await ui.openFile('APKBUILD', 'APKBUILD');
      toEditor.push(performance.now() - start);
      // The seed profile makes 16 findings: wait until the Problems count shows them.
      await ui.waitForWarnings(16);
      toDiagnostics.push(performance.now() - start);
      activation.push(await ui.activationMs('APKBUILD Hardening'));
      await ui.close();
    }
    logged = serverLatencies(server.logsDir);
  } finally {
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  }
  row(
    `activation (VS Code's figure), ${WINDOWS} windows`,
    `median ${median(activation)} ms   each ${activation.join(' ')}`,
  );
  // From the workbench's first paint: includes starting the extension host and the server.
  const [cold, ...warm] = toDiagnostics;
  for (const what of ['diagnostics', 'diagnostics with the package index']) {
    const each = logged.filter((l) => l.what === what);
    row(
      `in VS Code, server: didOpen -> first ${what}`,
      each.map((l) => `${l.ms} ms (server up ${l.up} ms)`).join('   ') || 'not logged',
    );
  }
  row(
    'workbench shown -> APKBUILD editor open',
    `median ${median(toEditor).toFixed(0)} ms   each ${toEditor.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
  row(
    'workbench shown -> 16 findings listed, APKINDEX set',
    `median ${median(toDiagnostics).toFixed(0)} ms   each ${toDiagnostics.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
  // The editor shows its language mode from the manifest, before the server has the file:
  // from then on, the wait is the extension's (the server's start, its first publish).
  const afterEditor = toDiagnostics.map((ms, i) => ms - toEditor[i]);
  row(
    'APKBUILD editor open -> 16 findings listed',
    `cold ${afterEditor[0].toFixed(0)} ms   warm median ${median(afterEditor.slice(1)).toFixed(0)} ms   each ${afterEditor.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
  row('first diagnostics, cold (fresh cache folder)', `${cold.toFixed(0)} ms`);
  row(
    `first diagnostics, warm (${warm.length} windows after)`,
    `median ${median(warm).toFixed(0)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
