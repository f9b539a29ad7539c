// Item 8 of the robustness issue: inputs whose every entry or record has the same problem. A
// package with 99,000 `../x/N` entries and an index with 99,000 records missing V: each give
// a handful of warning lines; the figures are the lines, the read time and the memory. The
// fastest of a few runs, wall and CPU, since the machine is shared.
import { readApkBytes } from '../server/src/rebuild/apk-file';
import { readApkIndex } from '../server/src/sbom';
import { apkBytes } from '../test/helpers/apk-writer';
import { peakRssMb, row } from './figures';

const ENTRIES = 99_000;
const RUNS = 5;

/** The fastest wall and CPU milliseconds of RUNS runs, and what the last run returned. */
async function fastest<T>(run: () => Promise<T> | T): Promise<{ text: string; result: T }> {
  let wall = Infinity;
  let cpu = Infinity;
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    result = await run();
    const spent = process.cpuUsage(used);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (spent.user + spent.system) / 1000);
  }
  return { text: `${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`, result: result as T };
}

async function main(): Promise<void> {
  const count = ENTRIES.toLocaleString('en-US');
  const bytes = await apkBytes({
    pkginfo: { pkgname: 'bomb', pkgver: '1-r0' },
    files: Array.from({ length: ENTRIES }, (_, n) => ({ name: `../x/${n}`, data: '' })),
  });
  const apk = await fastest(() => readApkBytes(bytes, 'bomb-1-r0.apk'));
  if (!apk.result.ok) throw new Error(apk.result.message);
  row(`.apk, ${count} ../x/N entries: warning lines`, String(apk.result.apk.warnings.length));
  row('.apk read', apk.text);

  const text = Array.from({ length: ENTRIES }, (_, n) => `P:pkg${n}\nA:x86_64\n`).join('\n');
  const index = await fastest(() => readApkIndex(Buffer.from(text), 'APKINDEX'));
  row(`APKINDEX, ${count} records without V:: lines`, String(index.result.problems.length));
  row('APKINDEX read', index.text);
  row('peak RSS', peakRssMb());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
