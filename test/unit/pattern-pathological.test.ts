import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import {
  matchesPattern,
  removePrefix,
  removeSuffix,
  replacePattern,
  type PatternPiece,
} from '../../server/src/apkbuild/pattern';
import { bashValues } from '../helpers/bash-oracle';

const glob = (text: string): PatternPiece[] => [{ text, quoted: false }];
/** Eleven `*a` then `*b`: a backtracking matcher takes time exponential in the `*a`. */
const ELEVEN = '*a*a*a*a*a*a*a*a*a*a*a*b';
const a = (n: number): string => 'a'.repeat(n);

/*
 * bash's answers, from `env -i bash --norc long.sh` where long.sh is, for n in 48 and 1000,
 *   P='*a*a*a*a*a*a*a*a*a*a*a*b'; v=$(printf "%${n}s" '' | tr ' ' a); w=${v}b
 *   case $v in $P) ...; r=${v##$P}; r=${v#$P}; r=${v%$P}; r=${v%%$P}; r=${v//*a*a*a*b/x}
 *   (and the same on $w), printing `${#r}` or "[$r]". It printed:
 *   n=48 case v=n w=y | v: ##48 #48 %48 %%48 //48 | w: ##[] #[] %37 %%[] //[x]
 *   n=1000 case v=n w=y | v: ##1000 #1000 %1000 %%1000 //1000 | w: ##[] #[] %989 %%[] //[x]
 */
describe.each([48, 1000])('%i a against *a*a*a*a*a*a*a*a*a*a*a*b, as bash answers', (n) => {
  const v = a(n);
  const w = `${v}b`;

  it('case: no match without the b, a match with it', () => {
    expect(matchesPattern(v, glob(ELEVEN))).toBe(false);
    expect(matchesPattern(w, glob(ELEVEN))).toBe(true);
  });

  it('# ## % %% leave the value whole without the b', () => {
    expect(removePrefix(v, glob(ELEVEN), false)).toBe(v);
    expect(removePrefix(v, glob(ELEVEN), true)).toBe(v);
    expect(removeSuffix(v, glob(ELEVEN), false)).toBe(v);
    expect(removeSuffix(v, glob(ELEVEN), true)).toBe(v);
  });

  it('# ## % %% with the b: all, all, the shortest 11 a and b, all', () => {
    expect(removePrefix(w, glob(ELEVEN), false)).toBe('');
    expect(removePrefix(w, glob(ELEVEN), true)).toBe('');
    expect(removeSuffix(w, glob(ELEVEN), false)).toBe(a(n - 11));
    expect(removeSuffix(w, glob(ELEVEN), true)).toBe('');
  });

  it('${v//*a*a*a*b/x} replaces nothing without the b, everything with it', () => {
    expect(replacePattern(v, glob('*a*a*a*b'), 'x', '//')).toBe(v);
    expect(replacePattern(w, glob('*a*a*a*b'), 'x', '//')).toBe('x');
  });
});

/*
 * 100,000 characters, bash's answers from `env -i bash --norc long.sh` with
 * v=$(printf '%100000s' '' | tr ' ' a); w=${v}b, printing `${#r}` and what is left of $r
 * without its one repeated character: `r=${v##$P}` 100000 (bash took 5.3 s),
 * `r=${v//*a*a*a*b/x}` 100000, `r=${v%%a*}` [], `r=${v#*a}` 99999, `r=${v//a?/x}` 50000
 * (all x), `r=${v//[ab]/x}` 100000 (all x), `r=${w##*a*a*a*b}` [], `r=${w//*a*a*a*b/x}` [x],
 * `case $w in $P)` y, `case $v in $P)` n.
 */
describe('100,000-character values, as bash answers', () => {
  const v = a(100_000);
  const w = `${v}b`;

  it('removal and replacement', () => {
    expect(removePrefix(v, glob(ELEVEN), true)).toBe(v);
    expect(replacePattern(v, glob('*a*a*a*b'), 'x', '//')).toBe(v);
    expect(removeSuffix(v, glob('a*'), true)).toBe('');
    expect(removePrefix(v, glob('*a'), false)).toBe(a(99_999));
    expect(replacePattern(v, glob('a?'), 'x', '//')).toBe('x'.repeat(50_000));
    expect(replacePattern(v, glob('[ab]'), 'x', '//')).toBe('x'.repeat(100_000));
    expect(removePrefix(w, glob('*a*a*a*b'), true)).toBe('');
    expect(replacePattern(w, glob('*a*a*a*b'), 'x', '//')).toBe('x');
  });

  it('case', () => {
    expect(matchesPattern(w, glob(ELEVEN))).toBe(true);
    expect(matchesPattern(v, glob(ELEVEN))).toBe(false);
  });
});

describe('an APKBUILD with such patterns evaluates to what bash assigns', () => {
  const script = (value: string): string =>
    `${value}\ncase $_v in ${ELEVEN}) _c=yes;; *) _c=no;; esac\n` +
    `_p=\${_v##${ELEVEN}}\n_s=\${_v%${ELEVEN}}\n_g=\${_v//*a*a*a*b/x}\n`;
  const names = ['_c', '_p', '_s', '_g'];
  const scripts = [
    script(`_v=${a(48)}`),
    script(`_v=${a(47)}b`),
    // 2^17 = 131,072 characters, doubled in a loop, then a b.
    script(
      `_v=a\nfor _i in ${Array.from({ length: 17 }, (_, i) => i).join(' ')}; do _v=$_v$_v; done\n_v=\${_v}b`,
    ),
  ];
  const expected = bashValues(scripts, names);

  it.each([0, 1, 2])('script %i', (i) => {
    const model = analyzeApkbuild(scripts[i]);
    const got = names.map((name) => {
      const value = model.value(name);
      return value?.known ? value.value : value;
    });
    expect(got).toEqual(expected[i]);
  });
});

describe('beyond the matching budget the value is unknown, with the reason', () => {
  // 2^20 characters (the longest value evaluation keeps) against an 11-character glob.
  const doubling = Array.from({ length: 20 }, (_, i) => i).join(' ');
  const model = analyzeApkbuild(
    `_v=a\nfor _i in ${doubling}; do _v=$_v$_v; done\n` +
      `_r=\${_v##*a*a*a*a*b}\ncase $_v in *a*a*a*a*b) _c=yes;; esac\n_k=\${_v%%a}\npkgname=after\n`,
  );

  it('the pattern operation and the case it decides are unknown; the rest is known', () => {
    const r = model.value('_r');
    expect(r && !r.known && r.reason).toMatch(/too long to match statically/);
    expect(model.value('_c')?.known).toBe(false);
    // A literal pattern costs no more than the value's length: it is still answered.
    expect(model.value('_k')).toEqual({ known: true, value: a((1 << 20) - 1) });
    expect(model.value('pkgname')).toEqual({ known: true, value: 'after' });
  });
});
