import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { throwawayKey } from '../../server/src/rebuild/index-signing';
import { writePublicKey, writeRepositoryIndex } from '../../server/src/rebuild/variant-repository';
import { readApkIndex } from '../../server/src/sbom/apkindex';
import { ALPINE_PACKAGES, alpineImage, missingAlpineImage } from '../helpers/alpine-image';
import { apkBytes } from '../helpers/apk-writer';
import { cliBundle } from '../helpers/bundles';
import { lighttpdExample, repoRoot } from '../helpers/paths';
import { dockerEnv } from '../helpers/stand-in-image';

/**
 * `apkharden rebuild` in the official Alpine 3.19.4 minirootfs (real apk-tools and busybox, no
 * stand-ins) with the shared 3.19.1 repository as its only repository and no network: as far
 * as a machine without Alpine's toolchain gets. The fetch step's one `apk add` of alpine-sdk
 * and the makedepends fails naming every package the repository lacks; with a repository that
 * also holds an (empty) alpine-sdk, it installs the real packages and stops at abuild.
 */
const missing = missingAlpineImage();
let env: NodeJS.ProcessEnv;
let image: string;
let temp: string;

function rebuildCli(file: string, extra: string[]) {
  const out = join(temp, `out-${readdirSync(temp).length}`);
  const run = spawnSync(
    process.execPath,
    [cliBundle, 'rebuild', file, '--image', image, '--out', out, '--variant', 'original', ...extra],
    { env: { ...env, XDG_CACHE_HOME: join(temp, 'cache') }, encoding: 'utf8', timeout: 240_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, out };
}

/** An aport TEMP/aports/main/NAME holding `text` as its APKBUILD. */
function aport(name: string, text: string): string {
  const dir = join(temp, 'aports', 'main', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'APKBUILD'), text);
  return join(dir, 'APKBUILD');
}

beforeAll(() => {
  if (missing !== undefined) return;
  env = dockerEnv(repoRoot);
  image = alpineImage(env);
  temp = mkdtempSync(join(tmpdir(), 'apkharden-real-rebuild-'));
}, 180_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe.skipIf(missing !== undefined)(
  `rebuild in the real Alpine image${missing ? `: ${missing}` : ''}`,
  () => {
    it('fails the fetch step naming alpine-sdk and every makedepend the repository lacks', () => {
      const work = join(temp, 'aports', 'main', 'lighttpd');
      cpSync(join(lighttpdExample, '..'), work, { recursive: true });
      const file = join(work, 'APKBUILD');
      const run = rebuildCli(file, ['--repository', ALPINE_PACKAGES, '--fetch-network', 'none']);

      // What apk is asked for: alpine-sdk and the makedepends; none is in the shared repository.
      const value = analyzeApkbuild(readFileSync(file, 'utf8'), { carch: 'x86_64' }).value(
        'makedepends',
      );
      if (!value?.known) throw new Error('the example has no static makedepends');
      const makedepends = value.value.split(/\s+/).filter((word) => word !== '');
      const held = new Set(
        readApkIndex(
          readFileSync(join(ALPINE_PACKAGES, 'x86_64/APKINDEX.tar.gz')),
          'shared',
        ).packages.map((p) => p.name),
      );
      const lacking = ['alpine-sdk', ...makedepends].filter((name) => !held.has(name));
      expect(lacking).toHaveLength(12);

      const log = join(run.out, 'original/build.log');
      expect(run.stderr).toBe(
        `apkharden rebuild: [original] fetch failed: apk cannot install ${lacking.join(', ')}: ` +
          `no such package in ${ALPINE_PACKAGES} (log: ${log})\n`,
      );
      expect(run.status).toBe(1);
      // Nothing failed before apk: the script ran, the repository replaced the image's.
      expect(run.stdout).toContain('abuild-in-container: /etc/apk/repositories: /repositories/1\n');
      expect(run.stdout).toContain('ERROR: unable to select packages:\n');
      expect(run.stdout).not.toContain('==> [original] build');
      expect(run.stdout).not.toContain('>>> ERROR');
    });

    it('installs what the repositories hold, and stops at abuild, which they do not', async () => {
      // A second repository with an alpine-sdk that holds nothing, signed by a key of our own.
      const toolchain = join(temp, 'toolchain', 'x86_64');
      mkdirSync(toolchain, { recursive: true });
      const empty = await apkBytes({
        pkginfo: { pkgname: 'alpine-sdk', pkgver: '0.0-r0', arch: 'noarch', size: 0 },
        files: [],
      });
      writeFileSync(join(toolchain, 'alpine-sdk-0.0-r0.apk'), empty);
      const key = throwawayKey();
      const keys = dirname(writePublicKey(join(temp, 'toolchain'), key));
      await writeRepositoryIndex(toolchain, 'x86_64', key, 'a stand-in alpine-sdk');
      const file = aport(
        'idn-user',
        [
          'pkgname=idn-user',
          'pkgver=1.0',
          'pkgrel=0',
          'pkgdesc="Needs libidn2 and pcre2 to build"',
          'url="https://apkbuild-hardening.invalid"',
          'arch="all"',
          'license="MIT"',
          'makedepends="libidn2 pcre2"',
          'source=""',
          'build() { :; }',
          'package() { mkdir -p "$pkgdir"; }',
          '',
        ].join('\n'),
      );
      const run = rebuildCli(file, [
        ...['--repository', ALPINE_PACKAGES, '--repository', join(toolchain, '..')],
        ...['--keys', keys, '--fetch-network', 'none'],
      ]);

      expect(run.stdout).toContain(
        'abuild-in-container: /etc/apk/repositories: /repositories/1 /repositories/2\n',
      );
      for (const installed of [
        'alpine-sdk (0.0-r0)',
        'libunistring (1.1-r2)',
        'libidn2 (2.3.4-r4)',
        'pcre2 (10.42-r2)',
      ])
        expect(run.stdout).toMatch(
          new RegExp(`^\\(\\d/\\d\\) Installing ${installed.replace(/[()]/g, '\\$&')}$`, 'm'),
        );
      expect(run.stdout).not.toContain('UNTRUSTED');
      // abuild comes with the real alpine-sdk only: the script stops there, with busybox's words.
      expect(run.stderr).toMatch(
        /^apkharden rebuild: \[original\] fetch failed: exit code 127: \S+abuild-in-container\.sh: line \d+: abuild: not found \(log: /,
      );
      expect(run.status).toBe(1);
    });
  },
);
