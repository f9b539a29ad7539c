// Indexing the whole aports tree (issue goal: <= 1.0 s cold), the disk cache, and build passes.
// A cold index is the first in a fresh process (the JIT has seen none of the parser yet), as when
// the language server or the CLI starts without a cache; one sample on a shared machine varies
// by a fifth, so the figure is the median of several fresh processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPasses,
  indexAportsTree,
  loadIndexCache,
  referenceClosure,
  saveIndexCache,
} from '../server/src/aports';
import { median, peakRssMb, row, timed, timedAsync } from './figures';

const aports = join(process.cwd(), '..', 'shared', 'corpus', 'aports');
const scratch = mkdtempSync(join(tmpdir(), 'aports-bench-'));
const cache = join(scratch, 'aports-index.json');
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const COLD_SAMPLES = 7;
const COLD_ONLY = '--cold-sample';

/** One cold index in a fresh process: its milliseconds. */
function coldSample(): number {
  const run = spawnSync(process.execPath, [__filename, COLD_ONLY], { encoding: 'utf8' });
  const figure = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(figure))
    throw new Error(`cold sample failed: ${run.stderr || run.stdout}`);
  return figure;
}

async function main(): Promise<void> {
  if (process.argv.includes(COLD_ONLY)) {
    console.log((await timedAsync(() => indexAportsTree(aports))).ms.toFixed(1));
    return;
  }
  const colds = Array.from({ length: COLD_SAMPLES }, coldSample).sort((a, b) => a - b);
  const spread = `(min ${ms(colds[0])}, max ${ms(colds[colds.length - 1])})`;
  row(`index, cold (median of ${COLD_SAMPLES} processes)`, `${ms(median(colds))}  ${spread}`);
  const cold = await timedAsync(() => indexAportsTree(aports));
  const index = cold.result;
  console.log(`  ${index.size} APKBUILDs`);
  const warm: number[] = [];
  for (let run = 0; run < 3; run++) warm.push((await timedAsync(() => indexAportsTree(aports))).ms);
  row('index, warm (median of 3)', ms(median(warm)));
  const save = await timedAsync(() => saveIndexCache(index, cache));
  row('save cache', `${ms(save.ms)}  (${(statSync(cache).size / 1e6).toFixed(1)} MB)`);
  const load = await timedAsync(() => loadIndexCache(cache, aports));
  row('load cache, nothing changed', `${ms(load.ms)}  (${load.result.stats.parsed} parsed)`);
  const reference = timed(() => referenceClosure(index));
  row('reference closure (alpine-base)', `${ms(reference.ms)}  (${reference.result.size} origins)`);
  const passes = timed(() => buildPasses(index, 'lighttpd', reference.result));
  row('build passes, lighttpd (first)', ms(passes.ms));
  const origins = index.entries().map((entry) => entry.origin);
  const all = timed(() => {
    for (const origin of origins) buildPasses(index, origin, reference.result);
  });
  row(
    'build passes, every origin',
    `${ms(all.ms)}  (${(all.ms / origins.length).toFixed(2)} ms each)`,
  );
  const sizes = passes.result.passes.map((pass) => pass.length).join(' ');
  row('lighttpd passes (origins per pass)', sizes);
  row('peak RSS', peakRssMb());
  console.log('  goal: index cold <= 1000 ms');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
