/**
 * `apk version --check`, the pkgver check of abuild validate, against real apk-tools 2.14.4 in
 * the Alpine image: hand-made cases around its tokenizer's leniency, and the pkgver of every
 * 25th APKBUILD of the corpus (with the ones that look odd).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { ORDINARY_BUILD } from '../../server/src/aports/entry';
import { apkAcceptsVersion } from '../../server/src/sbom/apk-version-check';
import { alpineImage, missingAlpineImage, offlineRun } from '../helpers/alpine-image';
import { corpusFile, corpusPaths, repoRoot } from '../helpers/paths';
import { dockerEnv } from '../helpers/stand-in-image';

const missing = missingAlpineImage();

const CASES = [
  ...['v1', 'vv1', 'a1', '1', '1.a', '1.h.2', '1..2', '.1', '1.', '1a', '1ab', '1a.2'],
  ...['1_rc', '1_rc1', '1_rc_p2', '1_rca', '1_x', '1-2', '1+2', '1~abc', '1.2~ab12', 'abc', ''],
  ...['1_alpha2_beta3', '1.0.0_git20230101', '1_p1.2', '0.h.i', '1h2', 'h', '1.2b3', '_1'],
  ...['0.h', '1.0-rc1', '1.0_r3a1', '1.0_foo', '1.05', '1.0.0', '2.4_p20230101', 'A1'],
];

function corpusVersions(): string[] {
  const versions = new Set<string>();
  corpusPaths().forEach((path, i) => {
    if (i % 25 !== 0) return;
    const model = analyzeApkbuild(readFileSync(corpusFile(path), 'utf8'), {
      environment: ORDINARY_BUILD,
    });
    const pkgver = model.value('pkgver');
    if (pkgver?.known && !/['\n]/.test(pkgver.value)) versions.add(pkgver.value);
  });
  return [...versions];
}

describe.skipIf(missing !== undefined)(
  `apk version --check against real apk-tools${missing ? `: ${missing}` : ''}`,
  () => {
    let env: NodeJS.ProcessEnv;
    beforeAll(() => {
      env = dockerEnv(repoRoot);
    });

    it('accepts and refuses exactly the versions apk does', () => {
      const versions = [...new Set([...CASES, ...corpusVersions()])];
      // One container, one line a version: `<exit code> <version>`.
      const script = `while IFS= read -r v; do apk version --check --quiet -- "$v-r0"; echo "$? $v"; done`;
      const run = offlineRun(env, alpineImage(env), ['/bin/sh', '-c', script], {
        input: versions.join('\n') + '\n',
      });
      expect(run.status, run.stderr).toBe(0);
      const output = run.stdout;
      const apk = new Map(
        output
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => [line.slice(line.indexOf(' ') + 1), line.startsWith('0 ')] as const),
      );
      expect(apk.size).toBe(versions.length);
      const disagreements = versions.filter((v) => apkAcceptsVersion(`${v}-r0`) !== apk.get(v));
      expect(disagreements).toEqual([]);
      // The leniency the lint must not report as refused.
      expect(['v1', '0.h', '1h2', ''].every((v) => apk.get(v))).toBe(true);
    });
  },
);
