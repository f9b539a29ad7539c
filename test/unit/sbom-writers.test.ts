import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import parseSpdxExpression from 'spdx-expression-parse';
import { describe, expect, it } from 'vitest';
import { gunzipAll, readApkIndex, readTar } from '../../server/src/sbom';
import { buildCycloneDx, writeCycloneDx } from '../../server/src/sbom/formats/cyclonedx-writer';
import { addEdge, emptyDocument, type SbomDocument } from '../../server/src/sbom/formats/model';
import { buildApkPurl, parsePurl } from '../../server/src/sbom/formats/purl';
import { buildSpdx, writeSpdx } from '../../server/src/sbom/formats/spdx-writer';
import { sharedRoot } from '../helpers/paths';
import { cycloneDx16, spdx23 } from '../helpers/sbom-schemas';

const INDEX = join(sharedRoot, 'apkindex', 'v3.19.0-main-x86_64', 'APKINDEX.tar.gz');
/** alpine-base has these of the packages below (apk-tools needs libcrypto3 and libssl3). */
const IN_BASE = new Set(['musl', 'libcrypto3', 'libssl3']);
const PICKED = ['lighttpd', 'pcre2', 'libcrypto3', 'libssl3', 'musl', 'zstd-libs', 'libsasl'];
const NOW = () => new Date('2024-05-01T12:00:00.123Z');
/** The APKBUILD being hardened is lighttpd 1.4.71-r0; the v3.19.0 index has 1.4.73-r0. */
const ROOT = { name: 'lighttpd', version: '1.4.71-r0' };

/** P: -> C: of the raw index text: `Q1` and the base64 SHA-1 of the control segment. */
function rawChecksums(bytes: Buffer): Map<string, string> {
  const entry = readTar(gunzipAll(bytes).value).value.find((e) => e.name === 'APKINDEX');
  const checksums = new Map<string, string>();
  for (const record of (entry?.data.toString('utf8') ?? '').split('\n\n')) {
    const field = (key: string) => new RegExp(`^${key}:(.*)$`, 'm').exec(record)?.[1];
    const name = field('P');
    const checksum = field('C');
    if (name && checksum) checksums.set(name, checksum);
  }
  return checksums;
}

const INDEX_BYTES = readFileSync(INDEX);
const checksums = rawChecksums(INDEX_BYTES);
const records = readApkIndex(INDEX_BYTES, 'v3.19.0').packages.filter((p) =>
  PICKED.includes(p.name),
);

/** A closure-like document of real v3.19.0 records, edges by resolved `so:` tokens. */
function realDocument(): SbomDocument {
  const document = emptyDocument();
  document.distro = '3.19';
  for (const p of records) {
    const fields = { name: p.name, version: p.version, arch: p.arch ?? null, origin: p.origin };
    const c = checksums.get(p.name) ?? '';
    document.components.push({
      ...fields,
      ref: buildApkPurl({ ...fields, distro: '3.19' }),
      purl: null,
      provides: p.provides.filter((x) => x.name.startsWith('so:')).map((x) => x.name.slice(3)),
      depends: p.depends.map((d) => d.token),
      license: p.license ?? null,
      hashes: [{ alg: 'SHA-1', content: Buffer.from(c.slice(2), 'base64').toString('hex') }],
      supplier: 'Alpine Linux',
      description: p.description ?? null,
      maintainer: p.maintainer ?? null,
      installedSize: p.installedSize,
      inReference: IN_BASE.has(p.name),
    });
  }
  for (const consumer of records)
    for (const dep of consumer.depends) {
      const provider = records.find((r) => r.provides.some((x) => x.name === dep.name));
      const refOf = (name: string) => document.components.find((c) => c.name === name)?.ref ?? '';
      if (provider) addEdge(document, refOf(consumer.name), refOf(provider.name));
    }
  // An edge to a ref that is no component: a writer must leave it out.
  addEdge(document, document.components[0].ref, 'pkg:apk/alpine/ghost@1-r0');
  document.root = document.components.find((c) => c.name === 'lighttpd')?.ref ?? null;
  return document;
}

function predicted(): SbomDocument {
  return { ...realDocument(), prediction: 'hardening fixes of lighttpd applied, not rebuilt' };
}

type Component = Record<string, unknown> & { name: string; purl: string; 'bom-ref': string };
type Package = Record<string, unknown> & { name: string; SPDXID: string };
const property = (c: Record<string, unknown>, name: string) =>
  ((c.properties ?? []) as { name: string; value: string }[])
    .filter((p) => p.name === name)
    .map((p) => p.value);

describe('apk purls', () => {
  it('are canonical: lowercase name, qualifiers sorted by key, spec percent-encoding', () => {
    const purl = buildApkPurl({
      name: 'NetworkManager',
      version: '1.0+git(2)-r0',
      arch: 'x86_64',
      origin: 'Network Manager',
      distro: '3.19',
    });
    expect(purl).toBe(
      'pkg:apk/alpine/networkmanager@1.0%2Bgit%282%29-r0?arch=x86_64&distro=alpine-3.19&upstream=Network%20Manager',
    );
    expect(parsePurl(purl).purl).toMatchObject({
      name: 'networkmanager',
      version: '1.0+git(2)-r0',
    });
  });
});

describe('CycloneDX 1.6 of real v3.19.0 records', () => {
  const bom = buildCycloneDx(realDocument(), { root: ROOT, now: NOW });
  const components = bom.components as Component[];
  const root = (bom.metadata as { component: Component }).component;

  it('validates against the official 1.6 schema, predicted or not', () => {
    expect(cycloneDx16(bom)).toEqual([]);
    expect(cycloneDx16(buildCycloneDx(predicted(), { root: ROOT }))).toEqual([]);
    expect(cycloneDx16(JSON.parse(writeCycloneDx(realDocument())))).toEqual([]);
    const broken = { ...bom, components: [{ ...components[0], type: 'package' }] };
    expect(cycloneDx16(broken)).not.toEqual([]);
  });

  it("describes the APKBUILD's own version, not the index's, and lists lighttpd once", () => {
    expect(root).toMatchObject({ type: 'application', name: 'lighttpd', version: '1.4.71-r0' });
    expect(root.purl).toBe(
      'pkg:apk/alpine/lighttpd@1.4.71-r0?arch=x86_64&distro=alpine-3.19&upstream=lighttpd',
    );
    expect(root.hashes).toBeUndefined();
    expect(components.map((c) => c.name).sort()).toEqual(PICKED.slice(1).sort());
  });

  it('has canonical purls with the distro, and bom-refs that are the refs', () => {
    for (const c of [root, ...components]) {
      const { purl } = parsePurl(c.purl);
      expect(Object.keys(purl?.qualifiers ?? {})).toEqual(['arch', 'distro', 'upstream']);
      expect(purl?.qualifiers.distro).toBe('alpine-3.19');
      expect(c.purl).toBe(c.purl.toLowerCase().replace(/%[0-9a-f]{2}/g, (h) => h.toUpperCase()));
    }
    for (const c of components) expect(c['bom-ref']).toBe(c.purl);
  });

  it('carries licence, SHA-1, supplier, description and the apk facts', () => {
    const byName = (name: string): Record<string, unknown> =>
      components.find((c) => c.name === name) ?? {};
    expect(byName('pcre2')).toMatchObject({
      supplier: {
        name: 'Alpine Linux',
        url: ['https://alpinelinux.org'],
        contact: [{ name: 'Jakub Jirutka', email: 'jakub@jirutka.cz' }],
      },
      description: 'Perl-compatible regular expression library',
      hashes: [{ alg: 'SHA-1', content: 'bce09a736379bf66b33f946eea9ad3ac69edbcce' }],
      licenses: [{ license: { id: 'BSD-3-Clause' } }],
    });
    expect(byName('zstd-libs').licenses).toEqual([
      { expression: 'BSD-3-Clause OR GPL-2.0-or-later' },
    ]);
    expect(byName('libsasl').licenses).toEqual([{ license: { name: 'custom' } }]);
    expect(property(byName('pcre2'), 'apk:provides')).toEqual([
      'libpcre2-8.so.0',
      'libpcre2-posix.so.3',
    ]);
    expect(property(root, 'apk:depends')).toContain('so:libpcre2-8.so.0');
    const marked = components.filter((c) => property(c, 'apkharden:in-reference')[0] === 'true');
    expect(marked.map((c) => c.name).sort()).toEqual([...IN_BASE].sort());
    for (const c of components) {
      const license = c.licenses as [{ expression?: string }];
      if (license[0].expression)
        expect(() => parseSpdxExpression(license[0].expression ?? '')).not.toThrow();
    }
  });

  it('has one dependency entry per component, with edges only to components', () => {
    const deps = bom.dependencies as { ref: string; dependsOn: string[] }[];
    const refs = [root, ...components].map((c) => c['bom-ref']);
    expect(deps.map((d) => d.ref)).toEqual(refs);
    for (const d of deps) for (const to of d.dependsOn) expect(refs).toContain(to);
    expect(deps[0].dependsOn.map((r) => parsePurl(r).purl?.name).sort()).toEqual([
      'libcrypto3',
      'libssl3',
      'musl',
      'pcre2',
      'zstd-libs',
    ]);
  });

  it('marks a prediction as pre-build and says what it rests on; says nothing otherwise', () => {
    const metadata = buildCycloneDx(predicted(), { root: ROOT }).metadata as Record<
      string,
      unknown
    >;
    expect(metadata.lifecycles).toEqual([{ phase: 'pre-build' }]);
    expect(property(metadata, 'apkharden:prediction')).toEqual([
      'hardening fixes of lighttpd applied, not rebuilt',
    ]);
    expect(Object.keys(bom.metadata as object)).toEqual(['timestamp', 'tools', 'component']);
  });

  it('gives each document its own serial number, unless seeded for a test', () => {
    const serial = (seed?: string) => buildCycloneDx(realDocument(), { seed }).serialNumber;
    expect(serial()).not.toBe(serial());
    expect(serial('t')).toBe(serial('t'));
    expect(serial()).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect((bom.metadata as { timestamp: string }).timestamp).toBe('2024-05-01T12:00:00.123Z');
  });
});

describe('SPDX 2.3 of real v3.19.0 records', () => {
  const doc = buildSpdx(realDocument(), { root: ROOT, now: NOW });
  const packages = doc.packages as Package[];
  const relationships = doc.relationships as Record<string, string>[];
  const idOf = (name: string) => packages.find((p) => p.name === name)?.SPDXID;

  it('follows the 2.3 rules, predicted or not', () => {
    expect(spdx23(doc)).toEqual([]);
    expect(spdx23(buildSpdx(predicted(), { root: ROOT }))).toEqual([]);
    expect(spdx23(JSON.parse(writeSpdx(realDocument())))).toEqual([]);
    expect(spdx23({ ...doc, packages: [{ ...packages[0], SPDXID: 'SPDXRef-a b' }] })).not.toEqual(
      [],
    );
    for (const p of packages) {
      const declared = p.licenseDeclared as string;
      if (declared !== 'NOASSERTION') expect(() => parseSpdxExpression(declared)).not.toThrow();
    }
  });

  it('describes the root and has one DEPENDS_ON per edge between packages', () => {
    expect(doc).toMatchObject({
      name: 'lighttpd-1.4.71-r0',
      creationInfo: { created: '2024-05-01T12:00:00Z', creators: ['Tool: apkharden'] },
    });
    expect(relationships.filter((r) => r.relationshipType === 'DESCRIBES')).toEqual([
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: idOf('lighttpd'),
      },
    ]);
    const dependsOn = relationships.filter((r) => r.relationshipType === 'DEPENDS_ON');
    expect(dependsOn.filter((r) => r.spdxElementId === idOf('lighttpd'))).toHaveLength(5);
    const ids = new Set(packages.map((p) => p.SPDXID));
    expect(ids.size).toBe(packages.length);
    for (const r of dependsOn)
      expect([ids.has(r.spdxElementId), ids.has(r.relatedSpdxElement)]).toEqual([true, true]);
  });

  it('carries the purl, licence, SHA-1, supplier and description, and marks the reference', () => {
    const pcre2 = packages.find((p) => p.name === 'pcre2');
    expect(pcre2).toMatchObject({
      versionInfo: '10.42-r2',
      supplier: 'Organization: Alpine Linux',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseDeclared: 'BSD-3-Clause',
      checksums: [{ algorithm: 'SHA1', checksumValue: 'bce09a736379bf66b33f946eea9ad3ac69edbcce' }],
      description: 'Perl-compatible regular expression library',
      primaryPackagePurpose: 'LIBRARY',
    });
    expect(pcre2?.externalRefs).toEqual([
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator:
          'pkg:apk/alpine/pcre2@10.42-r2?arch=x86_64&distro=alpine-3.19&upstream=pcre2',
      },
    ]);
    expect(packages.find((p) => p.name === 'libsasl')).toMatchObject({
      licenseDeclared: 'NOASSERTION',
    });
    const comments = (p: Package): string[] =>
      ((p.annotations ?? []) as { comment: string }[]).map((a) => a.comment);
    const marked = packages
      .filter((p) => comments(p).some((c) => c.startsWith('apkharden:in-reference:')))
      .map((p) => p.name);
    expect(marked.sort()).toEqual([...IN_BASE].sort());
  });

  it('says a prediction in its comments, and gives each document its own namespace', () => {
    const predictedDoc = buildSpdx(predicted(), { root: ROOT });
    expect(predictedDoc.comment).toBe(
      'apkharden:prediction: hardening fixes of lighttpd applied, not rebuilt',
    );
    expect(doc.comment).toBeUndefined();
    const namespace = () => buildSpdx(realDocument()).documentNamespace as string;
    expect(namespace()).not.toBe(namespace());
    expect(namespace()).toMatch(
      /^https:\/\/spdx\.org\/spdxdocs\/apkharden\/lighttpd-1\.4\.73-r0-[0-9a-f-]{36}$/,
    );
  });
});
