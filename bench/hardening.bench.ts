// The labelled hardening benchmark (test/hardening-benchmark): precision and recall of the
// findings, verified-or-advice agreement, and fixed files that would not configure or package,
// per profile and per build system.
import { readLabels, BENCHMARK_PROFILES } from '../test/helpers/hardening-labels';
import {
  benchmarkSbom,
  describeScore,
  precision,
  recall,
  scoreAport,
  totals,
  type AportScore,
} from '../test/helpers/hardening-score';
import { row } from './figures';

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const labels = readLabels();
  const sbom = await benchmarkSbom();
  const verbose = process.argv.includes('--verbose') || process.env.VERBOSE === '1';
  for (const profile of BENCHMARK_PROFILES) {
    const scores: AportScore[] = labels.map((l) => scoreAport(l, profile, sbom));
    const all = totals(scores);
    console.log(`\n  profile ${profile}: ${labels.length} aports`);
    row(
      'precision',
      `${pct(precision(all))} (${all.matched} of ${all.matched + all.extra} findings labelled)`,
    );
    row(
      'recall',
      `${pct(recall(all))} (${all.matched} of ${all.matched + all.missed} labelled findings)`,
    );
    row('verified/advice as labelled', `${all.matched - all.sureness} of ${all.matched}`);
    row('fixed files that would not build', `${all.brokenFiles} of ${all.aports}`);
    row('fixed files not as labelled', `${all.fixedMisses} of ${all.aports}`);
    const systems = [...new Set(scores.map((s) => s.system))].sort();
    for (const system of systems) {
      const t = totals(scores.filter((s) => s.system === system));
      row(
        `  ${system} (${t.aports})`,
        `precision ${pct(precision(t))}, recall ${pct(recall(t))}, would not build ${t.brokenFiles}`,
      );
    }
    if (verbose)
      for (const s of scores) for (const line of describeScore(s)) console.log(`    ${line}`);
  }
}

void main();
