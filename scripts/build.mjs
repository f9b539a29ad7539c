// Bundles the extension client and the two server entry points with esbuild, and writes the
// JSON TextMate grammar from its YAML source.
// Usage: node scripts/build.mjs [--production]
import { chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildGrammar } from './grammar.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

/** `executable` bundles get a shebang and mode 755 so they can run as npm `bin` commands. */
const targets = [
  { entry: 'client/src/extension.ts', outfile: 'client/out/extension.js', external: ['vscode'] },
  { entry: 'server/src/server.ts', outfile: 'server/out/server.js', executable: true },
  { entry: 'server/src/cli.ts', outfile: 'server/out/cli.js', executable: true },
  // Started by the server and the CLI to read an aports tree ahead of the indexing thread.
  { entry: 'server/src/aports/read-ahead-worker.ts', outfile: 'server/out/read-ahead-worker.js' },
  // Started by the server to read and parse an aports tree off the thread that answers.
  { entry: 'server/src/aports/index-worker.ts', outfile: 'server/out/index-worker.js' },
  // Started by the server to analyse documents too large to analyse on the thread that answers.
  {
    entry: 'server/src/large-document/worker.ts',
    outfile: 'server/out/large-document-worker.js',
  },
];

async function buildTarget({ entry, outfile, external = [], executable = false }) {
  const entryPath = join(root, entry);
  if (!existsSync(entryPath)) {
    console.warn(`build: skipping ${entry}: the file does not exist yet`);
    return false;
  }
  const outPath = join(root, outfile);
  await esbuild.build({
    entryPoints: [entryPath],
    outfile: outPath,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    sourcemap: true,
    minify: production,
    banner: executable ? { js: '#!/usr/bin/env node' } : undefined,
    logLevel: 'warning',
  });
  if (executable) {
    await chmod(outPath, 0o755);
  }
  console.log(`build: ${entry} -> ${relative(root, outPath)}`);
  return true;
}

const grammar = {
  source: 'syntaxes/apkbuild.tmLanguage.yaml',
  out: 'syntaxes/apkbuild.tmLanguage.json',
};
buildGrammar(join(root, grammar.source), join(root, grammar.out));
console.log(`build: ${grammar.source} -> ${grammar.out}`);

const results = await Promise.all(targets.map(buildTarget));
if (!results.some(Boolean)) {
  console.error('build: no entry point exists; nothing was built');
  process.exitCode = 1;
}
