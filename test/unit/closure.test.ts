import { describe, expect, it } from 'vitest';
import {
  indexPackages,
  installClosure,
  parseIndexText,
  runtimeMap,
  withoutSonames,
} from '../../server/src/sbom';
import { LIGHTTPD_ADDED_V319, realIndex } from '../helpers/real-index';

const names = (packages: { name: string }[]): string[] => packages.map((p) => p.name).sort();
const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);
const V319 = 'v3.19.0-main-x86_64';
const BASE = { base: ['alpine-base'] };
/** The origins the seed profile makes removable from lighttpd (TLS, LDAP, brotli, Lua, DBI, zstd). */
const HARDENED_ORIGINS = ['openldap', 'openssl', 'brotli', 'lua5.4', 'libdbi', 'zstd'];

describe('lighttpd on v3.19.0 main x86_64', () => {
  it('adds 9 packages on top of alpine-base', () => {
    const closure = installClosure(realIndex(V319), ['lighttpd'], BASE);
    expect(names(closure.packages)).toEqual(LIGHTTPD_ADDED_V319);
    expect(closure.installedSize).toBe(4_407_296);
    expect(closure.unresolved).toEqual([]);
    expect(closure.conflicts).toEqual([]);
    expect(names(closure.base)).toContain('apk-tools');
    expect(closure.packages.find((p) => p.name === 'lighttpd')?.why).toEqual({ token: 'lighttpd' });
    expect(closure.packages.find((p) => p.name === 'gdbm')).toMatchObject({
      origin: 'gdbm',
      why: { token: 'so:libgdbm.so.6', neededBy: 'libsasl' },
    });
    // apk also adds lighttpd-openrc (i:openrc lighttpd=1.4.73-r0): beside the 9, not in them.
    expect(closure.installIf).toEqual([
      { name: 'lighttpd-openrc', condition: 'openrc lighttpd=1.4.73-r0' },
    ]);
    expect(names(closure.installIfPackages)).toEqual(['lighttpd-openrc']);
    // alpine-base's own install_if: ssl_client (i:busybox=1.36.1-r15 libssl3).
    expect(closure.base.find((p) => p.name === 'ssl_client')?.why).toEqual({
      token: 'ssl_client=1.36.1-r15',
    });
  });

  it('whole closure: 15 packages, 11.3 MB installed', () => {
    const closure = installClosure(realIndex(V319), ['lighttpd']);
    expect(closure.base).toEqual([]);
    expect(names(closure.packages)).toEqual([
      'brotli-libs',
      'busybox',
      'busybox-binsh',
      'gdbm',
      'libcrypto3',
      'libdbi',
      'libldap',
      'libsasl',
      'libssl3',
      'lighttpd',
      'lua5.4-libs',
      'musl',
      'pcre2',
      'zlib',
      'zstd-libs',
    ]);
    expect(closure.installedSize).toBe(11_309_056);
    expect(megabytes(closure.installedSize)).toBe('11.3');
    // /bin/sh has three providers; busybox-binsh has the highest provider_priority (100).
    expect(closure.resolutions).toContainEqual(
      expect.objectContaining({
        consumer: 'lighttpd',
        token: '/bin/sh',
        provider: 'busybox-binsh',
      }),
    );
  });

  it('runtime map: origin -> consumer -> sonames', () => {
    const map = runtimeMap(installClosure(realIndex(V319), ['lighttpd'], BASE));
    expect(map.openldap).toEqual({ lighttpd: ['liblber.so.2', 'libldap.so.2'] });
    expect(map.openssl).toEqual({
      'apk-tools': ['libcrypto.so.3', 'libssl.so.3'],
      libldap: ['libcrypto.so.3', 'libssl.so.3'],
      lighttpd: ['libcrypto.so.3', 'libssl.so.3'],
      // In the base by install_if (busybox and libssl3 are there).
      ssl_client: ['libcrypto.so.3', 'libssl.so.3'],
    });
    expect(map.brotli).toEqual({ lighttpd: ['libbrotlienc.so.1'] });
    expect(map.zstd).toEqual({ lighttpd: ['libzstd.so.1'] });
    expect(Object.keys(map)).toEqual([...Object.keys(map)].sort());
    const desired = runtimeMap(installClosure(realIndex(V319), ['lighttpd'], BASE), {
      exclude: ['musl', 'zlib', 'pcre2', 'cyrus-sasl', 'gdbm', 'libcap'],
    });
    expect(Object.keys(desired)).toEqual([
      'brotli',
      'libdbi',
      'lua5.4',
      'openldap',
      'openssl',
      'zstd',
    ]);
  });

  it('hardened (so: on openldap, openssl, brotli, lua, dbi, zstd removed): lighttpd and pcre2', () => {
    const index = realIndex(V319);
    const map = runtimeMap(installClosure(index, ['lighttpd'], BASE));
    const removed = HARDENED_ORIGINS.flatMap((origin) => map[origin].lighttpd);
    expect(removed).toHaveLength(8);
    const hardened = withoutSonames(index, 'lighttpd', removed);
    const added = installClosure(hardened, ['lighttpd'], BASE);
    expect(names(added.packages)).toEqual(['lighttpd', 'pcre2']);
    expect(added.installedSize).toBe(1_720_320);
    const whole = installClosure(hardened, ['lighttpd']);
    expect(names(whole.packages)).toEqual([
      'busybox',
      'busybox-binsh',
      'lighttpd',
      'musl',
      'pcre2',
      'zlib',
    ]);
    expect(whole.installedSize).toBe(3_452_928);
    expect((whole.installedSize / 1e6).toFixed(2)).toBe('3.45');
    // openssl stays installed: alpine-base's apk-tools (and ssl_client) need it.
    expect(runtimeMap(added).openssl).toEqual({
      'apk-tools': ['libcrypto.so.3', 'libssl.so.3'],
      ssl_client: ['libcrypto.so.3', 'libssl.so.3'],
    });
    // The original index is left as it was.
    expect(installClosure(index, ['lighttpd'], BASE).packages).toHaveLength(9);
  });

  it('a dependency only community provides is unresolved, not guessed', () => {
    const index = realIndex(V319);
    expect(index.byName.has('cvs') || index.providers.has('cvs')).toBe(false);
    const closure = installClosure(index, ['git-cvs']);
    expect(closure.unresolved).toEqual([
      { token: 'cvs', neededBy: 'git-cvs', reason: 'no package in the index is or provides cvs' },
    ]);
    expect(names(closure.packages)).toContain('git-cvs');
  });
});

describe('other releases: resolution comes from the index', () => {
  it('v3.14.0 links lua 5.3 and openssl 1.1, v3.19.0 lua 5.4 and openssl 3', () => {
    const old = names(installClosure(realIndex('v3.14.0-main-x86_64'), ['lighttpd']).packages);
    expect(old).toContain('lua5.3-libs');
    expect(old).toContain('libcrypto1.1');
    expect(old).not.toContain('lua5.4-libs');
    const current = names(installClosure(realIndex(V319), ['lighttpd']).packages);
    expect(current).toContain('lua5.4-libs');
    expect(current).not.toContain('lua5.3-libs');
  });

  it('v3.12.12 x86 resolves so:libc.musl-x86.so.1 to musl', () => {
    const closure = installClosure(realIndex('v3.12.12-main-x86'), ['lighttpd']);
    // busybox provides /bin/sh there without a version or provider_priority: apk-tools 2.14.4
    // picks no package for it (closure-providers.ts, autoSelectable); with busybox asked for, it does.
    expect(closure.unresolved).toEqual([
      expect.objectContaining({ token: '/bin/sh', neededBy: 'lighttpd' }),
    ]);
    const withShell = installClosure(realIndex('v3.12.12-main-x86'), ['lighttpd', 'busybox']);
    expect(withShell.unresolved).toEqual([]);
    expect(closure.resolutions).toContainEqual({
      consumer: 'lighttpd',
      token: 'so:libc.musl-x86.so.1',
      name: 'so:libc.musl-x86.so.1',
      provider: 'musl',
      providerOrigin: 'musl',
    });
  });
});

describe('choosing among providers (a small index)', () => {
  const small = indexPackages(
    parseIndexText(
      [
        'P:app\nV:1.0-r0\nD:so:libx.so.1 virt tool>=2 cmd:helper !rival\nI:100',
        'P:libx-old\nV:1.0-r0\np:so:libx.so.1=1.0\nI:10',
        'P:libx-new\nV:1.1-r0\np:so:libx.so.1=1.1\nI:20',
        'P:virt-a\nV:9.0-r0\np:virt\nI:1',
        'P:virt-b\nV:1.0-r0\np:virt\nk:10\nI:2',
        'P:tool\nV:1.5-r0\nI:5',
        'P:tool\nV:2.1-r0\nI:6',
        'P:tool\nV:3.0_rc1-r0\nI:7',
        'P:helper-pkg\nV:1-r0\np:cmd:helper=1 rival\nI:3',
        'P:old\nV:1-r0\nD:tool<1\nI:1',
      ].join('\n\n'),
      'small',
    ).packages,
  );

  it('the newest provided version, then provider_priority (closure-providers.ts); constraints honoured', () => {
    const closure = installClosure(small, ['app']);
    const provider = (token: string): string | undefined =>
      closure.resolutions.find((r) => r.token === token)?.provider;
    expect(provider('so:libx.so.1')).toBe('libx-new');
    expect(provider('virt')).toBe('virt-b');
    expect(closure.packages.find((p) => p.name === 'tool')?.version).toBe('3.0_rc1-r0');
    expect(provider('cmd:helper')).toBe('helper-pkg');
    expect(closure.conflicts).toEqual([
      { token: '!rival', declaredBy: 'app', installed: 'helper-pkg' },
    ]);
    expect(closure.installedSize).toBe(100 + 20 + 2 + 7 + 3);
  });

  it('an unsatisfiable constraint and an unknown target are listed', () => {
    const closure = installClosure(small, ['old', 'missing', 'bad>=']);
    expect(closure.unresolved).toEqual([
      { token: 'bad>=', reason: 'not a valid dependency' },
      { token: 'missing', reason: 'no package in the index is or provides missing' },
      { token: 'tool<1', neededBy: 'old', reason: 'no version of tool in the index satisfies <1' },
    ]);
  });
});
