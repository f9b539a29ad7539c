import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseDependency,
  parseProvide,
  readApkIndex,
  versionSatisfies,
} from '../../server/src/sbom';
import { sharedRoot } from '../helpers/paths';
import { ustar as tar } from '../helpers/archives';

const indexFile = (folder: string): Buffer =>
  readFileSync(join(sharedRoot, 'apkindex', folder, 'APKINDEX.tar.gz'));

const LIGHTTPD_D =
  '/bin/sh so:libbrotlienc.so.1 so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libdbi.so.1 so:liblber.so.2 so:libldap.so.2 so:liblua-5.4.so.0 so:libpcre2-8.so.0 so:libssl.so.3 so:libz.so.1 so:libzstd.so.1';

describe('readApkIndex on the real signed indexes', () => {
  it.each([
    ['v3.19.0-main-x86_64', 5436, '1.4.73-r0'],
    ['v3.14.0-main-x86_64', 4778, '1.4.59-r0'],
    ['v3.12.12-main-x86', 4828, '1.4.55-r1'],
  ])('%s: %i packages, lighttpd %s, no problems', (folder, count, version) => {
    const read = readApkIndex(indexFile(folder), folder);
    expect(read.problems).toEqual([]);
    expect(read.packages).toHaveLength(count);
    expect(read.packages.find((p) => p.name === 'lighttpd')?.version).toBe(version);
  });

  it("reads lighttpd's v3.19.0 record field by field", () => {
    const { packages } = readApkIndex(indexFile('v3.19.0-main-x86_64'), 'v3.19.0');
    const lighttpd = packages.find((p) => p.name === 'lighttpd');
    expect(lighttpd).toMatchObject({
      version: '1.4.73-r0',
      arch: 'x86_64',
      size: 345366,
      installedSize: 1011712,
      origin: 'lighttpd',
      license: 'BSD-3-Clause',
      url: 'https://www.lighttpd.net',
      buildTime: 1698736996,
      source: 'v3.19.0',
    });
    expect(lighttpd?.depends.map((d) => d.token).join(' ')).toBe(LIGHTTPD_D);
    expect(lighttpd?.provides).toEqual([
      { token: 'cmd:lighttpd-angel=1.4.73-r0', name: 'cmd:lighttpd-angel', version: '1.4.73-r0' },
      { token: 'cmd:lighttpd=1.4.73-r0', name: 'cmd:lighttpd', version: '1.4.73-r0' },
    ]);
    const openrc = packages.find((p) => p.name === 'lighttpd-openrc');
    expect(openrc?.installIf.map((d) => d.token)).toEqual(['openrc', 'lighttpd=1.4.73-r0']);
    expect(packages.find((p) => p.name === 'busybox-binsh')?.providerPriority).toBe(100);
  });

  it('reads an installed db and plain APKINDEX text', () => {
    const installed =
      'C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nS:383152\nI:622592\nT:libc\no:musl\n' +
      'p:so:libc.musl-x86_64.so.1=1\nF:lib\nR:ld-musl-x86_64.so.1\na:0:0:755\nZ:Q1xyz=\n\n' +
      'P:zlib\nV:1.3-r2\nI:98304\nD:so:libc.musl-x86_64.so.1\np:so:libz.so.1=1.3\n';
    const read = readApkIndex(Buffer.from(installed), '/lib/apk/db/installed');
    expect(read.problems).toEqual([]);
    expect(read.packages.map((p) => [p.name, p.version, p.origin, p.installedSize])).toEqual([
      ['musl', '1.2.4_git20230717-r4', 'musl', 622592],
      ['zlib', '1.3-r2', 'zlib', 98304],
    ]);
    const plainTar = readApkIndex(tar({ DESCRIPTION: 'test', APKINDEX: installed }), 'plain.tar');
    expect(plainTar.packages).toHaveLength(2);
  });
});

describe('dependency tokens', () => {
  it.each([
    ['so:libc.musl-x86_64.so.1', { name: 'so:libc.musl-x86_64.so.1', conflict: false }],
    ['cmd:[', { name: 'cmd:[', conflict: false }],
    ['pc:gtk+-3.0', { name: 'pc:gtk+-3.0', conflict: false }],
    ['/bin/sh', { name: '/bin/sh', conflict: false }],
    ['!openssh-client', { name: 'openssh-client', conflict: true }],
    ['musl>=1.2.3_git20230424', { name: 'musl', op: '>=', version: '1.2.3_git20230424' }],
    ['gcc=13.2.1_git20231014-r0', { name: 'gcc', op: '=', version: '13.2.1_git20231014-r0' }],
    ['python3<3.12', { name: 'python3', op: '<', version: '3.12' }],
    ['ruby~3.2', { name: 'ruby', op: '~', version: '3.2' }],
  ])('%s', (token, expected) => {
    expect(parseDependency(token)).toMatchObject({ token, ...expected });
  });

  it.each(['', '>=1.2', 'foo>=', 'foo>=1<2', '!', 'a b'])('rejects %j', (token) => {
    expect(parseDependency(token)).toBeUndefined();
  });

  it('reads provides with and without a version', () => {
    expect(parseProvide('so:libssl.so.3=3.1.4-r1')).toEqual({
      token: 'so:libssl.so.3=3.1.4-r1',
      name: 'so:libssl.so.3',
      version: '3.1.4-r1',
    });
    expect(parseProvide('/bin/sh')).toEqual({ token: '/bin/sh', name: '/bin/sh' });
  });
});

describe('apk versions', () => {
  it.each([
    ['1.2.3_rc1', '1.2.3'],
    ['1.2.3', '1.2.3_p1'],
    ['1.2a', '1.2b'],
    ['1.9', '1.10'],
    ['1.0-r9', '1.0-r10'],
    ['1.2.3_alpha', '1.2.3_beta'],
    ['1.2.3_beta2', '1.2.3_pre1'],
    ['1.2.3_pre1', '1.2.3_rc1'],
    ['1.2.3_git20230424', '1.2.3_p0'],
    ['1.2.3_p1', '1.2.3_p1-r1'],
    ['1.2', '1.2.0'],
    ['1.2a', '1.2.1'],
    ['1.2.3', '1.2.3-r0'],
    ['1.01', '1.1'],
    ['2.55-r0', '23.01-r0'],
  ])('%s < %s', (older, newer) => {
    expect(compareVersions(older, newer)).toBe(-1);
    expect(compareVersions(newer, older)).toBe(1);
  });

  it('equal versions compare equal', () => {
    expect(compareVersions('1.4.73-r0', '1.4.73-r0')).toBe(0);
  });

  it('matches constraints, fuzzy ~ as a prefix of tokens', () => {
    expect(versionSatisfies('1.2.3-r0', '=', '1.2.3-r0')).toBe(true);
    expect(versionSatisfies('1.2.3-r1', '=', '1.2.3-r0')).toBe(false);
    expect(versionSatisfies('1.2.3', '>=', '1.2.3_rc1')).toBe(true);
    expect(versionSatisfies('1.2.3', '>', '1.2.3')).toBe(false);
    expect(versionSatisfies('1.2.3', '<', '1.10')).toBe(true);
    expect(versionSatisfies('1.2.3', '<=', '1.2.3')).toBe(true);
    expect(versionSatisfies('3.2.2-r1', '~', '3.2')).toBe(true);
    expect(versionSatisfies('3.20.1', '~', '3.2')).toBe(false);
    expect(versionSatisfies('3.3.0', '~', '3.2')).toBe(false);
  });
});

describe('bad input gives problems, never an exception', () => {
  it('a truncated APKINDEX.tar.gz: the records before the cut are read', () => {
    const cut = indexFile('v3.19.0-main-x86_64').subarray(0, 200_000);
    const read = readApkIndex(cut, 'cut.tar.gz');
    expect(read.packages.length).toBeGreaterThan(1000);
    expect(read.packages.length).toBeLessThan(5436);
    const messages = read.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/^cut\.tar\.gz: gzip data is truncated or corrupt/);
    expect(messages).toContainEqual(expect.stringMatching(/tar entry APKINDEX is truncated/));
    const last = read.problems.at(-1);
    expect(last?.record).toBe(read.packages.length + 1);
    expect(last?.message).toMatch(/^cut\.tar\.gz: record \d+ \(P:.+\): cut off/);
  });

  it('random bytes, a gzip header alone, a tar without APKINDEX', () => {
    let seed = 7;
    const random = Buffer.from(
      Buffer.alloc(4096).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff),
    );
    const binary =
      'random.bin: not an APKINDEX: 4096 bytes of binary data, not gzip, tar or APKINDEX text';
    expect(readApkIndex(random, 'random.bin')).toEqual({
      packages: [],
      problems: [{ source: 'random.bin', message: binary }],
      refused: binary,
    });
    expect(readApkIndex(Buffer.from([0x1f, 0x8b]), 'stub.gz').problems[0].message).toMatch(
      /^stub\.gz: gzip data is truncated or corrupt/,
    );
    const noIndex = readApkIndex(gzipSync(tar({ DESCRIPTION: 'v3.19' })), 'desc.tar.gz');
    expect(noIndex.problems.map((p) => p.message)).toEqual([
      'desc.tar.gz: not an APKINDEX: a tar without an APKINDEX entry (entries: DESCRIPTION)',
    ]);
  });

  it('a record without V: and a bad token: named, and the good records are kept', () => {
    const text =
      'P:good\nV:1.0-r0\nD:so:libc.musl-x86_64.so.1\n\nP:noversion\nA:x86_64\n\n' +
      'P:badtoken\nV:2.0-r0\nD:zlib foo>= bar\nI:abc\n\nthis is not a field\n';
    const read = readApkIndex(Buffer.from(text), 'APKINDEX');
    expect(read.packages.map((p) => p.name)).toEqual(['good', 'badtoken']);
    expect(read.packages[1].depends.map((d) => d.token)).toEqual(['zlib', 'bar']);
    expect(read.problems.map((p) => p.message)).toEqual([
      'APKINDEX: record 2 (P:noversion): has no V: line (line 5); skipped',
      "APKINDEX: record 3 (P:badtoken): cannot parse D: token 'foo>=' on line 10",
      'APKINDEX: record 3 (P:badtoken): I:abc on line 11 is not a number',
      "APKINDEX: line 13 is not a 'X:value' field: 'this is not a field'",
    ]);
  });

  it('never throws on any prefix or corruption of the real file', () => {
    const real = indexFile('v3.12.12-main-x86');
    for (const length of [0, 1, 2, 10, 511, 512, 4096, 65_536, 400_000]) {
      expect(() => readApkIndex(real.subarray(0, length), 'prefix')).not.toThrow();
    }
    const corrupt = Buffer.from(real);
    corrupt.fill(0x55, 100_000, 100_100);
    expect(readApkIndex(corrupt, 'corrupt').problems.length).toBeGreaterThan(0);
  });
});
