// The worst time of any input (issue: every input analysed in at most 1 s): the adversarial
// inputs one by one, then the mutation fuzzer's cases (seed 2026, as in test/unit/fuzz.test.ts).
import { readFileSync } from 'node:fs';
import { analyzeApkbuild } from '../server/src/apkbuild';
import { analyzeHardening, applyEdits, builtinProfile, fixAll } from '../server/src/hardening';
import { lintApkbuild } from '../server/src/lint';
import { ADVERSARIAL_INPUTS, fuzzCases } from '../test/helpers/fuzz-inputs';
import { corpusFile, corpusPaths } from '../test/helpers/paths';
import { peakRssMb, percentile, row, timed } from './figures';

const KUBERNETES = builtinProfile('kubernetes')!;
const CASES = Number(process.env.FUZZ_CASES ?? 3000);

/** Model, then hardening, lint and every fix: what the server does with a document. */
function analyse(text: string): { model: number; rest: number } {
  const model = timed(() => analyzeApkbuild(text));
  const rest = timed(() => {
    const analysis = analyzeHardening(model.result, KUBERNETES);
    lintApkbuild(model.result);
    applyEdits(text, fixAll(model.result, analysis, 'remove').edits);
  });
  return { model: model.ms, rest: rest.ms };
}

const ms = (n: number): string => `${n.toFixed(0).padStart(5)} ms`;

console.log('  adversarial inputs (model + hardening, lint and fixes):');
let worstAdversarial = { name: '', ms: 0 };
for (const [name, text] of Object.entries(ADVERSARIAL_INPUTS)) {
  const { model, rest } = analyse(text);
  row(`  ${name}`, `${ms(model + rest)}  (model ${ms(model)}, rest ${ms(rest)})`);
  if (model + rest > worstAdversarial.ms) worstAdversarial = { name, ms: model + rest };
}

const paths = corpusPaths();
const seeds = Array.from({ length: 300 }, (_, i) =>
  readFileSync(corpusFile(paths[(i * 7919 + 13) % paths.length]), 'utf8'),
);
const times: number[] = [];
let worst = { index: -1, ms: 0, bytes: 0 };
for (const { index, text } of fuzzCases(seeds, CASES, 2026)) {
  const { model, rest } = analyse(text);
  times.push(model + rest);
  if (model + rest > worst.ms) worst = { index, ms: model + rest, bytes: text.length };
}
times.sort((a, b) => a - b);
console.log(`  ${CASES} mutated corpus files (seed 2026):`);
row('  p50 / p99', `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`);
row('  over 1 s', `${times.filter((t) => t > 1000).length}`);
row('  worst', `${ms(worst.ms)}  (case ${worst.index}, ${worst.bytes} characters)`);
row('worst adversarial input', `${ms(worstAdversarial.ms)}  (${worstAdversarial.name})`);
row('peak RSS', peakRssMb());
console.log('  goal: no input over 1000 ms');
