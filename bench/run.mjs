// Runs, from the repository root, every bench/*.bench.ts in a fresh Node process (so cold figures are cold) and lets
// each print its own figures. Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const cache = join(here, '.cache');
const filter = process.argv[2] ?? '';
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

// The aports index reads files on a worker thread whose script sits beside the bundle that
// starts it (server/out in a build): put it beside the bench bundles too.
await esbuild.build({
  entryPoints: [join(here, '..', 'server', 'src', 'aports', 'read-ahead-worker.ts')],
  outfile: join(cache, 'read-ahead-worker.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});

let failed = false;
for (const bench of benches) {
  const outfile = join(cache, bench.replace(/\.ts$/, '.cjs'));
  await esbuild.build({
    entryPoints: [join(here, bench)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // playwright-core reads its own files at run time: load it from node_modules as it ships.
    external: ['playwright-core'],
    // Test helpers find the repository from import.meta.url; a bundle in bench/.cache sits two
    // folders below the root, as they do.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });
  console.log(`\n== ${bench.replace(/\.bench\.ts$/, '')}`);
  const result = spawnSync(process.execPath, [outfile], {
    stdio: 'inherit',
    cwd: join(here, '..'),
  });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
