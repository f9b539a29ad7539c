/**
 * Constructed cases for the SPDX readers (JSON and tag-value): every field convention and
 * relationship type, and every kind of error, each naming the file and the place.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, type ReadResult } from '../../server/src/sbom/formats/model';
import { readSpdx } from '../../server/src/sbom/formats/spdx-reader';
import { readSpdxTagValue } from '../../server/src/sbom/formats/spdx-tag-value-reader';
import { component, edgesByName, sampleText } from '../helpers/sbom-samples';

const problems = (result: ReadResult): string[] => result.problems.map(formatProblem);

const spdx = (body: object): string =>
  JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', ...body });
const rel = (a: string, type: string, b: string) => ({
  spdxElementId: a,
  relationshipType: type,
  relatedSpdxElement: b,
});

describe('SPDX JSON', () => {
  it('reads the fields and relationships as spdx-document.ts says', () => {
    const result = readSpdx(
      spdx({
        creationInfo: { creators: ['Organization: Example', 'Tool: trivy-0.58.0'] },
        packages: [
          {
            SPDXID: 'SPDXRef-img',
            name: 'image',
            supplier: 'NOASSERTION',
            licenseDeclared: 'NOASSERTION',
          },
          {
            SPDXID: 'SPDXRef-z',
            name: 'zlib',
            versionInfo: '1.3-r2',
            supplier: 'Organization: Alpine Linux',
            originator: 'Organization: zlib',
            licenseDeclared: 'NOASSERTION',
            licenseConcluded: 'Zlib',
            summary: 'compression',
            checksums: [
              { algorithm: 'SHA256', checksumValue: 'ABCD' },
              { algorithm: 'MD5', checksumValue: 'xyz' },
            ],
          },
          { SPDXID: 'SPDXRef-m', name: 'musl', versionInfo: '1.2.4-r2' },
          { SPDXID: 'SPDXRef-m', name: 'musl-utils' },
          { name: 'scanelf' },
          { SPDXID: 'SPDXRef-x' },
        ],
        files: [{ SPDXID: 'SPDXRef-file', fileName: '/lib/libz.so.1' }],
        relationships: [
          rel('SPDXRef-z', 'DESCRIBED_BY', 'SPDXRef-DOCUMENT'),
          rel('SPDXRef-img', 'CONTAINS', 'SPDXRef-z'),
          rel('SPDXRef-z', 'CONTAINS', 'SPDXRef-file'),
          rel('SPDXRef-m', 'RUNTIME_DEPENDENCY_OF', 'SPDXRef-z'),
          rel('SPDXRef-z', 'DEPENDS_ON', 'SPDXRef-file'),
          rel('SPDXRef-z', 'DEPENDS_ON', 'NOASSERTION'),
          rel('SPDXRef-z', 'GENERATED_FROM', 'SPDXRef-gone'),
          rel('SPDXRef-z', 'DEPENDS_ON', 'SPDXRef-gone'),
        ],
      }),
      'sbom.spdx.json',
    );
    expect(result.document.producer).toBe('trivy');
    expect(result.document.root).toBe('SPDXRef-z');
    expect(component(result.document, 'zlib')).toMatchObject({
      supplier: 'Alpine Linux',
      license: 'Zlib',
      description: 'compression',
      hashes: [{ alg: 'SHA-256', content: 'abcd' }],
    });
    expect(component(result.document, 'zlib').maintainer).toBeUndefined(); // not a Person
    expect(component(result.document, 'image').license).toBeUndefined();
    expect(edgesByName(result.document)).toEqual(['image -> zlib', 'zlib -> musl']);
    expect(result.document.components.map((c) => c.ref)).toEqual([
      'SPDXRef-img',
      'SPDXRef-z',
      'SPDXRef-m',
      'SPDXRef-m#2',
      'scanelf',
    ]);
    expect(problems(result)).toEqual([
      'sbom.spdx.json: packages[1].checksums[1]: checksum xyz is not hex; ignored',
      'sbom.spdx.json: packages[3]: SPDXID SPDXRef-m is used twice; relationships go to the first',
      'sbom.spdx.json: packages[4]: package scanelf has no SPDXID',
      'sbom.spdx.json: packages[5]: package has no name; skipped',
      'sbom.spdx.json: relationships[7].relatedSpdxElement: SPDXRef-gone names no package',
    ]);
  });

  it('reads SPDX 2.2 and 2.3, says how it read other 2.x, refuses the rest', () => {
    expect(readSpdx(spdx({ spdxVersion: 'SPDX-2.2' }), 'a').problems).toEqual([]);
    expect(problems(readSpdx(spdx({ spdxVersion: 'SPDX-2.1' }), 'a'))).toEqual([
      'a: spdxVersion: spdxVersion is SPDX-2.1; read as SPDX-2.3',
    ]);
    expect(problems(readSpdx(spdx({ spdxVersion: 'SPDX-3.0' }), 'a'))).toEqual([
      'a: spdxVersion: not SPDX 2.x: spdxVersion is "SPDX-3.0"',
    ]);
    const bad = readSpdx(
      spdx({ packages: {}, relationships: [rel('a', 'DEPENDS_ON', 'b'), 7] }),
      'b',
    );
    expect(problems(bad)).toEqual([
      'b: packages: expected an array, found an object',
      'b: relationships[1]: expected an object, found a number',
      'b: relationships[0].spdxElementId: a names no package',
      'b: relationships[0].relatedSpdxElement: b names no package',
    ]);
  });
});

describe('SPDX tag-value', () => {
  const sample = sampleText('syft', 'syft_format_spdxtagvalue_testdata_tag-value.spdx');
  const busybox = 'SPDXRef-Package-apk-busybox-9d15fb154d2c566a';
  const myApp = 'SPDXRef-Package-java-archive-my-app-4e39fdbdf089a141';

  it('reads Relationship lines added to the sample', () => {
    const text = `${sample}\nRelationship: SPDXRef-DOCUMENT DESCRIBES ${busybox}\nRelationship: ${myApp} DEPENDS_ON ${busybox}\n`;
    const result = readSpdxTagValue(text, 'tv.spdx');
    expect(result.problems).toEqual([]);
    expect(result.document.root).toBe(busybox);
    expect(result.document.dependsOn).toEqual(new Map([[myApp, [busybox]]]));
  });

  it('joins <text> values, keeps files apart, and names the line of every problem', () => {
    const text = [
      'SPDXVersion: SPDX-2.3',
      'SPDXID: SPDXRef-DOCUMENT',
      '',
      'PackageName: zlib',
      'SPDXID: SPDXRef-z',
      'PackageVersion: 1.3-r2',
      'PackageDescription: <text>A compression',
      'library</text>',
      'PackageLicenseDeclared: LicenseRef-z',
      'PackageChecksum: SHA1 without colon',
      'this line is no tag',
      'FileName: /lib/libz.so.1',
      'SPDXID: SPDXRef-f',
      'LicenseID: LicenseRef-z',
      'ExtractedText: <text>Zlib</text>',
      'Relationship: SPDXRef-z CONTAINS SPDXRef-f',
      'Relationship: SPDXRef-z DEPENDS_ON',
      'Relationship: SPDXRef-z DEPENDS_ON SPDXRef-nothing',
      'PackageName: musl',
      'PackageComment: <text>never closed',
    ].join('\n');
    const result = readSpdxTagValue(text, 'tv.spdx');
    expect(component(result.document, 'zlib')).toMatchObject({
      ref: 'SPDXRef-z',
      description: 'A compression\nlibrary',
      license: 'Zlib',
    });
    expect(component(result.document, 'musl').ref).toBe('musl');
    expect(result.document.dependsOn.size).toBe(0);
    expect(problems(result)).toEqual([
      "tv.spdx: line 11: not a 'Tag: value' line: 'this line is no tag'",
      'tv.spdx: line 20: PackageComment: <text> is not closed by </text>',
      "tv.spdx: line 10: expected 'PackageChecksum: ALG: HEX', found 'SHA1 without colon'",
      "tv.spdx: line 17: expected 'Relationship: A TYPE B', found 'SPDXRef-z DEPENDS_ON'",
      'tv.spdx: line 19: package musl has no SPDXID',
      'tv.spdx: line 18: SPDXRef-nothing names no package',
    ]);
  });

  it('refuses text without SPDXVersion', () => {
    expect(problems(readSpdxTagValue('PackageName: zlib\n', 'x'))).toEqual([
      'x: not SPDX 2.x tag-value: SPDXVersion is missing',
    ]);
  });
});
