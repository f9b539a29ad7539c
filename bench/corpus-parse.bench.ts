// Whole-corpus parse and model time against the read-only floor (issue: corpus in <= 1.0 s).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeApkbuild, parseShell } from '../server/src/apkbuild';
import { median, peakRssMb, row, timed } from './figures';

const aports = join(process.cwd(), '..', 'shared', 'corpus', 'aports');
const paths: string[] = [];
for (const repo of readdirSync(aports).sort())
  for (const name of readdirSync(join(aports, repo)).sort())
    paths.push(join(aports, repo, name, 'APKBUILD'));

const read = timed(() => paths.map((p) => readFileSync(p, 'utf8')));
const texts = read.result;
const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
const rate = (ms: number): string =>
  `${ms.toFixed(0)} ms  (${((texts.length / ms) * 1000).toFixed(0)} files/s, ${((megabytes / ms) * 1000).toFixed(1)} MB/s)`;

const modelAll = (): void => {
  for (const text of texts) analyzeApkbuild(text);
};
const parseAll = (): void => {
  for (const text of texts) parseShell(text);
};

console.log(`  ${texts.length} files, ${megabytes.toFixed(1)} MB`);
row('read only (floor)', rate(read.ms));
row('parse + model, cold (first pass in process)', rate(timed(modelAll).ms));
row(
  'parse + model, warm (median of 5)',
  rate(median(Array.from({ length: 5 }, () => timed(modelAll).ms))),
);
row(
  'parse only, warm (median of 5)',
  rate(median(Array.from({ length: 5 }, () => timed(parseAll).ms))),
);
row('peak RSS', peakRssMb());
console.log(
  '  goal: parse + model <= 1000 ms; for scale, tree-sitter-bash alone took 2660 ms here',
);
