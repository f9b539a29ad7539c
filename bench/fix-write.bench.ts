// What keeping every byte and never making the syntax worse costs: the lossless codec on a
// 64 MB file (the APKBUILD limit), the syntax check of a fix (one more parse, once per document
// version in the server), and `fix --write` end to end with its re-read before the rename.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeApkbuild } from '../server/src/apkbuild';
import { ORDINARY_BUILD } from '../server/src/aports/entry';
import { decodeBytes, encodeText } from '../server/src/byte-text';
import { analyzeHardening, builtinProfile, checkFix, fixAll } from '../server/src/hardening';
import { median, peakRssMb, percentile, row, timed } from './figures';

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const kubernetes = builtinProfile('kubernetes')!;
const example = join(process.cwd(), 'examples', 'lighttpd', 'APKBUILD');
const aports = join(process.cwd(), '..', 'shared', 'corpus', 'aports');

// 64 MB of APKBUILD text: all UTF-8 (the fast path), then with a Latin-1 byte every 4 KB.
const exampleBytes = readFileSync(example);
const big = Buffer.alloc(64 * 1024 * 1024);
for (let at = 0; at < big.length; at += exampleBytes.length) exampleBytes.copy(big, at);
const latin1 = Buffer.from(big);
for (let at = 100; at < latin1.length; at += 4096) latin1[at] = 0xe9;
for (const [label, bytes] of [
  ['64 MB UTF-8', big],
  ['64 MB with Latin-1 bytes', latin1],
] as const) {
  const decoded = timed(() => decodeBytes(bytes));
  const encoded = timed(() => encodeText(decoded.result));
  if (!encoded.result.equals(bytes)) throw new Error(`${label}: the bytes did not round-trip`);
  row(`decode, ${label}`, ms(decoded.ms));
  row(`encode, ${label}`, ms(encoded.ms));
}

/** The edits of fix-all on a text, and its model. */
function fixAllOf(text: string) {
  const model = analyzeApkbuild(text, { environment: ORDINARY_BUILD });
  return { model, edits: fixAll(model, analyzeHardening(model, kubernetes)).edits };
}

/** checkFix of fix-all on a file, repeated: the parse of the fixed text it adds. */
function checkCost(label: string, text: string, rounds: number): void {
  const { model, edits } = fixAllOf(text);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(timed(() => checkFix(model, edits)).ms);
  times.sort((a, b) => a - b);
  row(
    `checkFix, ${label}, ${edits.length} edits`,
    `p50 ${percentile(times, 50).toFixed(3)} ms   p99 ${percentile(times, 99).toFixed(3)} ms`,
  );
}
checkCost('lighttpd example', exampleBytes.toString(), 2000);
// The largest APKBUILD of the corpus that fix-all edits, where the parse costs the most.
const bySize = ['main', 'community', 'testing']
  .flatMap((repo) => readdirSync(join(aports, repo)).map((name) => join(aports, repo, name)))
  .map((dir) => readFileSync(join(dir, 'APKBUILD')))
  .sort((a, b) => b.length - a.length);
const largest = bySize.find((bytes) => fixAllOf(decodeBytes(bytes)).edits.length > 0)!;
checkCost(
  `largest fixed file, ${(largest.length / 1024).toFixed(0)} KB`,
  decodeBytes(largest),
  200,
);

// `fix --write` on a fresh copy of the example, and `fix` to stdout: the write's own cost.
const scratch = mkdtempSync(join(tmpdir(), 'fix-write-bench-'));
const cli = join(process.cwd(), 'server', 'out', 'cli.js');
function cliMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const dir = join(scratch, String(i), 'pkg');
    mkdirSync(dir, { recursive: true });
    copyFileSync(example, join(dir, 'APKBUILD'));
    const run = timed(() =>
      spawnSync(process.execPath, [cli, 'fix', '--profile', 'kubernetes', ...args, dir]),
    );
    if (run.result.status !== 0) throw new Error(`fix failed: ${String(run.result.stderr)}`);
    times.push(run.ms);
  }
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  return median(times);
}
row('apkharden fix, stdout (median of 7)', ms(cliMs([])));
row('apkharden fix --write (median of 7)', ms(cliMs(['--write'])));
rmSync(scratch, { recursive: true, force: true });
row('peak RSS', peakRssMb());
