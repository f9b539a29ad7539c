/**
 * The seed's resolve process (DESIGN.md §10) on the real APKINDEX releases in ../shared: the
 * reference is alpine-base's closure in the index, the runtime map follows bomresolver's
 * secondary rule, and the passes iterate it. The seed's passes for lighttpd on v3.19 are
 * 1 openssl brotli openldap lua5.4 zstd; 2 ncurses libtool cyrus-sasl util-linux; 3 heimdal;
 * 4 e2fsprogs (DESIGN.md §1 and §10).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEntry } from '../../server/src/aports';
import { installClosure } from '../../server/src/sbom';
import { predictIndex } from '../../server/src/sbom/predicted-index';
import { resolvePackage } from '../../server/src/sbom/resolve-package';
import { passOrigins, runtimePasses } from '../../server/src/sbom/runtime-passes';
import { secondaryMap } from '../../server/src/sbom/secondary-map';
import { lighttpdExample } from '../helpers/paths';
import { realIndex } from '../helpers/real-index';
import { hardenedExample } from '../helpers/run-cli';

const V319 = 'v3.19.0-main-x86_64';
const SEED_PASSES = [
  ['brotli', 'lua5.4', 'openldap', 'openssl', 'zstd'],
  ['cyrus-sasl', 'libtool', 'ncurses', 'util-linux'],
  ['heimdal'],
  ['e2fsprogs'],
];
const lines = (map: Record<string, Record<string, string[]>>): string[] =>
  Object.entries(map).flatMap(([origin, consumers]) =>
    Object.entries(consumers).map(([c, sonames]) => `${origin} ${c} ${sonames.join(' ')}`),
  );

const entryOf = (text: string) =>
  readEntry(text, { repo: 'main', folder: 'lighttpd', startdir: '/aports/main/lighttpd' });

describe('the reference image', () => {
  it('is the closure of alpine-base in the index, with what install_if adds', () => {
    const closure = installClosure(realIndex(V319), [], { base: ['alpine-base'] });
    const origins = new Set(closure.base.map((p) => p.origin));
    // openssl and zlib come with apk-tools (so: dependencies abuild added when packaging).
    for (const origin of ['openssl', 'zlib', 'libcap', 'pax-utils', 'alpine-keys', 'libc-dev'])
      expect(origins).toContain(origin);
    expect(origins.size).toBe(16);
    // `apk add alpine-base` also installs ssl_client (i:busybox=1.36.1-r15 libssl3).
    expect(closure.base.map((p) => p.name)).toContain('ssl_client');
    expect(closure.base).toHaveLength(25);
    expect(origins).not.toContain('bridge');
  });
});

describe("bomresolver's secondary map", () => {
  it('gives lighttpd on v3.19 the seven lines of the seed, no musl', () => {
    const closure = installClosure(realIndex(V319), ['lighttpd'], { base: ['alpine-base'] });
    expect(lines(secondaryMap(closure)).sort()).toEqual([
      'brotli lighttpd libbrotlienc.so.1',
      'libcap openrc libcap.so.2',
      'lua5.4 lighttpd liblua-5.4.so.0',
      'openldap lighttpd liblber.so.2 libldap.so.2',
      'openssl apk-tools libcrypto.so.3 libssl.so.3',
      'openssl lighttpd libcrypto.so.3 libssl.so.3',
      'zstd lighttpd libzstd.so.1',
    ]);
  });
});

describe('the passes, by iterating the secondary map', () => {
  it("gives lighttpd on v3.19 the seed's 4 passes, each origin in the seed's pass", () => {
    const passes = runtimePasses(realIndex(V319), ['lighttpd']);
    const origins = passOrigins(passes);
    expect(origins).toHaveLength(4);
    SEED_PASSES.forEach((pass, i) => expect(origins[i]).toEqual(expect.arrayContaining(pass)));
    // The one extra: gcc, because zstd links libgcc_s and libstdc++; it says so.
    expect(origins.flat().filter((o) => !SEED_PASSES.flat().includes(o))).toEqual(['gcc']);
    const gcc = passes.passes[1].find((p) => p.origin === 'gcc');
    expect(gcc?.consumers).toEqual({ zstd: ['libgcc_s.so.1', 'libstdc++.so.6'] });
    // openssl is there for lighttpd; apk-tools of the reference links it too.
    const openssl = passes.passes[0].find((p) => p.origin === 'openssl');
    expect(Object.keys(openssl?.consumers ?? {})).toEqual(['lighttpd']);
    expect(Object.keys(openssl?.referenceConsumers ?? {})).toEqual(['apk-tools']);
    // libcap is the reference's own (openrc links it): reported apart, not a pass.
    expect(passes.referenceOnly.map((p) => p.origin)).toEqual(['libcap']);
  });

  it('gives the same 4 passes on v3.14 and on v3.12 (x86), with their libraries', () => {
    for (const folder of ['v3.14.0-main-x86_64', 'v3.12.12-main-x86']) {
      const origins = passOrigins(runtimePasses(realIndex(folder), ['lighttpd']));
      expect(origins, folder).toEqual([
        ['bzip2', 'lua5.3', 'openldap', 'openssl'],
        ['cyrus-sasl', 'libtool', 'util-linux'],
        ['heimdal', 'ncurses'],
        ['e2fsprogs'],
      ]);
    }
  });
});

describe('what a text builds, predicted from the index', () => {
  const index = realIndex(V319);

  it('keeps every library of the original text', () => {
    const prediction = predictIndex(index, entryOf(readFileSync(lighttpdExample, 'utf8')));
    expect(prediction?.dropped).toEqual([]);
    expect(prediction?.version).toBe('1.4.71-r0');
  });

  it('drops the libraries whose -dev the hardened text no longer installs', () => {
    const resolution = resolvePackage({
      entry: entryOf(hardenedExample()),
      index,
      tree: null,
      reference: 'alpine-base',
    });
    const sonames = new Set(resolution.prediction?.dropped.map((d) => d.soname));
    for (const soname of ['libldap.so.2', 'libssl.so.3', 'libbrotlienc.so.1', 'libzstd.so.1'])
      expect(sonames).toContain(soname);
    expect(sonames).not.toContain('libpcre2-8.so.0');
    expect(resolution.prediction?.droppedSubpackages).toEqual(['lighttpd-dbg', 'lighttpd-openrc']);
    // apk add lighttpd: 2 packages where the original installs 9 (and lighttpd-openrc by install_if).
    expect(resolution.closure?.packages.map((p) => p.name).sort()).toEqual(['lighttpd', 'pcre2']);
    expect(resolution.closure?.installIfPackages).toEqual([]);
    // No pass: none of openldap, cyrus-sasl, heimdal, e2fsprogs, nor openssl's rebuild.
    expect(resolution.runtime?.passes).toEqual([]);
    expect(resolution.runtime?.referenceOnly.map((p) => p.origin)).toEqual(['libcap', 'openssl']);
  });

  it('counts install_if beside the closure for the original text', () => {
    const resolution = resolvePackage({
      entry: entryOf(readFileSync(lighttpdExample, 'utf8')),
      index,
      tree: null,
      reference: 'alpine-base',
    });
    expect(resolution.closure?.packages).toHaveLength(9);
    expect(resolution.closure?.installIf).toEqual([
      { name: 'lighttpd-openrc', condition: 'openrc lighttpd=1.4.71-r0' },
    ]);
    expect(resolution.closure?.installIfPackages.map((p) => p.name)).toEqual(['lighttpd-openrc']);
  });

  it('says it approximates without an index, and gives no closure', () => {
    const resolution = resolvePackage({
      entry: entryOf(readFileSync(lighttpdExample, 'utf8')),
      index: null,
      tree: null,
      reference: 'alpine-base',
    });
    expect(resolution.mode).toBe('build-tools');
    expect(resolution.closure).toBeNull();
    expect(resolution.notes.join(' ')).toMatch(/no index: .*build-tools/);
  });
});
