/**
 * Lint over the whole corpus: every file is linted without an exception, and the number of
 * findings per code is the reviewed baseline in lint-counts.tsv (regenerate it with
 * UPDATE_CORPUS_BASELINE=1 and review the difference: a count that moves is a rule that
 * changed what it sees).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { ORDINARY_BUILD } from '../../server/src/aports/entry';
import { LINT_RULES, lintApkbuild } from '../../server/src/lint';
import { corpusFile, corpusPaths } from '../helpers/paths';

const BASELINE = join(import.meta.dirname, 'lint-counts.tsv');
const UPDATE = process.env.UPDATE_CORPUS_BASELINE === '1';

describe('lint on the corpus', () => {
  it('lints every file, and the findings per code are the reviewed baseline', () => {
    const counts = new Map<string, { findings: number; files: number }>(
      LINT_RULES.map((rule) => [rule.code, { findings: 0, files: 0 }]),
    );
    const failures: string[] = [];
    const paths = corpusPaths();
    for (const path of paths) {
      try {
        const model = analyzeApkbuild(readFileSync(corpusFile(path), 'utf8'), {
          environment: ORDINARY_BUILD,
        });
        const seen = new Set<string>();
        for (const finding of lintApkbuild(model)) {
          const count = counts.get(finding.code)!;
          count.findings++;
          if (!seen.has(finding.code)) count.files++;
          seen.add(finding.code);
        }
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(paths).toHaveLength(11963);
    const rows = [...counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, c]) => `${code}\t${c.findings}\t${c.files}`);
    const table = `code\tfindings\tfiles\n${rows.join('\n')}\n`;
    console.log(`lint over ${paths.length} corpus files:\n${table}`);
    if (UPDATE) writeFileSync(BASELINE, table);
    expect(table).toBe(readFileSync(BASELINE, 'utf8'));
  });
});
