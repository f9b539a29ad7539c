/**
 * Constructed cases for the CycloneDX reader: what the samples do not show (two components of
 * one name, this project's own properties, a graph written backwards), and every kind of
 * error, each naming the file and the place. The SPDX cases are in sbom-readers-spdx.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readCycloneDx } from '../../server/src/sbom/formats/cyclonedx-reader';
import { formatProblem, type ReadResult } from '../../server/src/sbom/formats/model';
import { readSyftJson } from '../../server/src/sbom/formats/syft-json-reader';
import { component, edgesByName, sampleText } from '../helpers/sbom-samples';

const problems = (result: ReadResult): string[] => result.problems.map(formatProblem);
const cdx = (body: object): string =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', ...body });
const apk = (name: string, version: string, arch = 'x86_64'): string =>
  `pkg:apk/alpine/${name}@${version}?arch=${arch}&distro=alpine-3.19`;
const prop = (name: string, value: string) => ({ name, value });

describe('CycloneDX: refs', () => {
  it('keys components by bom-ref: two of one name keep their own edges', () => {
    const result = readCycloneDx(
      cdx({
        components: [
          {
            'bom-ref': 'musl-x86',
            name: 'musl',
            version: '1.2.4-r2',
            purl: apk('musl', '1.2.4-r2'),
          },
          {
            'bom-ref': 'musl-arm',
            name: 'musl',
            version: '1.2.4-r2',
            purl: apk('musl', '1.2.4-r2', 'aarch64'),
          },
          { 'bom-ref': 'zlib-x86', name: 'zlib', version: '1.3-r2' },
          { 'bom-ref': 'zlib-arm', name: 'zlib', version: '1.3-r2' },
        ],
        dependencies: [
          { ref: 'zlib-x86', dependsOn: ['musl-x86'] },
          { ref: 'zlib-arm', dependsOn: ['musl-arm'] },
        ],
      }),
      'two.json',
    );
    expect(result.problems).toEqual([]);
    expect(result.document.components.map((c) => `${c.ref} ${c.name} ${c.arch}`)).toEqual([
      'musl-x86 musl x86_64',
      'musl-arm musl aarch64',
      'zlib-x86 zlib null',
      'zlib-arm zlib null',
    ]);
    expect(result.document.dependsOn).toEqual(
      new Map([
        ['zlib-x86', ['musl-x86']],
        ['zlib-arm', ['musl-arm']],
      ]),
    );
  });

  it('gives components without bom-ref a unique ref from the purl or the name', () => {
    const purl = apk('pcre2', '10.42-r1');
    const result = readCycloneDx(
      cdx({
        metadata: { component: { name: 'lighttpd', version: '1.4.73-r0' } },
        components: [{ name: 'pcre2', purl }, { name: 'pcre2', purl }, { name: 'zstd-libs' }],
      }),
      'bom.json',
    );
    expect(result.document.components.map((c) => c.ref)).toEqual([
      'lighttpd',
      purl,
      `${purl}#2`,
      'zstd-libs',
    ]);
    expect(result.document.root).toBe('lighttpd');
  });

  it('reads nested components; a bom-ref used twice is reported, edges go to the first', () => {
    const result = readCycloneDx(
      cdx({
        components: [
          {
            'bom-ref': 'a',
            name: 'alpine-base',
            components: [{ 'bom-ref': 'b', name: 'busybox' }],
          },
          { 'bom-ref': 'b', name: 'busybox-extras' },
        ],
        dependencies: [{ ref: 'a', dependsOn: ['b'] }],
      }),
      'bom.json',
    );
    expect(result.document.components.map((c) => `${c.ref}=${c.name}`)).toEqual([
      'a=alpine-base',
      'b=busybox',
      'b#2=busybox-extras',
    ]);
    expect(edgesByName(result.document)).toEqual(['alpine-base -> busybox']);
    expect(problems(result)).toEqual([
      'bom.json: components[1].bom-ref: bom-ref b is used twice; edges go to the first',
    ]);
  });
});

describe('CycloneDX: fields and properties', () => {
  it("reads this project's properties, licences, hashes, supplier and description", () => {
    const result = readCycloneDx(
      cdx({
        components: [
          {
            'bom-ref': 'z',
            name: 'zlib',
            version: '1.3-r2',
            purl: apk('zlib', '1.3-r2'),
            description: 'A compression/decompression Library',
            supplier: { name: 'Alpine Linux' },
            licenses: [{ license: { id: 'Zlib' } }, { expression: 'MIT OR BSD-2-Clause' }],
            hashes: [
              { alg: 'SHA-256', content: 'AB12' },
              { alg: 'SHA-1', content: 'not hex' },
            ],
            properties: [
              prop('apk:provides', 'libz.so.1'),
              prop('apk:depends', 'so:libc.musl-x86_64.so.1'),
              prop('apk:depends', 'musl>=1.2'),
              prop('apkharden:in-reference', 'true'),
            ],
          },
          {
            name: 'pcre2',
            properties: [prop('apkharden:in-reference', 'yes'), { value: 'x' }],
          },
        ],
      }),
      'own.json',
    );
    expect(component(result.document, 'zlib')).toMatchObject({
      provides: ['libz.so.1'],
      depends: ['so:libc.musl-x86_64.so.1', 'musl>=1.2'],
      inReference: true,
      license: 'Zlib AND (MIT OR BSD-2-Clause)',
      hashes: [{ alg: 'SHA-256', content: 'ab12' }],
      supplier: 'Alpine Linux',
      description: 'A compression/decompression Library',
    });
    expect(component(result.document, 'pcre2').inReference).toBeUndefined();
    expect(problems(result)).toEqual([
      'own.json: components[0].hashes[1]: expected a hash { alg, content } in hex',
      'own.json: components[1].properties[1]: expected a property with a name',
      'own.json: components[1].properties: apkharden:in-reference is "yes", expected true or false',
    ]);
  });

  it("reads trivy's SrcName and syft's metadata properties; the purl's upstream comes first", () => {
    const result = readCycloneDx(
      cdx({
        components: [
          {
            name: 'libcrypto3',
            purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r1?distro=3.19', // trivy's spelling
            properties: [prop('aquasecurity:trivy:SrcName', 'openssl')],
          },
          {
            name: 'libssl3',
            purl: apk('libssl3', '3.1.4-r1') + '&upstream=openssl',
            properties: [prop('aquasecurity:trivy:SrcName', 'other')],
          },
          {
            name: 'libc-utils',
            version: '0.7.2-r5',
            author: 'Natanael Copa <ncopa@alpinelinux.org>',
            properties: [
              prop('syft:metadata:originPackage', 'libc-dev'),
              prop('syft:metadata:pullDependencies:0', 'musl-utils'),
              prop('syft:metadata:provides:0', 'so:libfoo.so.1=1'),
              prop('syft:metadata:provides:1', 'cmd:foo'),
              prop('syft:metadata:installedSize', '4096'),
            ],
          },
        ],
      }),
      'bom.json',
    );
    expect(component(result.document, 'libcrypto3').origin).toBe('openssl');
    expect(result.document.distro).toBe('alpine-3.19');
    expect(component(result.document, 'libssl3').origin).toBe('openssl');
    expect(component(result.document, 'libc-utils')).toMatchObject({
      origin: 'libc-dev',
      depends: ['musl-utils'],
      provides: ['libfoo.so.1'],
      provideTokens: ['so:libfoo.so.1=1', 'cmd:foo'],
      installedSize: 4096,
      maintainer: 'Natanael Copa <ncopa@alpinelinux.org>',
    });
    expect(result.problems).toEqual([]);
  });

  it('reads 1.2 to 1.7 and says which version it read another as', () => {
    for (const specVersion of ['1.2', '1.4', '1.7']) {
      expect(readCycloneDx(cdx({ specVersion }), 'a.json').problems).toEqual([]);
    }
    expect(problems(readCycloneDx(cdx({ specVersion: '2.0' }), 'a.json'))).toEqual([
      'a.json: specVersion: specVersion "2.0" is not 1.2 to 1.7; read as 1.6',
    ]);
  });
});

describe('CycloneDX: a graph written backwards', () => {
  /** syft's own JSON of a real alpine:3.12 image, and its edges by name. */
  const syft = readSyftJson(sampleText('syft', 'examples_decode_sbom_alpine.syft.json'), 'syft');
  const sorted = (edges: string[]): string[] =>
    edges.map((e) =>
      e.replace(/-> (.*)$/, (_, p: string) => `-> ${p.split(' ').sort().join(' ')}`),
    );
  const bom = (inverted: boolean): string => {
    const deps = new Map<string, string[]>();
    for (const [consumer, providers] of syft.document.dependsOn) {
      for (const provider of providers) {
        const [from, to] = inverted ? [provider, consumer] : [consumer, provider];
        deps.set(from, [...(deps.get(from) ?? []), to]);
      }
    }
    return cdx({
      components: syft.document.components.map((c) => ({
        'bom-ref': c.ref,
        name: c.name,
        version: c.version,
        purl: c.purl,
      })),
      dependencies: [...deps].map(([ref, dependsOn]) => ({ ref, dependsOn })),
    });
  };

  it('turns around the edges syft wrote from each library to its users, and says so', () => {
    const result = readCycloneDx(bom(true), 'syft.cdx.json');
    expect(problems(result)).toEqual([
      'syft.cdx.json: dependencies: the edges run from each provider to its consumers ' +
        '(the C library musl@1.1.24-r10 depends on 10 components), ' +
        'as syft writes them in some CycloneDX outputs; read reversed',
    ]);
    expect(sorted(edgesByName(result.document))).toEqual(sorted(edgesByName(syft.document)));
  });

  it('leaves the same graph written the right way as it is', () => {
    const result = readCycloneDx(bom(false), 'syft.cdx.json');
    expect(result.problems).toEqual([]);
    expect(sorted(edgesByName(result.document))).toEqual(sorted(edgesByName(syft.document)));
  });

  it('sees it from the root as a target, or from the apk depends, and else trusts the file', () => {
    const rootOnly = readCycloneDx(
      cdx({
        metadata: { component: { 'bom-ref': 'img', name: 'image' } },
        components: [
          { 'bom-ref': 'a', name: 'a' },
          { 'bom-ref': 'b', name: 'b' },
        ],
        dependencies: [
          { ref: 'a', dependsOn: ['img'] },
          { ref: 'b', dependsOn: ['img'] },
        ],
      }),
      'r.json',
    );
    expect(rootOnly.document.dependsOn).toEqual(new Map([['img', ['a', 'b']]]));
    expect(problems(rootOnly)[0]).toMatch(/\(2 components depend on the root\)/);
    const byDepends = readCycloneDx(
      cdx({
        components: [
          { 'bom-ref': 'x', name: 'x', properties: [prop('apk:depends', 'so:liby.so.1')] },
          { 'bom-ref': 'y', name: 'y', properties: [prop('apk:provides', 'liby.so.1')] },
        ],
        dependencies: [{ ref: 'y', dependsOn: ['x'] }],
      }),
      'd.json',
    );
    expect(byDepends.document.dependsOn).toEqual(new Map([['x', ['y']]]));
    expect(problems(byDepends)[0]).toMatch(/\(1 edge against the components' own apk depends\)/);
    const unknown = readCycloneDx(
      cdx({
        components: [
          { 'bom-ref': 'p', name: 'p' },
          { 'bom-ref': 'q', name: 'q' },
        ],
        dependencies: [{ ref: 'q', dependsOn: ['p'] }],
      }),
      'u.json',
    );
    expect([unknown.problems, unknown.document.dependsOn]).toEqual([[], new Map([['q', ['p']]])]);
  });
});
