import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { bashValues } from '../helpers/bash-oracle';

/** [setup, expression]: `_r=<expression>` after the setup, compared with what bash assigns. */
const EXPRESSIONS: [string, string][] = [
  ['pkgver=1.4.71', '${pkgver%.*}'],
  ['pkgver=1.4.71', '${pkgver%%.*}'],
  ['pkgver=1.4.71', '${pkgver#*.}'],
  ['pkgver=1.4.71', '${pkgver##*.}'],
  ['pkgver=1.4.71', '${pkgver//./_}'],
  ['pkgver=1.4.71', '${pkgver/./-}'],
  ['v=a-b-c', '${v/#a/X}'],
  ['v=a-b-c', '${v/%c/Y}'],
  ['v=a-b-c', '${v//[a-b]/Z}'],
  ['v=abc123', '${v%%[[:digit:]]*}'],
  ['v=abcdef', '${v:1:3}'],
  ['v=abcdef', '${v:2}'],
  ['v=abcdef', '${v: -2}'],
  ['v=abcdef', '${#v}'],
  ['', '${_unset:-default}'],
  ['_e=', '${_e-default}'],
  ['_e=', '${_e:-default}'],
  ['v=x', '${v:+alternative}'],
  ['', '${_unset+alternative}'],
  ['v=x', '"$v"/$v-"${v}"'],
  ['v=x', "'$v'"],
  ['', '$((3 * (2 + 1) - 4 / 2))'],
  ['_n=5', '$((_n % 3 + $_n))'],
  ['pkgname=py3-foo', '${pkgname#py3-}'],
  ['v=1.2.3_rc1', '${v/_rc/rc}'],
  ['v="a b  c"', '$v'],
  ['', '"${CARCH}"-$CHOST'],
  ['_p="*"', '${_p}'],
  ['v=abc', '${v/\\*/x}'],
  ['v=a.b', '${v%"."*}'],
  ['v=one', '${v:=two}'],
  ['', '${_unset:=assigned}'],
  ['v=Hello', '${v^^}${v,,}'],
  // Unknowable statically: a command substitution, and a variable of the caller's environment.
  ['', '"$(echo never run)"'],
  ['', '$HOME'],
];

describe('parameter expansion agrees with bash', () => {
  const scripts = EXPRESSIONS.map(([setup, expression]) => `${setup}\n_r=${expression}\n`);
  const expected = bashValues(scripts, ['_r']).map((row) => row[0]);

  EXPRESSIONS.forEach(([setup, expression], i) => {
    it(`${setup ? setup + '; ' : ''}_r=${expression}`, () => {
      const value = analyzeApkbuild(scripts[i]).value('_r');
      if (/\$\([^(]/.test(expression) || expression === '$HOME') {
        expect(value?.known).toBe(false);
        return;
      }
      expect(value).toEqual({ known: true, value: expected[i] });
    });
  });
});
