import { beforeAll, describe, expect, it } from 'vitest';
import type { SbomInput } from '../../server/src/hardening';
import { BENCHMARK_PROFILES, readLabels, type AportLabels } from '../helpers/hardening-labels';
import {
  benchmarkSbom,
  describeScore,
  precision,
  recall,
  scoreAport,
  totals,
  type AportScore,
} from '../helpers/hardening-score';

/**
 * The labelled benchmark of test/hardening-benchmark (its README says how the labels were
 * written: from upstream's build definitions, not from this project). The analysis is held to
 * the goals of the hardening issue on it: no fixed file that would not configure or package,
 * precision of at least 90% and recall of at least 80% for each built-in profile, every
 * finding verified or advice as labelled, no trap reported.
 */
const labels: AportLabels[] = readLabels();
let sbom: SbomInput;

beforeAll(async () => {
  // As `apkharden check --index v3.19 --aports corpus` runs: what brings what, from both.
  sbom = await benchmarkSbom();
}, 120_000);

describe('the labelled hardening benchmark', () => {
  it('covers at least 40 real aports and every build system', () => {
    expect(labels.length).toBeGreaterThanOrEqual(40);
    expect(new Set(labels.map((l) => l.system))).toEqual(
      new Set(['meson', 'autoconf', 'cmake', 'make', 'waf', 'configure-script']),
    );
    for (const l of labels) expect(l.sources?.length ?? 0, l.file).toBeGreaterThan(0);
  });

  for (const profile of BENCHMARK_PROFILES) {
    describe(`profile ${profile}`, () => {
      let scores: AportScore[];
      beforeAll(() => {
        scores = labels.map((l) => scoreAport(l, profile, sbom));
      });

      it('leaves no fixed file that would not configure or package', () => {
        expect(scores.filter((s) => s.build.length > 0).flatMap(describeScore)).toEqual([]);
      });

      it('reaches 90% precision and 80% recall, and reports no trap', () => {
        const all = totals(scores);
        const report = scores.flatMap(describeScore).join('\n');
        expect(precision(all), report).toBeGreaterThanOrEqual(0.9);
        expect(recall(all), report).toBeGreaterThanOrEqual(0.8);
        expect(
          scores.flatMap((s) => s.traps.map((t) => `${s.aport}: ${t.kind} ${t.subject}`)),
        ).toEqual([]);
      });

      it('says verified or advice as the labels do', () => {
        const wrong = scores.flatMap((s) =>
          s.sureness.map(
            (m) =>
              `${s.aport}: ${m.label.subject} (tool ${m.finding.verified ? 'verified' : 'advice'})`,
          ),
        );
        expect(wrong).toEqual([]);
      });

      it('fixes the files as labelled: the expected build commands, what stays and what goes', () => {
        expect(
          scores.filter((s) => s.fixed.length > 0).flatMap((s) => [s.aport, ...s.fixed]),
        ).toEqual([]);
      });
    });
  }
});
