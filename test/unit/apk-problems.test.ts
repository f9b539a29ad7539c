import { describe, expect, it } from 'vitest';
import { apkSelectionProblems, describeApkProblems } from '../../server/src/rebuild/apk-problems';

/**
 * Real apk-tools 2.14.4 output, captured in the Alpine 3.19.4 minirootfs with only the shared
 * 3.19.1 repository in /etc/apk/repositories (no toolchain in it):
 * `apk add --virtual .makedepends-rebuild alpine-sdk meson pcre2-dev ...` (exit 7) and
 * `apk add --virtual .x pcre2 'zlib>=9'` (exit 3).
 */
const NO_TOOLCHAIN = `ERROR: unable to select packages:
  .makedepends-rebuild-20261202.150154:
    masked in: cache
    satisfies: world[.makedepends-rebuild=20261202.150154]
  alpine-sdk (no such package):
    required by: .makedepends-rebuild-20261202.150154[alpine-sdk]
  meson (no such package):
    required by: .makedepends-rebuild-20261202.150154[meson]
  pcre2-dev (no such package):
    required by: .makedepends-rebuild-20261202.150154[pcre2-dev]
  zlib-dev (no such package):
    required by: .makedepends-rebuild-20261202.150154[zlib-dev]
  lua5.4-dev (no such package):
    required by: .makedepends-rebuild-20261202.150154[lua5.4-dev>=5.4]
  openssl-dev (no such package):
    required by: .makedepends-rebuild-20261202.150154[openssl-dev]
abuild-in-container: something after`;

const CONFLICT = `ERROR: unable to select packages:
  zlib-1.3.1-r0:
    breaks: .x-20261202.150154[zlib>=9]
    satisfies: apk-tools-2.14.4-r0[so:libz.so.1]
  .x-20261202.150154:
    masked in: cache
    satisfies: world[.x=20261202.150154]`;

describe("apk's selection errors", () => {
  it('names every package no repository holds, and not the virtual package', () => {
    const problems = apkSelectionProblems(NO_TOOLCHAIN.split('\n'));
    expect(problems).toEqual({
      missing: ['alpine-sdk', 'meson', 'pcre2-dev', 'zlib-dev', 'lua5.4-dev', 'openssl-dev'],
      others: [],
    });
    expect(describeApkProblems(problems!, '/srv/mirror')).toBe(
      'apk cannot install alpine-sdk, meson, pcre2-dev, zlib-dev, lua5.4-dev, openssl-dev: no such package in /srv/mirror',
    );
  });

  it('says what breaks for a package that exists but cannot be chosen', () => {
    const problems = apkSelectionProblems(CONFLICT.split('\n'));
    expect(problems).toEqual({
      missing: [],
      others: ['zlib-1.3.1-r0: breaks: .x-20261202.150154[zlib>=9]'],
    });
  });

  it('is null when apk printed no selection error', () => {
    expect(apkSelectionProblems(['(1/4) Installing pcre2 (10.42-r2)', 'OK: 10 MiB'])).toBeNull();
  });
});
