/**
 * The readers of apk-minded inputs: installed dbs (syft's real test data, the corrupt one
 * included), bomres's real desired lists, and bomres's resolved document.
 *
 * The resolved document's layout is taken from the upstream code that writes it, Nordix/bomres:
 * - services/sbom_resolver/service/build/bomres/bomres/lib/aggregate_bom.py, `format_dep`:
 *   `{ modelVersion, metadata: { aggregator: { alpine: { apkindex: { hash }, settings, aports,
 *   stats } } }, dependencies: [ { ID: "native-PRODUCT-VERSION-PATCH-VENDOR-PLATFORM",
 *   pipeline: { domain: "linux", product, version (pkgver), update ("r7"), vendor, target_sw,
 *   aggregator: { type: "alpine", match, alpine: { parent (o:), arch, pkgver, pkgrel,
 *   struct_raw: { depend: [D: lines], provide: [p: lines], install } } } },
 *   mapper: { category, strategic } } ] }`;
 * - services/sbom_resolver/service/build/bomres/bomres/lib/resolve_bom.py, `mapper`: adds
 *   `aggregate: { match, parent, source, info: { license, secfixes } }` to each entry, `tools`
 *   and `stats.aggregate`; it also accepts the list under `data.dependencies`.
 * - The runtime map at `stats.resolver.secondary` is DESIGN.md §10's statement: the stored
 *   upstream versions of resolve_bom.py write `stats.aggregate` only, so no committed upstream
 *   file shows it; a document without it is read with a problem saying so.
 */
import { describe, expect, it } from 'vitest';
import { parseIndexText } from '../../server/src/sbom/apkindex';
import { readBomresolver } from '../../server/src/sbom/formats/bomresolver-reader';
import { readDesiredSbom } from '../../server/src/sbom/formats/desired-sbom';
import { readInstalledDb } from '../../server/src/sbom/formats/installed-db-reader';
import { formatProblem } from '../../server/src/sbom/formats/model';
import { readSbomText, type SbomRead } from '../../server/src/sbom/formats/read-sbom';
import { packagesFromSbom } from '../../server/src/sbom/formats/sbom-packages';
import {
  component,
  edgesByName,
  readSample,
  samplePath,
  sampleText,
} from '../helpers/sbom-samples';

const read = readSample;
const problemsOf = (r: SbomRead): string[] => r.problems.map(formatProblem);

describe('installed dbs (syft test data)', () => {
  it('reads every record as parseIndexText does, with edges from the D: tokens', () => {
    const name = 'syft_pkg_cataloger_alpine_testdata_multiple-2_lib_apk_db_installed';
    const { document, problems } = read('syft', name);
    expect(problems).toEqual([]);
    expect(edgesByName(document)).toContain(
      'apk-tools -> musl ca-certificates-bundle libcrypto1.1 libssl1.1 zlib',
    );
    const index = parseIndexText(sampleText('syft', name), 'db').packages;
    const { packages } = packagesFromSbom(document, 'db');
    expect(packages.map((p) => p.name)).toEqual(index.map((p) => p.name));
    packages.forEach((pkg, i) => {
      expect(pkg.depends.map((d) => d.token)).toEqual(index[i].depends.map((d) => d.token));
      expect(pkg.provides.map((p) => p.token)).toEqual(index[i].provides.map((p) => p.token));
      expect([pkg.version, pkg.origin, pkg.license]).toEqual([
        index[i].version,
        index[i].origin,
        index[i].license,
      ]);
      expect(pkg.installedSize).toBe(index[i].installedSize);
      expect(pkg.linksUnknown).toBeUndefined();
    });
  });

  it('the corrupt one: the problem names the file and the line, the record is still read', () => {
    const path = samplePath(
      'syft',
      'syft_pkg_cataloger_alpine_testdata_corrupt_lib_apk_db_installed',
    );
    const result = read('syft', 'syft_pkg_cataloger_alpine_testdata_corrupt_lib_apk_db_installed');
    expect(problemsOf(result)).toEqual([
      `${path}: line 1: not a 'X:value' field: 'this is a corrupt db'`,
    ]);
    expect(result.document.components.map((c) => `${c.name} ${c.version}`)).toEqual([
      'alpine-baselayout-data 3.2.0-r22',
    ]);
    const glob = read('syft', 'syft_pkg_cataloger_alpine_testdata_glob-paths_lib_apk_db_installed');
    expect(glob.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
      "line 1: not a 'X:value' field: 'bogus db contents'",
    ]);
  });

  it('the C: checksum, so: provides, sonames with a colon, empty D: and p:', () => {
    const single = read('syft', 'syft_pkg_cataloger_alpine_testdata_single').document;
    // C:Q1bTtF5526tETKfL+lnigzIDvm+2o= is base64 of the SHA-1.
    expect(component(single, 'musl-utils').hashes).toEqual([
      { alg: 'SHA-1', content: '6d3b45e79dbab444ca7cbfa59e2833203be6fb6a' },
    ]);
    const jre = component(
      read('syft', 'syft_pkg_cataloger_alpine_testdata_extra-file-attributes').document,
      'openjdk8-jre',
    );
    expect(jre.origin).toBe('openjdk8');
    expect(jre.depends).toContain('so:openjdk8:libjvm.so');
    expect(jre.provides).toContain('openjdk8:libawt_xawt.so');
    const empty = read('syft', 'syft_pkg_cataloger_alpine_testdata_empty-deps-and-provides');
    expect(component(empty.document, 'alpine-baselayout-data')).toMatchObject({
      depends: [],
      provides: [],
    });
    const multiple = read(
      'syft',
      'syft_pkg_cataloger_alpine_testdata_multiple-1_lib_apk_db_installed',
    );
    expect(edgesByName(multiple.document)).toEqual([
      'bash -> busybox-binsh musl readline', // /bin/sh, so:libc.musl-x86_64.so.1, so:libreadline.so.8
      'readline -> musl',
    ]);
    expect(component(multiple.document, 'musl').maintainer).toBe('Timo Teräs <timo.teras@iki.fi>');
    expect(readInstalledDb('', 'empty').document.components).toEqual([]);
  });
});

describe('bomres desired lists', () => {
  const lists: [string, number, string[]][] = [
    ['services_sbom_resolver_base_os_build_base_os_config_packages', 35, []],
    ['tools_base_os_alpine_build_config_packages', 8, []],
    ['tools_base_os_alpine_build_templates_images_development', 27, []],
    ['tools_base_os_alpine_build_templates_images_minimal', 2, ['lighttpd']],
    ['tools_lighttpd_base_product_build_base_os_config_packages', 2, ['lighttpd']],
  ];

  it.each(lists)('%s: %i packages, strategic %j, no problem', (name, count, strategic) => {
    const result = read('bomres', name);
    expect(result.problems).toEqual([]);
    expect(result.document.components).toHaveLength(count);
    expect(result.document.producer).toBe('bomres');
    const { entries } = readDesiredSbom(sampleText('bomres', name), name);
    expect(entries.filter((e) => e.strategic).map((e) => e.name)).toEqual(strategic);
  });

  it('reads jansson, listed twice, once; names alone make no package', () => {
    const base = readDesiredSbom(sampleText('bomres', lists[0][0]), 'packages');
    expect(base.entries.filter((e) => e.name === 'jansson').map((e) => e.line)).toEqual([33]);
    // Packages need versions: a desired list gives names only.
    const converted = packagesFromSbom(base.document, 'packages');
    expect(converted.packages).toEqual([]);
    expect(formatProblem(converted.problems[0])).toBe(
      'packages: component 1 (alpine-conf): alpine-conf has no version; skipped',
    );
  });
});

const DESIGN_SECONDARY = {
  openssl: {
    'apk-tools': ['libcrypto.so.1.1', 'libssl.so.1.1'],
    lighttpd: ['libcrypto.so.1.1', 'libssl.so.1.1'],
  },
  brotli: { lighttpd: ['libbrotlienc.so.1'] },
  openldap: { lighttpd: ['liblber.so.2', 'libldap.so.2'] },
  'lua5.4': { lighttpd: ['liblua-5.4.so.0'] },
  zstd: { lighttpd: ['libzstd.so.1'] },
};

/** One `dependencies` entry as aggregate_bom.py and resolve_bom.py write it. */
function entry(product: string, version: string, update: string, parent: string, raw: object) {
  return {
    ID: `native-${product}-${version}-${update}-alpinelinux-alpine_linux_3.19`,
    pipeline: {
      domain: 'linux',
      product,
      target_sw: 'alpine_linux_3.19',
      vendor: 'alpinelinux',
      version,
      update,
      pkgrel: update.slice(1),
      web_url: 'https://example.org/',
      aggregator: {
        type: 'alpine',
        match: true,
        alpine: {
          pkgver: version,
          pkgrel: update.slice(1),
          parent,
          arch: 'x86_64',
          childs: [],
          struct_raw: raw,
        },
      },
    },
    mapper: { category: 'FOSS', strategic: product === 'lighttpd' },
    aggregate: { match: 'product_version_match', parent, info: { license: 'MIT' } },
  };
}

function resolvedDocument(stats: object): object {
  return {
    modelVersion: '1.1',
    metadata: {
      aggregator: {
        alpine: {
          apkindex: { hash: 'aa847b1b' },
          settings: { ALPINE_VERSION: '3.19' },
          aports: {},
          stats: {},
        },
      },
    },
    dependencies: [
      entry('musl', '1.2.4_git20230717', 'r4', 'musl', {
        install: [],
        provide: ['so:libc.musl-x86_64.so.1=1'],
        depend: [],
      }),
      entry('libcrypto3', '3.1.4', 'r1', 'openssl', {
        install: [],
        provide: ['so:libcrypto.so.3=3'],
        depend: ['so:libc.musl-x86_64.so.1'],
      }),
      entry('lighttpd', '1.4.73', 'r0', 'lighttpd', {
        install: [],
        provide: ['cmd:lighttpd=1.4.73-r0'],
        depend: ['so:libc.musl-x86_64.so.1 so:libcrypto.so.3'],
      }),
      { ID: 'python-six', pipeline: { domain: 'python', product: 'six' } },
    ],
    tools: { 'py3-setuptools': ['lighttpd'] },
    stats,
  };
}

describe('bomres resolved document', () => {
  it('reads the runtime map at stats.resolver.secondary and the packages with their D: and p:', () => {
    const stats = { aggregate: { total: 3 }, resolver: { secondary: DESIGN_SECONDARY } };
    const text = JSON.stringify(resolvedDocument(stats));
    const result = readSbomText(text, 'resolved.json');
    expect(result.format).toBe('bomresolver-json');
    expect(result.problems).toEqual([]);
    const { document } = result;
    expect(document.secondary).toEqual(DESIGN_SECONDARY);
    expect([document.producer, document.distro]).toEqual(['bomres', 'alpine-3.19']);
    expect(document.components.map((c) => `${c.name} ${c.version} ${c.origin}`)).toEqual([
      'musl 1.2.4_git20230717-r4 musl',
      'libcrypto3 3.1.4-r1 openssl',
      'lighttpd 1.4.73-r0 lighttpd',
    ]); // python entries are not packages, as in the resolver
    expect(component(document, 'lighttpd')).toMatchObject({
      ref: 'native-lighttpd-1.4.73-r0-alpinelinux-alpine_linux_3.19',
      depends: ['so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3'],
      provideTokens: ['cmd:lighttpd=1.4.73-r0'],
      license: 'MIT',
    });
    expect(component(document, 'libcrypto3').provides).toEqual(['libcrypto.so.3']);
    expect(edgesByName(document)).toEqual(['libcrypto3 -> musl', 'lighttpd -> musl libcrypto3']);
    const { packages } = packagesFromSbom(document, 'resolved.json');
    expect(packages.map((p) => p.depends.map((d) => d.token).join(' '))).toEqual([
      '',
      'so:libc.musl-x86_64.so.1',
      'so:libc.musl-x86_64.so.1 so:libcrypto.so.3',
    ]);
    expect(packages.every((p) => p.linksUnknown === undefined)).toBe(true);
  });

  it('says so when the resolver wrote no runtime map, and reads data.dependencies too', () => {
    const { dependencies, ...rest } = resolvedDocument({ aggregate: { total: 3 } }) as {
      dependencies: unknown[];
    };
    const nested = { ...rest, data: { dependencies } };
    const result = readBomresolver(JSON.stringify(nested), 'resolved.json');
    expect(result.document.secondary).toBeUndefined();
    expect(result.document.components).toHaveLength(3);
    expect(result.problems.map(formatProblem)).toEqual([
      'resolved.json: stats: no runtime map: stats.resolver.secondary is missing; read the packages only',
    ]);
  });

  it('names the entry of a package it cannot read', () => {
    const doc = resolvedDocument({ resolver: { secondary: {} } }) as { dependencies: unknown[] };
    doc.dependencies.push('musl', { pipeline: { domain: 'linux' } });
    expect(readBomresolver(JSON.stringify(doc), 'r.json').problems.map(formatProblem)).toEqual([
      'r.json: dependencies[4]: expected a package with a pipeline, found a string',
      'r.json: dependencies[5].pipeline.product: package has no product name; skipped',
    ]);
  });
});
