import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, EVALUATION_LIMITS, sourceApkbuild } from '../../server/src/apkbuild';
import { analyzeHardening, builtinProfile, HARDENING_MAX_CHARS } from '../../server/src/hardening';
import { ADVERSARIAL_INPUTS } from '../helpers/fuzz-inputs';
import { corpusFile, corpusPaths, lighttpdExample } from '../helpers/paths';

/** The hostile input, then an assignment that sourcing reaches only if it got past it. */
function model(name: string) {
  return analyzeApkbuild(`pkgname=before\n${ADVERSARIAL_INPUTS[name]}\npkgver=after\n`);
}

function stopOf(name: string) {
  const m = model(name);
  const at = m.evaluationStop && m.lines.positionAt(m.evaluationStop.offset);
  return { reason: m.evaluationStop?.reason, line: at ? at.line + 1 : null, m };
}

describe('the work budget of static evaluation', () => {
  it('stops a self-feeding eval at the eval depth, at the eval that went too deep', () => {
    for (const name of ['self-feeding eval', 'eval of itself', 'eval fanning out']) {
      const { reason, line, m } = stopOf(name);
      expect(reason, name).toBe('evaluation stopped: eval runs eval more than 16 deep (line 2)');
      expect(line, name).toBe(2);
      // Sourcing never finished, so no value is certain: each says why.
      expect(m.value('pkgname')).toEqual({ known: false, reason });
      expect(m.value('pkgver')).toEqual({ known: false, reason });
    }
  });

  it('stops runaway recursion at the call depth', () => {
    const { reason, m } = stopOf('recursion fanning out');
    expect(reason).toBe('evaluation stopped: calls of _f() nest more than 64 deep (line 2)');
    expect(m.value('pkgver')).toEqual({ known: false, reason });
  });

  it('counts repeated commands: five nested loops of ten stop at the step bound', () => {
    const loops = 'for a in 0 1 2 3 4 5 6 7 8 9; do '.repeat(5) + '_y=1; ' + 'done; '.repeat(5);
    const m = analyzeApkbuild(`pkgname=before\n${loops}\npkgver=after\n`);
    expect(m.evaluationStop?.reason).toBe(
      'evaluation stopped: more than 100,000 commands run (line 2)',
    );
    expect(m.value('pkgver')).toEqual({ known: false, reason: m.evaluationStop!.reason });
  });

  it('does not count straight-line commands: 100,000 lines are sourced to the end', () => {
    const { reason, m } = stopOf('100,000 lines');
    expect(reason).toBeUndefined();
    expect(m.value('_v99999')).toEqual({ known: true, value: '99999' });
    expect(m.value('pkgver')).toEqual({ known: true, value: 'after' });
  });

  it('counts characters: growing values stop at the work budget, at the line that went over', () => {
    for (const [name, line] of [
      ['100,000 appends', 2091],
      ['nested loops', 2],
    ] as const) {
      const { reason, m } = stopOf(name);
      expect(reason, name).toBe(
        `evaluation stopped: assigning values exceeds the work budget of 20,000,000 units (line ${line})`,
      );
      expect(m.value('pkgver')).toEqual({ known: false, reason });
    }
  });

  it('a value past its own bound is unknown alone; sourcing goes on', () => {
    const { reason, m } = stopOf('functions fanning out');
    expect(reason).toBeUndefined();
    expect(m.value('_x')).toEqual({
      known: false,
      reason: `_x grows beyond ${EVALUATION_LIMITS.valueLength} characters`,
    });
    expect(m.value('pkgver')).toEqual({ known: true, value: 'after' });
  });

  it('counts branches: unknown conditions over many variables stop at the work budget', () => {
    const text =
      Array.from({ length: 20_000 }, (_, i) => `_v${i}=${i}`).join('\n') +
      '\n' +
      Array.from({ length: 20_000 }, (_, i) => `[ -e /x${i} ] && _v${i}=x`).join('\n') +
      '\npkgver=after\n';
    const m = analyzeApkbuild(text);
    expect(m.evaluationStop?.reason).toMatch(
      /^evaluation stopped: (exploring|joining) branches exceeds the work budget of 20,000,000 units \(line \d+\)$/,
    );
    // The stop is at one of the conditions, not at the top of the file.
    expect(m.lines.positionAt(m.evaluationStop!.offset).line).toBeGreaterThanOrEqual(20_000);
    expect(m.value('_v0')).toEqual({ known: false, reason: m.evaluationStop!.reason });
  });

  it('leaves files within the bounds alone: a loop too long to unroll is a local unknown', () => {
    const { reason, m } = stopOf('endless loop');
    expect(reason).toBeUndefined();
    expect(m.value('_n')).toEqual({
      known: false,
      reason: 'the loop at line 2 cannot be followed',
    });
    expect(m.value('pkgver')).toEqual({ known: true, value: 'after' });
  });

  it('the values-only sourcing reports the same stop', () => {
    const text = `pkgname=before\n${ADVERSARIAL_INPUTS['eval of itself']}\npkgver=after\n`;
    expect(sourceApkbuild(text).evaluationStop).toEqual(analyzeApkbuild(text).evaluationStop);
  });

  it('no file of the corpus comes near a bound', () => {
    const stopped: string[] = [];
    for (const path of corpusPaths()) {
      const values = sourceApkbuild(readFileSync(corpusFile(path), 'utf8'));
      if (values.evaluationStop) stopped.push(`${path}: ${values.evaluationStop.reason}`);
    }
    expect(stopped).toEqual([]);
  });
});

describe('hardening judges only what it can judge soundly', () => {
  const example = readFileSync(lighttpdExample, 'utf8');
  const seed = builtinProfile('kubernetes')!;

  it('judges the example as before', () => {
    const analysis = analyzeHardening(analyzeApkbuild(example), seed);
    expect(analysis.skipped).toBeNull();
    expect(analysis.findings.length).toBeGreaterThan(0);
  });

  it('a file past the size bound is modelled but not judged, and says why', () => {
    const big = example.repeat(Math.ceil((HARDENING_MAX_CHARS + 1) / example.length));
    const model = analyzeApkbuild(big);
    expect(model.value('pkgname')).toEqual({ known: true, value: 'lighttpd' });
    const analysis = analyzeHardening(model, seed);
    expect(analysis.findings).toEqual([]);
    expect(analysis.skipped).toBe(
      `the file is too large to judge (${big.length.toLocaleString('en-US')} characters; hardening judges files up to 65,536)`,
    );
  });

  it('a file whose evaluation stopped is not judged: its values are not known', () => {
    const stopped = example.replace(
      /^pkgver=/m,
      `${ADVERSARIAL_INPUTS['self-feeding eval']}pkgver=`,
    );
    const analysis = analyzeHardening(analyzeApkbuild(stopped), seed);
    expect(analysis.findings).toEqual([]);
    expect(analysis.skipped).toMatch(
      /^not judged: evaluation stopped: eval runs eval more than 16 deep \(line \d+\)$/,
    );
  });
});
