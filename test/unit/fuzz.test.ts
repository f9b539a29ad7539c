import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, EVALUATION_LIMITS, parseShell } from '../../server/src/apkbuild';
import { sourceStatically } from '../../server/src/apkbuild/source';
import { analyzeHardening, applyEdits, builtinProfile, fixAll } from '../../server/src/hardening';
import { lintApkbuild } from '../../server/src/lint';
import { ADVERSARIAL_INPUTS, fuzzCases } from '../helpers/fuzz-inputs';
import { corpusFile, corpusPaths } from '../helpers/paths';
import { treeViolation } from '../helpers/tree-invariants';

const KUBERNETES = builtinProfile('kubernetes')!;

/** Everything the server does with a document: model, hardening, lint, every fix applied. */
function analyseAll(text: string, label: string): void {
  const violation = treeViolation(text, parseShell(text));
  if (violation) throw new Error(`${label}: ${violation}\n--- input ---\n${text.slice(0, 2000)}`);
  const model = analyzeApkbuild(text);
  const analysis = analyzeHardening(model, KUBERNETES);
  applyEdits(model.text, fixAll(model, analysis, 'remove').edits);
  lintApkbuild(model);
  // The budget is what bounds the time: no input may run past it unnoticed.
  const { evaluator } = sourceStatically(text, {
    carch: 'x86_64',
    startdir: '/x/main/x',
    repo: 'main',
  });
  const { steps, work } = evaluator.meter;
  if (steps > EVALUATION_LIMITS.steps + 1 || work > EVALUATION_LIMITS.work * 2)
    throw new Error(`${label}: the budget did not hold (${steps} steps, ${work} units)`);
}

/** 300 real files, the same ones on every run, as the mutator's seeds. */
function seedFiles(): string[] {
  const paths = corpusPaths();
  return Array.from({ length: 300 }, (_, i) =>
    readFileSync(corpusFile(paths[(i * 7919 + 13) % paths.length]), 'utf8'),
  );
}

describe('fuzz: mutated corpus files and adversarial inputs', () => {
  it('every adversarial input yields a model, findings and fixes within the budget', () => {
    for (const [name, text] of Object.entries(ADVERSARIAL_INPUTS)) analyseAll(text, name);
  });

  it('3,000 mutated corpus files (seed 2026) yield a model, findings and fixes', () => {
    let cases = 0;
    for (const { index, text } of fuzzCases(seedFiles(), 3000, 2026)) {
      analyseAll(text, `case ${index} of seed 2026`);
      cases++;
    }
    expect(cases).toBe(3000);
  }, 600_000);
});
