/**
 * readSbomText / readSbomFile (format by content, errors naming the file) and
 * packagesFromSbom (apk components to ApkPackages).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emptyDocument,
  formatProblem,
  type SbomDocument,
} from '../../server/src/sbom/formats/model';
import { readSbomFile, readSbomText } from '../../server/src/sbom/formats/read-sbom';
import { packagesFromSbom } from '../../server/src/sbom/formats/sbom-packages';
import { sharedRoot } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

const dir = scratchDir('read-sbom-');
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const READS =
  '(CycloneDX JSON, SPDX JSON or tag-value, syft JSON, a bomresolver result, ' +
  'an apk installed db or APKINDEX, or a desired-SBOM list)';

describe('readSbomText: the format by content', () => {
  it.each([
    ['{"bomFormat": "CycloneDX", "specVersion": "1.5"}', 'cyclonedx-json'],
    ['{"spdxVersion": "SPDX-2.3"}', 'spdx-json'],
    ['{"artifacts": [], "artifactRelationships": []}', 'syft-json'],
    ['{"secondary": {}}', 'bomresolver-json'],
    ['{"zstd": {"lighttpd": ["libzstd.so.1"]}}', 'bomresolver-json'],
    ['{"stats": {"resolver": {"secondary": {}}}}', 'bomresolver-json'],
    ['SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n', 'spdx-tag-value'],
    ['P:musl\nV:1.2.4-r2\n\n', 'apk-installed-db'],
    ['\uFEFF# desired\nopenssl\nlighttpd #S\n', 'desired-sbom'],
    ['{"bomFormat": "CycloneDX",\n ...\n}', 'cyclonedx-json'],
  ])('%j is %s', (text, format) => {
    expect(readSbomText(text, 'x').format).toBe(format);
  });

  it('says what text that is none of them looks like', () => {
    const looks = (text: string): string => readSbomText(text, 'in').problems.map(formatProblem)[0];
    expect(looks('')).toBe(`in: not a format this reads ${READS}: it looks like an empty file`);
    expect(looks('a\0b')).toMatch(/it looks like binary data$/);
    expect(looks('openssl\nhello, world!\n')).toMatch(
      /it looks like text whose line 2 \('hello, world!'\) is no package name$/,
    );
    expect(looks('{"name": "x", "version": "1"}')).toMatch(
      /it looks like JSON with the keys name, version$/,
    );
    expect(looks('[1, 2]')).toMatch(/it looks like JSON holding an array$/);
    expect(looks('{"a": 1,,}')).toMatch(/JSON that does not parse, with no key of a known format$/);
    expect(looks('{"dependencies": {"left-pad": "1"}}')).toMatch(/keys dependencies$/);
  });
});

describe('readSbomFile', () => {
  it('reads a file and names it in every problem', () => {
    const path = file('installed', 'P:musl\nV:1.2.4-r2\nI:x\n');
    const read = readSbomFile(path);
    if ('error' in read) throw new Error(read.error);
    expect(read.format).toBe('apk-installed-db');
    expect(read.problems.map(formatProblem)).toEqual([
      `${path}: record 1 (P:musl): I:x on line 3 is not a number`,
    ]);
  });

  it('reads an APKINDEX.tar.gz as the same records', () => {
    const path = join(sharedRoot, 'apkindex', 'v3.19.0-main-x86_64', 'APKINDEX.tar.gz');
    const read = readSbomFile(path);
    if ('error' in read) throw new Error(read.error);
    expect(read.format).toBe('apkindex');
    expect(read.problems).toEqual([]);
    const lighttpd = read.document.components.find((c) => c.name === 'lighttpd');
    expect(lighttpd?.depends).toContain('so:libc.musl-x86_64.so.1');
  });

  it('says why it cannot, naming the file', () => {
    const missing = join(dir, 'nothing.json');
    expect(readSbomFile(missing)).toEqual({ error: `${missing}: cannot read: no such file` });
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(readSbomFile(folder)).toEqual({ error: `${folder}: is a folder, not an SBOM file` });
    const latin1 = file('latin1.txt', Buffer.from([0x6d, 0xe4, 0x0a]));
    expect(readSbomFile(latin1)).toEqual({
      error: `${latin1}: not a format this reads ${READS}: it is not UTF-8 text`,
    });
    const empty = file('empty.json', '');
    expect(readSbomFile(empty)).toEqual({
      error: `${empty}: not a format this reads ${READS}: it looks like an empty file`,
    });
  });
});

function document(components: Partial<SbomDocument['components'][number]>[]): SbomDocument {
  const doc = emptyDocument();
  doc.components = components.map((c, i) => ({
    ref: c.ref ?? `r${i}`,
    name: c.name ?? `c${i}`,
    version: c.version === undefined ? '1.0-r0' : c.version,
    arch: c.arch ?? null,
    origin: c.origin ?? null,
    purl: c.purl ?? null,
    ...c,
  }));
  return doc;
}

const purl = (name: string): string => `pkg:apk/alpine/${name}@1.0-r0?arch=x86_64`;

describe('packagesFromSbom', () => {
  it('makes apk components packages: depends from their tokens, else from edges', () => {
    const doc = document([
      { ref: 'img', name: 'image', purl: 'pkg:oci/image@sha256%3Aab' },
      { ref: 'os', name: 'alpine', version: '3.19' },
      {
        ref: 'l',
        name: 'lighttpd',
        purl: purl('lighttpd'),
        arch: 'x86_64',
        origin: 'lighttpd',
        license: 'BSD-3-Clause',
      },
      {
        ref: 'p',
        name: 'pcre2',
        purl: purl('pcre2'),
        provides: ['libpcre2-8.so.0'],
        installedSize: 655360,
      },
      { ref: 'z', name: 'zlib', purl: purl('zlib'), depends: ['so:libc.musl-x86_64.so.1'] },
      { ref: 'j', name: 'jar', purl: 'pkg:maven/a/b@1' },
    ]);
    doc.dependsOn = new Map([
      ['img', ['os']],
      ['l', ['p', 'z', 'j']],
    ]);
    const { packages, problems } = packagesFromSbom(doc, 'sbom.json');
    expect(problems).toEqual([]);
    expect(packages.map((p) => [p.name, p.record, p.origin, p.installedSize])).toEqual([
      ['lighttpd', 3, 'lighttpd', 0],
      ['pcre2', 4, 'pcre2', 655360],
      ['zlib', 5, 'zlib', 0],
    ]);
    const [lighttpd, pcre2, zlib] = packages;
    expect(lighttpd).toMatchObject({
      arch: 'x86_64',
      license: 'BSD-3-Clause',
      linksUnknown: true,
      source: 'sbom.json',
    });
    expect(lighttpd.depends.map((d) => d.token)).toEqual(['pcre2', 'zlib']); // not the jar
    expect(pcre2.provides).toEqual([{ token: 'so:libpcre2-8.so.0', name: 'so:libpcre2-8.so.0' }]);
    expect(zlib.depends.map((d) => d.token)).toEqual(['so:libc.musl-x86_64.so.1']);
    expect(zlib.linksUnknown).toBeUndefined();
  });

  it('takes purl-less components of apk producers, skips those without version, joins twins', () => {
    const doc = document([
      { ref: 'a', name: 'musl', depends: [] },
      { ref: 'b', name: 'busybox', version: null },
      { ref: 'c', name: 'zlib', depends: ['musl'], provideTokens: ['so:libz.so.1=1.3'] },
      { ref: 'd', name: 'zlib', depends: ['so:libc.musl-x86_64.so.1', 'bad<>token'] },
    ]);
    doc.producer = 'apk';
    const { packages, problems } = packagesFromSbom(doc, 'db');
    expect(packages.map((p) => `${p.name} ${p.depends.map((d) => d.token).join(',')}`)).toEqual([
      'musl ',
      'zlib musl,so:libc.musl-x86_64.so.1',
    ]);
    expect(packages[1].provides.map((p) => p.token)).toEqual(['so:libz.so.1=1.3']);
    expect(problems.map(formatProblem)).toEqual([
      'db: component 2 (busybox): busybox has no version; skipped',
      "db: component 4 (zlib): cannot parse the depends token 'bad<>token'",
      'db: component 4 (zlib): zlib 1.0-r0 is listed twice (first as component 3); read once, edges joined',
    ]);
    doc.producer = 'trivy'; // no purl and not an apk producer: not a package, and no word
    expect(packagesFromSbom(doc, 'x')).toEqual({ packages: [], problems: [] });
  });
});
