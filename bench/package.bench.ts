// Bundle sizes and the .vsix: what a user downloads and what VS Code loads on activation
// (issue: extension bundle <= 500 KB). Builds the production bundles, packs the .vsix with
// vsce into bench/.cache, and prints the figures; activation time is measured by the e2e
// helper in real VS Code.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { row, timed } from './figures';

const root = process.cwd();
const cache = join(root, 'bench', '.cache');
const vsix = join(cache, 'apkbuild-hardening.vsix');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const size = (path: string): number => statSync(join(root, path)).size;

mkdirSync(cache, { recursive: true });
const build = timed(() =>
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root }),
);
const pack = timed(() =>
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '-o',
      vsix,
    ],
    { cwd: root, stdio: 'pipe' },
  ),
);

/** Names and sizes of a zip's entries, from its central directory (a .vsix is a zip). */
function zipEntries(bytes: Buffer): { name: string; size: number; compressed: number }[] {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const compressed = bytes.readUInt32LE(at + 20);
    const sizeOf = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      size: sizeOf,
      compressed,
    });
    at += 46 + nameLength + extra;
  }
  return entries;
}

const extension = size('client/out/extension.js');
row('client/out/extension.js (minified)', `${kb(extension)}  (goal <= 500 KB)`);
row('server/out/server.js (minified)', kb(size('server/out/server.js')));
row('server/out/cli.js (minified)', kb(size('server/out/cli.js')));
row('syntaxes/apkbuild.tmLanguage.json', kb(size('syntaxes/apkbuild.tmLanguage.json')));
const packed = readFileSync(vsix);
const entries = zipEntries(packed).filter((e) => e.name.startsWith('extension/'));
row('.vsix', `${kb(packed.length)}  (${entries.length} files in extension/)`);
for (const e of entries)
  row(`  ${e.name.slice('extension/'.length)}`, `${kb(e.size)} -> ${kb(e.compressed)}`);
row('production build', `${build.ms.toFixed(0)} ms`);
row('vsce package', `${pack.ms.toFixed(0)} ms`);
if (extension > 500 * 1024) {
  console.error('  the extension bundle is over its 500 KB goal');
  process.exitCode = 1;
}
