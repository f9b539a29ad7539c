import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, parseShell } from '../../server/src/apkbuild';
import { analyzeHardening, applyEdits, builtinProfile, fixAll } from '../../server/src/hardening';
import { lintApkbuild } from '../../server/src/lint';
import { seededRandom as random } from '../helpers/fuzz-inputs';
import { lighttpdExample } from '../helpers/paths';
import { treeViolation } from '../helpers/tree-invariants';

/** Analyzes hostile input: it must come back with a model, sound ranges and no exception. */
function survive(text: string): ReturnType<typeof analyzeApkbuild> {
  const model = analyzeApkbuild(text);
  expect(treeViolation(text, parseShell(text))).toBeNull();
  hardenAndLint(model);
  return model;
}

/** The analyses over the model must survive the same input, and their fixes must apply. */
function hardenAndLint(model: ReturnType<typeof analyzeApkbuild>): void {
  const analysis = analyzeHardening(model, KUBERNETES);
  applyEdits(model.text, fixAll(model, analysis, 'remove').edits);
  lintApkbuild(model);
}

const KUBERNETES = builtinProfile('kubernetes')!;

describe('bad input yields a model and diagnostics, never an exception', () => {
  const example = readFileSync(lighttpdExample, 'utf8');

  it('binary garbage and NUL bytes', () => {
    const next = random(1);
    const bytes = Buffer.from(Array.from({ length: 20000 }, () => Math.floor(next() * 256)));
    survive(bytes.toString('latin1'));
    survive(bytes.toString('utf8'));
    const model = survive('pkgname=a\0b\npkgver=1\0\n\0\0\0build() {\0}\n');
    expect(model.value('pkgver')).toEqual({ known: true, value: '1\0' });
  });

  it('unterminated quotes, substitutions, heredocs and compound commands', () => {
    for (const text of [
      'pkgname="abc',
      "pkgdesc='x",
      'x=$(echo',
      'x=`echo',
      'x=${y',
      'x=$((1+',
      'cat <<EOF\nbody',
      'if true; then',
      'case x in\na)',
      'for f in a; do',
      'f() {',
      '( (',
      'x=(a b',
    ]) {
      const model = survive(text);
      expect(model.syntaxDiagnostics.length).toBeGreaterThan(0);
    }
  });

  it('CRLF line ends and a missing trailing newline', () => {
    const crlf = survive(example.replace(/\n/g, '\r\n'));
    expect(crlf.syntaxDiagnostics.map((d) => d.message)).toContain(
      "CRLF line ends: abuild's shell reads the \\r as part of each line",
    );
    expect(crlf.functions.map((f) => f.name)).toEqual([
      'build',
      'check',
      'package',
      'mod_auth',
      'mod_webdav',
    ]);
    const noNewline = survive(example.trimEnd());
    expect(noNewline.value('pkgname')).toEqual({ known: true, value: 'lighttpd' });
  });

  it('deeply nested substitutions, expansions, groups and conditionals', () => {
    for (const [open, close] of [
      ['$(', ')'],
      ['${x:-', '}'],
      ['"$(', ')"'],
      ['{ ', '; }'],
      ['if true; then ', '; fi'],
      ['(', ')'],
    ] as const) {
      const text = `x=${open.repeat(5000)}y${close.repeat(5000)}\n`;
      survive(text);
    }
  });

  it('a 10 MB file', () => {
    const big = example.repeat(Math.ceil((10 * 1024 * 1024) / example.length));
    const model = survive(big);
    expect(model.value('pkgname')).toEqual({ known: true, value: 'lighttpd' });
  });

  it('a value doubled in a loop stops at a size limit instead of exhausting memory', () => {
    const items = Array.from({ length: 30 }, (_, i) => i).join(' ');
    const model = survive(
      `_x=ab\nfor i in ${items}; do _x=$_x$_x; done\n_y=\${_x//a/b}\npkgname=after\n`,
    );
    const x = model.value('_x');
    expect(x && !x.known && x.reason).toMatch(/grows beyond/);
    expect(model.value('pkgname')).toEqual({ known: true, value: 'after' });
  });

  it('an endless loop is cut off and only what it assigns becomes unknown', () => {
    const model = survive('while true; do _n=1; done\npkgname=after\n');
    expect(model.value('_n')?.known).toBe(false);
    expect(model.value('pkgname')).toEqual({ known: true, value: 'after' });
  });

  it('runaway recursion makes the rest unknown with a reason', () => {
    const model = survive('_f() { _f; _f; }\n_f\npkgname=after\n');
    const pkgname = model.value('pkgname');
    expect(pkgname && !pkgname.known && pkgname.reason).toBe(
      'evaluation stopped: calls of _f() nest more than 64 deep (line 1)',
    );
  });

  it('arithmetic wraps at 64 bits and masks shift counts, as bash does', () => {
    const model = survive('_a=$((2 << 70))\n_b=$((9223372036854775807 + 1))\n');
    expect(model.value('_a')).toEqual({ known: true, value: '128' });
    expect(model.value('_b')).toEqual({ known: true, value: '-9223372036854775808' });
  });
});
