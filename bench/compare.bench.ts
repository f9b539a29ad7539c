// Issue goal: compare two lighttpd-sized packages (about 50 files, 1 MB, a few real ELF files)
// in <= 100 ms, read + compare; and a figure for two 5,000-file packages.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinProfile } from '../server/src/hardening';
import { compareSides } from '../server/src/rebuild/compare';
import { loadSide, type LoadedSide } from '../server/src/rebuild/compare-side';
import { indexPackages, readApkIndex, type PackageIndex } from '../server/src/sbom';
import { apkBytes, type ApkEntrySpec } from '../test/helpers/apk-writer';
import { HARDENED_DEPENDS, ORIGINAL_DEPENDS } from '../test/helpers/lighttpd-builds';
import { median, peakRssMb, row } from './figures';

const ELF_FILES = ['/usr/bin/tar', '/usr/bin/curl', '/usr/bin/gzip', '/bin/ls'];
const prices = builtinProfile('kubernetes')!.prices;
const temp = mkdtempSync(join(tmpdir(), 'compare-bench-'));

/** Text files of `size` bytes that compress like configuration and documentation do. */
function textFile(i: number, size: number): Buffer {
  const words = randomBytes(size).toString('base64').replace(/[+/=]/g, ' ');
  return Buffer.from(`# file ${i}\n${words.replace(/(.{72})/g, '$1\n')}`.slice(0, size));
}

async function writePackage(
  folder: string,
  depends: string[],
  files: ApkEntrySpec[],
): Promise<string> {
  const bytes = await apkBytes({
    pkginfo: {
      pkgname: 'lighttpd',
      pkgver: '1.4.73-r0',
      arch: 'x86_64',
      origin: 'lighttpd',
      size: 1_000_000,
      depend: depends,
    },
    files,
  });
  const path = join(temp, `${folder}.apk`);
  writeFileSync(path, bytes);
  return path;
}

function filesOf(count: number, textSize: number, elf: string[]): ApkEntrySpec[] {
  const files: ApkEntrySpec[] = elf.map((path, i) => ({
    name: `usr/bin/prog${i}`,
    data: readFileSync(path),
  }));
  for (let i = files.length; i < count; i++)
    files.push({ name: `usr/share/lighttpd/f${i}.conf`, data: textFile(i, textSize) });
  return files;
}

async function load(path: string): Promise<LoadedSide> {
  const side = await loadSide(path);
  if ('error' in side) throw new Error(side.error);
  return side;
}

async function readAndCompare(a: string, b: string, index: PackageIndex | null): Promise<number> {
  const start = performance.now();
  const report = compareSides({
    original: await load(a),
    hardened: await load(b),
    index,
    reference: 'alpine-base',
    passes: null,
    prices,
  });
  const ms = performance.now() - start;
  if (report.packages.length !== 1) throw new Error('unexpected report');
  return ms;
}

async function measure(
  label: string,
  a: string,
  b: string,
  index: PackageIndex | null,
  runs: number,
): Promise<void> {
  const cold = await readAndCompare(a, b, index);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(await readAndCompare(a, b, index));
  row(label, `cold ${cold.toFixed(1)} ms   median ${median(warm).toFixed(1)} ms (${runs} runs)`);
}

async function main(): Promise<void> {
  const elfBytes = ELF_FILES.reduce((sum, f) => sum + statSync(f).size, 0);
  const small = filesOf(50, Math.max(1000, Math.floor((1_000_000 - elfBytes) / 46)), ELF_FILES);
  const a = await writePackage('small-original', ORIGINAL_DEPENDS, small);
  const b = await writePackage('small-hardened', HARDENED_DEPENDS, small.slice(0, 40));
  const raw = small.reduce((sum, f) => sum + (f.data?.length ?? 0), 0);
  row(
    'lighttpd-sized package',
    `50 files, ${(raw / 1e6).toFixed(2)} MB, .apk ${(statSync(a).size / 1e6).toFixed(2)} MB`,
  );
  await measure('read + compare, no index (goal <= 100 ms)', a, b, null, 20);

  const v319 = join(
    process.cwd(),
    '..',
    'shared',
    'apkindex',
    'v3.19.0-main-x86_64',
    'APKINDEX.tar.gz',
  );
  const start = performance.now();
  const index = indexPackages(readApkIndex(readFileSync(v319), v319).packages);
  row(
    'load the v3.19.0 index (5,436 packages), once',
    `${(performance.now() - start).toFixed(1)} ms`,
  );
  await measure('read + compare + both closures', a, b, index, 20);

  const big = filesOf(5000, 400, ELF_FILES);
  const c = await writePackage('big-original', ORIGINAL_DEPENDS, big);
  const d = await writePackage('big-hardened', HARDENED_DEPENDS, big.slice(0, 4500));
  row('5,000-file package', `.apk ${(statSync(c).size / 1e6).toFixed(2)} MB`);
  await measure('read + compare 5,000 vs 4,500 files', c, d, null, 5);
  row('peak RSS', peakRssMb());
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(temp, { recursive: true, force: true }));
