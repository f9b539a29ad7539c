import { describe, expect, it } from 'vitest';
import { readBomresolver } from '../../server/src/sbom/formats/bomresolver-reader';
import { readCycloneDx } from '../../server/src/sbom/formats/cyclonedx-reader';
import { buildCycloneDx, writeCycloneDx } from '../../server/src/sbom/formats/cyclonedx-writer';
import { readDesiredSbom, writeDesiredSbom } from '../../server/src/sbom/formats/desired-sbom';
import {
  formatProblem,
  type SbomComponent,
  type SbomDocument,
} from '../../server/src/sbom/formats/model';
import { apkFieldsFromPurl, buildApkPurl, parsePurl } from '../../server/src/sbom/formats/purl';
import { readSpdx } from '../../server/src/sbom/formats/spdx-reader';

const DESIGN_SECONDARY =
  '{"openssl": {"apk-tools": ["libcrypto.so.1.1","libssl.so.1.1"], "lighttpd": ["libcrypto.so.1.1","libssl.so.1.1"]}, "brotli": {"lighttpd": ["libbrotlienc.so.1"]}, "openldap": {"lighttpd": ["liblber.so.2","libldap.so.2"]}, "lua5.4": {"lighttpd": ["liblua-5.4.so.0"]}, "zstd": {"lighttpd": ["libzstd.so.1"]}}';

/** A seed package whose ref is the purl the writer gives it, as a CycloneDX reader keys it. */
function pkg(name: string, version: string, origin: string, provides?: string[]): SbomComponent {
  const ref = buildApkPurl({ name, version, arch: 'x86_64', origin, distro: '3.24' });
  const component: SbomComponent = { ref, name, version, arch: 'x86_64', origin, purl: null };
  return provides ? { ...component, provides } : component;
}

function seedDocument(): SbomDocument {
  const components = [
    pkg('lighttpd', '1.4.71-r0', 'lighttpd'),
    pkg('pcre2', '10.42-r1', 'pcre2', ['libpcre2-8.so.0']),
    pkg('libcrypto3', '3.1.4-r1', 'openssl', ['libcrypto.so.3']),
    pkg('g++', '13.2.1_git20231014-r0', 'gcc'),
  ];
  const [lighttpd, pcre2, libcrypto3] = components.map((c) => c.ref);
  return {
    components,
    dependsOn: new Map([
      [lighttpd, [pcre2, libcrypto3]],
      [pcre2, [libcrypto3]],
    ]),
    distro: '3.24',
    root: lighttpd,
  };
}

const LIGHTTPD_PURL =
  'pkg:apk/alpine/lighttpd@1.4.71-r0?arch=x86_64&distro=alpine-3.24&upstream=lighttpd';
const options = { seed: 'seed', now: () => new Date('2024-05-01T12:00:00Z') };

/** name, version, arch, origin, distro of an apk purl, or the parse error. */
function apk(text: string): (string | null)[] | string {
  const parsed = parsePurl(text);
  return parsed.purl ? Object.values(apkFieldsFromPurl(parsed.purl)) : parsed.error;
}

describe('purl', () => {
  it('parses apk purls, percent-decoding, with missing qualifiers and versions as null', () => {
    const full =
      'pkg:apk/alpine/lua5.4-libs@5.4.6-r0?arch=x86_64&upstream=lua5.4&distro=alpine-3.19';
    expect(apk(full)).toEqual(['lua5.4-libs', '5.4.6-r0', 'x86_64', 'lua5.4', 'alpine-3.19']);
    const encoded = 'pkg:apk/alpine/g%2B%2B@13.2.1%2Bgit-r0?upstream=gcc%20x';
    expect(apk(encoded)).toEqual(['g++', '13.2.1+git-r0', null, 'gcc x', null]);
    expect(apk('pkg:apk/alpine/zlib')).toEqual(['zlib', null, null, null, null]);
    expect(apk('pkg:npm/left-pad@1.0.0')).toEqual([null, null, null, null, null]);
    expect(parsePurl('pkg:npm/%40scope/left-pad@1.0.0#lib/x').purl).toMatchObject({
      type: 'npm',
      namespace: ['@scope'],
      name: 'left-pad',
      subpath: 'lib/x',
    });
  });

  it('reports purls it cannot parse instead of throwing', () => {
    expect(apk('apk/alpine/zlib')).toMatch(/pkg:/);
    expect(apk('pkg:apk/alpine/x%ZZ@1')).toMatch(/percent-encoding/);
    expect(apk('pkg:apk')).toMatch(/type\/name/);
  });

  it('builds the apk form and reads it back', () => {
    const input = { name: 'g++', version: '1.0-r0', arch: 'x86', origin: 'gcc', distro: '3.24' };
    const purl = buildApkPurl(input);
    expect(purl).toBe('pkg:apk/alpine/g%2B%2B@1.0-r0?arch=x86&distro=alpine-3.24&upstream=gcc');
    expect(apk(purl)).toEqual(['g++', '1.0-r0', 'x86', 'gcc', 'alpine-3.24']);
    const bare = { name: 'zlib', version: null, arch: null, origin: null, distro: null };
    expect(buildApkPurl(bare)).toBe('pkg:apk/alpine/zlib');
  });
});

describe('CycloneDX', () => {
  it('writes 1.6 with a seeded serial number, the clock, the root and purl bom-refs', () => {
    const bom = buildCycloneDx(seedDocument(), options);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(buildCycloneDx(seedDocument(), options).serialNumber).toBe(bom.serialNumber);
    expect(buildCycloneDx(seedDocument()).serialNumber).not.toBe(bom.serialNumber);
    expect(bom.metadata).toMatchObject({
      timestamp: '2024-05-01T12:00:00.000Z',
      component: { type: 'application', name: 'lighttpd', 'bom-ref': LIGHTTPD_PURL },
    });
    const components = bom.components as { name: string; 'bom-ref': string; purl: string }[];
    expect(components.map((c) => c.name)).toEqual(['pcre2', 'libcrypto3', 'g++']);
    for (const c of components) expect(c['bom-ref']).toBe(c.purl);
    expect((bom.dependencies as unknown[]).length).toBe(4);
  });

  it('reads back what it writes: components by ref, edges, root and distro', () => {
    const text = writeCycloneDx(seedDocument(), options);
    const { document, problems } = readCycloneDx(text, 'bom.json');
    expect(problems).toEqual([]);
    const expected = seedDocument().components.map((c) => ({
      ...c,
      purl: buildApkPurl({ ...c, distro: '3.24' }),
    }));
    expect(document.components).toMatchObject(expected);
    expect(document.dependsOn).toEqual(seedDocument().dependsOn);
    expect([document.root, document.distro]).toEqual([LIGHTTPD_PURL, 'alpine-3.24']);
  });

  it('is stable through the neutral model', () => {
    const first = writeCycloneDx(seedDocument(), options);
    const second = writeCycloneDx(readCycloneDx(first, 'a.json').document, options);
    expect(second).toBe(first);
  });

  it('reports components without names and refs pointing nowhere, and reads the rest', () => {
    const text = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [
        { 'bom-ref': 'a', name: 'musl', purl: 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64' },
        { 'bom-ref': 'b', version: '1.0' },
        { 'bom-ref': 'c', name: 'zlib', purl: 'not a purl' },
      ],
      dependencies: [
        { ref: 'c', dependsOn: ['a', 'nowhere'] },
        { ref: 'ghost', dependsOn: ['a'] },
      ],
    });
    const { document, problems } = readCycloneDx(text, 'bom.json');
    expect(document.components.map((c) => c.name)).toEqual(['musl', 'zlib']);
    expect(document.components[0]).toMatchObject({ version: '1.2.4-r2', arch: 'x86_64' });
    expect(document.components.map((c) => c.ref)).toEqual(['a', 'c']);
    expect(document.dependsOn).toEqual(new Map([['c', ['a']]]));
    expect(problems.map(formatProblem)).toEqual([
      'bom.json: components[1].name: component has no name; skipped',
      'bom.json: components[2].purl: bad purl: "not a purl" does not start with pkg:',
      'bom.json: dependencies[0].dependsOn[1]: ref nowhere names no component',
      'bom.json: dependencies[1].ref: ref ghost names no component',
    ]);
  });
});

const PCRE2_PURL = 'pkg:apk/alpine/pcre2@10.42-r1?arch=x86_64&upstream=pcre2&distro=alpine-3.19';
const rel = (a: string, type: string, b: string) => ({
  spdxElementId: `SPDXRef-${a}`,
  relationshipType: type,
  relatedSpdxElement: `SPDXRef-${b}`,
});
const ref = (type: string, locator: string) => ({
  referenceCategory: type === 'purl' ? 'PACKAGE-MANAGER' : 'SECURITY',
  referenceType: type,
  referenceLocator: locator,
});
const SPDX = {
  spdxVersion: 'SPDX-2.3',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'lighttpd',
  packages: [
    { SPDXID: 'SPDXRef-lighttpd', name: 'lighttpd', versionInfo: '1.4.71-r0' },
    {
      SPDXID: 'SPDXRef-pcre2',
      name: 'pcre2',
      versionInfo: '10.42-r1',
      externalRefs: [ref('cpe23Type', 'cpe:2.3:a:pcre2'), ref('purl', PCRE2_PURL)],
    },
    { SPDXID: 'SPDXRef-musl', name: 'musl', versionInfo: 'NOASSERTION' },
  ],
  relationships: [
    rel('DOCUMENT', 'DESCRIBES', 'lighttpd'),
    rel('lighttpd', 'DEPENDS_ON', 'pcre2'),
    rel('musl', 'DEPENDENCY_OF', 'pcre2'),
    rel('musl', 'CONTAINS', 'x'),
    rel('lighttpd', 'DEPENDS_ON', 'gone'),
  ],
};

describe('SPDX 2.3', () => {
  it('reads packages, purls and DEPENDS_ON / DEPENDENCY_OF edges; reports dangling ids', () => {
    const { document, problems } = readSpdx(JSON.stringify(SPDX), 'sbom.spdx.json');
    const none = { arch: null, origin: null, purl: null };
    expect(document.components).toEqual([
      { ref: 'SPDXRef-lighttpd', name: 'lighttpd', version: '1.4.71-r0', ...none },
      {
        ref: 'SPDXRef-pcre2',
        name: 'pcre2',
        version: '10.42-r1',
        arch: 'x86_64',
        origin: 'pcre2',
        purl: PCRE2_PURL,
      },
      { ref: 'SPDXRef-musl', name: 'musl', version: null, ...none },
    ]);
    const edges = new Map([
      ['SPDXRef-lighttpd', ['SPDXRef-pcre2']],
      ['SPDXRef-pcre2', ['SPDXRef-musl']],
    ]);
    expect(document.dependsOn).toEqual(edges);
    expect([document.root, document.distro]).toEqual(['SPDXRef-lighttpd', 'alpine-3.19']);
    expect(problems.map(formatProblem)).toEqual([
      'sbom.spdx.json: relationships[4].relatedSpdxElement: SPDXRef-gone names no package',
    ]);
  });
});

describe('wrong and broken inputs', () => {
  it('names the source and the place for text that is not JSON', () => {
    for (const read of [readCycloneDx, readSpdx, readBomresolver]) {
      const { document, problems } = read('{\n  "a": 1,\n}', 'x.json');
      expect(document.components).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ source: 'x.json', where: 'line 3, column 1' });
      expect(problems[0].message).toMatch(/^not JSON: /);
    }
  });

  it('says which format was expected and which one was given', () => {
    const spdxAsCdx = readCycloneDx(JSON.stringify(SPDX), 'bom.json');
    expect(spdxAsCdx.problems.map(formatProblem)).toEqual([
      'bom.json: not CycloneDX: bomFormat is missing (this looks like SPDX (SPDX-2.3))',
    ]);
    const cdx = writeCycloneDx(seedDocument(), options);
    expect(readSpdx(cdx, 'sbom.json').problems.map(formatProblem)).toEqual([
      'sbom.json: not SPDX 2.x: spdxVersion is missing (this looks like CycloneDX)',
    ]);
    expect(readBomresolver(cdx, 'r.json').problems.map(formatProblem)).toEqual([
      'r.json: not a bomresolver result: no secondary map (this looks like CycloneDX)',
    ]);
    expect(readCycloneDx('[1]', 'a.json').problems[0].message).toBe(
      'not CycloneDX: expected a JSON object, found an array',
    );
  });
});

describe('bomresolver', () => {
  it('reads the secondary map of DESIGN.md §1 exactly, bare or wrapped', () => {
    const bare = readBomresolver(DESIGN_SECONDARY, 'resolved.json');
    expect(bare.problems).toEqual([]);
    expect(bare.document.secondary).toEqual(JSON.parse(DESIGN_SECONDARY));
    const wrapped = readBomresolver(`{"secondary": ${DESIGN_SECONDARY}}`, 'resolved.json');
    expect(wrapped).toEqual(bare);
  });

  it('reads packages as an array or keyed by name and reports what it does not expect', () => {
    const array = readBomresolver(
      JSON.stringify({
        secondary: { zstd: { lighttpd: ['libzstd.so.1', 7] } },
        packages: [{ name: 'zstd-libs', version: '1.5.5-r8', origin: 'zstd', color: 'red' }, 'x'],
        extra: {},
      }),
      'r.json',
    );
    expect(array.document.secondary).toEqual({ zstd: { lighttpd: ['libzstd.so.1'] } });
    expect(array.document.components).toEqual([
      {
        ref: 'zstd-libs',
        name: 'zstd-libs',
        version: '1.5.5-r8',
        arch: null,
        origin: 'zstd',
        purl: null,
      },
    ]);
    expect(array.problems.map(formatProblem)).toEqual([
      'r.json: extra: unexpected field extra; ignored',
      'r.json: secondary.zstd.lighttpd[1]: expected a string, found a number',
      'r.json: packages[0].color: unexpected field color; ignored',
      'r.json: packages[1]: expected a package object, found a string',
    ]);
    const keyed = readBomresolver(
      JSON.stringify({
        secondary: {},
        packages: { pcre2: { version: '10.42-r1', dependsOn: ['musl'] }, musl: '1.2.4' },
      }),
      'r.json',
    );
    expect(keyed.problems).toEqual([]);
    const read = keyed.document.components.map((c) => `${c.name}@${c.version}`);
    expect(read).toEqual(['pcre2@10.42-r1', 'musl@1.2.4']);
    expect(keyed.document.dependsOn).toEqual(new Map([['pcre2', ['musl']]]));
    expect(keyed.document.components.map((c) => c.ref)).toEqual(['pcre2', 'musl']);
  });
});

describe('desired SBOM text', () => {
  it('reads the three spellings of #S and ignores comments', () => {
    const text =
      '\n# Desired SBOM\nopenssl\nconnexion  #S\n#datamodel-code-generator\n#S brotli\n#S\n\nzstd # pinned\n#S is a marker with words\nlua5.4\n';
    const { entries, problems, document } = readDesiredSbom(text, 'packages');
    expect(problems).toEqual([]);
    const read = entries.map((e) => `${e.line}:${e.name}${e.strategic ? ' #S' : ''}`);
    expect(read).toEqual(['3:openssl', '4:connexion #S', '6:brotli #S', '9:zstd #S', '11:lua5.4']);
    const names = document.components.map((c) => c.name).join(' ');
    expect(names).toBe('openssl connexion brotli zstd lua5.4');
  });

  it('round-trips through the writer and reports a #S on one of two lines and a dangling #S', () => {
    const entries = [
      { name: 'openssl', strategic: true },
      { name: 'brotli', strategic: false },
    ];
    const text = writeDesiredSbom(entries, { header: ['seed case'] });
    expect(text).toBe('# seed case\n\nopenssl #S\nbrotli\n');
    expect(
      readDesiredSbom(text, 'p').entries.map(({ name, strategic }) => ({ name, strategic })),
    ).toEqual(entries);
    const bad = readDesiredSbom('zstd\na b\nzstd #S\na\n#S\n', 'p');
    const read = bad.entries.map((e) => `${e.name}${e.strategic ? ' #S' : ''}`);
    expect(read).toEqual(['zstd #S', 'a', 'b']);
    expect(bad.problems.map(formatProblem)).toEqual([
      'p: line 2: expected one package per line, found 2; read each',
      'p: line 3: zstd is listed twice (first on line 1), marked #S only on line 3; read as strategic',
      'p: line 5: #S marks no package: none follows',
    ]);
  });
});
