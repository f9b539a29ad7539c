import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { ORDINARY_BUILD } from '../../server/src/aports/entry';
import { decodeBytes, encodeText } from '../../server/src/byte-text';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  checkFix,
  fixAll,
  type FixVariant,
} from '../../server/src/hardening';
import { bashAccepts, keptOutsideEdits } from '../helpers/bash-syntax';
import { corpusFile, lighttpdExample, requireShared } from '../helpers/paths';

const kubernetes = builtinProfile('kubernetes')!;
const example = readFileSync(lighttpdExample);
const VARIANTS: FixVariant[] = ['disable', 'remove'];

function fixOf(bytes: Buffer, variant: FixVariant = 'disable') {
  const model = analyzeApkbuild(decodeBytes(bytes), { environment: ORDINARY_BUILD });
  const { edits } = fixAll(model, analyzeHardening(model, kubernetes), variant);
  return { model, edits, check: checkFix(model, edits) };
}

/** The example with `insert` put before the first `needle`. */
function withInsert(source: Buffer, needle: string, insert: string | Buffer): Buffer {
  const at = source.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle}`);
  return Buffer.concat([source.subarray(0, at), Buffer.from(insert), source.subarray(at)]);
}

describe('fixes never make the syntax worse', () => {
  it('applies the edits to a file that parses and stays parsing', () => {
    const { model, edits, check } = fixOf(example);
    expect(edits.length).toBeGreaterThan(0);
    expect(check).toEqual({ ok: true, text: applyEdits(model.text, edits) });
  });

  it('refuses any edit of a file with a syntax error, naming where it is', () => {
    const broken = Buffer.concat([example, Buffer.from('_x="oops\n')]);
    const { edits, check } = fixOf(broken);
    expect(edits.length).toBeGreaterThan(0); // the findings before the error are sound
    expect(check).toEqual({
      ok: false,
      fault: 'file',
      reason:
        'the file has a syntax error at 91:4 (unterminated double quote); fixes apply only to a file that parses',
    });
    // Nothing to do is not refused.
    const model = analyzeApkbuild(broken.toString());
    expect(checkFix(model, [])).toEqual({ ok: true, text: broken.toString() });
  });

  it('refuses edits whose text would not parse, naming where in the fixed text', () => {
    const model = analyzeApkbuild('pkgname=a\npkgdesc="b c"\n');
    const quote = model.text.lastIndexOf('"');
    expect(checkFix(model, [{ range: { start: quote, end: quote + 1 }, newText: '' }])).toEqual({
      ok: false,
      fault: 'fix',
      reason: 'the fixed text would have a syntax error at 2:9 (unterminated double quote)',
    });
  });

  // Two inputs of the fuzzer that `fix` once turned into files bash refuses; bash reads both.
  it('refuses a NUL byte before a function body: bash drops the NUL, the parser does not', () => {
    const nul = withInsert(example, '{\n\tDESTDIR', '\0');
    expect(bashAccepts(nul)).toBe(true);
    for (const variant of VARIANTS) {
      const { model, edits, check } = fixOf(nul, variant);
      // Unchecked, the edits (the -openrc files out of package()) break the file for bash.
      expect(bashAccepts(encodeText(applyEdits(model.text, edits)))).toBe(false);
      expect(check.ok).toBe(false);
    }
  });

  it('refuses an unterminated quote the parser sees where bash reads "$\'" as two characters', () => {
    requireShared();
    const samba = readFileSync(corpusFile('main/samba/APKBUILD'));
    const quoted = withInsert(samba, 'pkgdir/etc/init.d/', "'");
    expect(quoted.toString()).toContain(`"$'pkgdir/etc/init.d/$pkgname"`);
    expect(bashAccepts(quoted)).toBe(true);
    for (const variant of VARIANTS) {
      const { model, edits, check } = fixOf(quoted, variant);
      expect(bashAccepts(encodeText(applyEdits(model.text, edits)))).toBe(false);
      expect(check.ok).toBe(false);
    }
  });

  it('gives bash a file it accepts, with every byte outside the edits kept, over NULs and quotes planted everywhere', () => {
    // Before and after every brace, parenthesis, quote and line start of the example.
    const spots = new Set<number>([0]);
    example.forEach((b, i) => {
      if ('{}()"\n'.includes(String.fromCharCode(b))) spots.add(i).add(i + 1);
    });
    const planted = [Buffer.of(0), Buffer.from('"'), Buffer.from("'"), Buffer.of(0xe9)];
    const seen = { applied: 0, refused: 0 };
    [...spots].forEach((at, n) => {
      // One planted byte a spot, in turn, keeps the sweep to a few hundred files.
      const insert = planted[n % planted.length];
      const input = Buffer.concat([example.subarray(0, at), insert, example.subarray(at)]);
      for (const variant of VARIANTS) {
        const { model, edits, check } = fixOf(input, variant);
        if (edits.length === 0) continue;
        if (!check.ok) {
          seen.refused++;
          continue;
        }
        seen.applied++;
        const output = encodeText(check.text);
        expect(keptOutsideEdits(input, model.text, edits, output)).toBe(true);
        if (bashAccepts(input)) expect(bashAccepts(output), `${at} ${insert.join()}`).toBe(true);
      }
    });
    // Both kinds occur: the sweep is not vacuous.
    expect(seen.applied).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(10);
  });
});
