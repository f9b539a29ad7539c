/**
 * The SBOM readers on the real files other tools wrote (../shared/sbom-samples): each reads
 * without throwing, in the format it is, and each producer's habits are read right.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../server/src/sbom/formats/model';
import { readSbomFile, type SbomRead } from '../../server/src/sbom/formats/read-sbom';
import { packagesFromSbom } from '../../server/src/sbom/formats/sbom-packages';
import {
  component,
  edgesByName,
  readSample,
  sampleFiles,
  samplePath,
  type SampleDir,
} from '../helpers/sbom-samples';

const DB = 'apk-installed-db';
const FORMATS: Record<string, string> = {
  'syft/cmd_syft_internal_test_integration_testdata_image-pkg-coverage_lib_apk_db_installed': DB,
  'syft/examples_decode_sbom_alpine.syft.json': 'syft-json',
  'syft/syft_format_spdxjson_testdata_spdx_alpine-3.10.syft.spdx.json': 'spdx-json',
  'syft/syft_format_spdxjson_testdata_spdx_alpine-3.10.vendor.spdx.json': 'spdx-json',
  'syft/syft_format_spdxtagvalue_testdata_tag-value.spdx': 'spdx-tag-value',
  'syft/syft_format_testdata_alpine-syft.json': 'syft-json',
  'syft/syft_pkg_cataloger_alpine_testdata_base': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_corrupt_lib_apk_db_installed': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_empty-deps-and-provides': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_extra-file-attributes': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_glob-paths_lib_apk_db_installed': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_multiple-1_lib_apk_db_installed': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_multiple-2_lib_apk_db_installed': DB,
  'syft/syft_pkg_cataloger_alpine_testdata_single': DB,
  'syft/syft_pkg_cataloger_sbom_testdata_alpine_syft-json_sbom.syft.json': 'syft-json',
  'trivy/docs-trivy-alpine315.cdx.json': 'cyclonedx-json',
  'trivy/docs-trivy-cdx15.json': 'cyclonedx-json',
  'trivy/docs-trivy.spdx.json': 'spdx-json',
  'trivy/integration_testdata_alpine-310.gsbom.golden': 'error',
  'trivy/pkg_fanal_analyzer_sbom_testdata_ca-certificates.spdx.json': 'spdx-json',
  'trivy/pkg_fanal_artifact_image_testdata_cyclonedx.json': 'cyclonedx-json',
  'trivy/pkg_fanal_artifact_sbom_testdata_bom-missing-refs.json': 'cyclonedx-json',
  'trivy/pkg_fanal_artifact_sbom_testdata_bom.json': 'cyclonedx-json',
  'trivy/pkg_sbom_cyclonedx_testdata_happy_bom.json': 'cyclonedx-json',
  'trivy/pkg_sbom_cyclonedx_testdata_happy_third-party-bom-no-os.json': 'cyclonedx-json',
  'trivy/pkg_sbom_cyclonedx_testdata_happy_third-party-bom.json': 'cyclonedx-json',
  'trivy/pkg_sbom_spdx_testdata_happy_bom.json': 'spdx-json',
  'bomres/services_sbom_resolver_base_os_build_base_os_config_packages': 'desired-sbom',
  'bomres/tools_base_os_alpine_build_config_packages': 'desired-sbom',
  'bomres/tools_base_os_alpine_build_templates_images_development': 'desired-sbom',
  'bomres/tools_base_os_alpine_build_templates_images_minimal': 'desired-sbom',
  'bomres/tools_lighttpd_base_product_build_base_os_config_packages': 'desired-sbom',
};

const read = readSample;
const problemsOf = (r: SbomRead): string[] => r.problems.map(formatProblem);

describe('every sample file', () => {
  it('is in the table of formats (a new sample needs its line)', () => {
    expect(sampleFiles().sort()).toEqual(Object.keys(FORMATS).sort());
  });

  it.each(Object.entries(FORMATS))('%s reads as %s, every problem naming it', (file, format) => {
    const path = samplePath(file.split('/')[0] as SampleDir, file.split('/')[1]);
    const result = readSbomFile(path);
    if ('error' in result) {
      expect(format).toBe('error');
      expect(result.error.startsWith(`${path}: `)).toBe(true);
      return;
    }
    expect(result.format).toBe(format);
    for (const problem of result.problems) {
      expect(problem.source).toBe(path);
      expect(problem.where).not.toBe('');
    }
    const converted = packagesFromSbom(result.document, path);
    for (const pkg of converted.packages) expect(pkg.source).toBe(path);
  });
});

describe('trivy', () => {
  it('SPDX: the origin from sourceInfo, SHA1 checksums, DEPENDS_ON and CONTAINS edges', () => {
    const { document, problems } = read('trivy', 'docs-trivy.spdx.json');
    expect(problems).toEqual([]);
    expect([document.producer, document.distro]).toEqual(['trivy', 'alpine-3.15.11']);
    expect(component(document, 'alpine:3.15').ref).toBe(document.root);
    // "sourceInfo": "built package from: openssl 1.1.1w-r1"; the purl has no upstream.
    expect(component(document, 'libcrypto1.1')).toMatchObject({
      origin: 'openssl',
      version: '1.1.1w-r1',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1w-r1?arch=x86_64&distro=3.15.11',
      license: 'OpenSSL',
    });
    expect(component(document, 'scanelf').origin).toBe('pax-utils');
    expect(component(document, 'libc-utils').origin).toBe('libc-dev');
    const baselayout = component(document, 'alpine-baselayout');
    expect(baselayout.hashes).toEqual([
      { alg: 'SHA-1', content: '132992eab020986b3b5d886a77212889680467a0' },
    ]);
    expect(baselayout.supplier).toBeUndefined(); // "supplier": "NOASSERTION"
    const edges = edgesByName(document);
    expect(edges).toContain('apk-tools -> ca-certificates-bundle libcrypto1.1 musl libssl1.1 zlib');
    expect(edges).toContain('alpine:3.15 -> alpine'); // the image CONTAINS the OS
    const { packages } = packagesFromSbom(document, 'trivy.spdx.json');
    expect(packages).toHaveLength(14); // the image and the OS are not apk packages
    const apkTools = packages.find((p) => p.name === 'apk-tools');
    expect(apkTools?.depends.map((d) => d.token)).toEqual([
      'ca-certificates-bundle',
      'libcrypto1.1',
      'musl',
      'libssl1.1',
      'zlib',
    ]);
    expect(apkTools?.linksUnknown).toBe(true);
  });

  it('CycloneDX: SrcName is the origin, licences, bom-refs, 1.4 and 1.5+ tools', () => {
    const happy = read('trivy', 'pkg_sbom_cyclonedx_testdata_happy_bom.json').document;
    // specVersion 1.7; musl's purl has no upstream, its SrcName property says musl.
    expect(component(happy, 'musl')).toMatchObject({
      ref: 'pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0',
      origin: 'musl',
      license: 'MIT', // licenses[].license.name
    });
    expect([happy.producer, happy.distro]).toEqual(['trivy', 'alpine-3.16.0']);
    expect(happy.root).toBe('0f585d64-4815-4b72-92c5-97dae191fa4a');
    expect(edgesByName(happy)).toContain('alpine -> musl'); // the OS component depends on it
    // The same musl without the SrcName property: no origin.
    const noOs = read('trivy', 'pkg_sbom_cyclonedx_testdata_happy_third-party-bom-no-os.json');
    expect(component(noOs.document, 'musl').origin).toBeNull();
    expect(noOs.document.producer).toBeNull(); // no metadata.tools
    const thirdParty = read('trivy', 'pkg_sbom_cyclonedx_testdata_happy_third-party-bom.json');
    expect(component(thirdParty.document, 'pear/log').license).toBe('MIT'); // license.id
    const array = read('trivy', 'pkg_fanal_artifact_image_testdata_cyclonedx.json');
    expect(array.document.producer).toBe('trivy'); // 1.4: tools is an array
    // The fixture's graph names an application that is not among its components.
    expect(problemsOf(array)[0]).toMatch(
      /dependencies\[0\]\.ref: ref c6309d4a-f6db-4acc-8e44-f0d271492b65 names no component$/,
    );
  });

  it('CycloneDX without bom-refs: refs from the purls, edges still by bom-ref', () => {
    const { document, problems } = read(
      'trivy',
      'pkg_fanal_artifact_sbom_testdata_bom-missing-refs.json',
    );
    expect(problems).toEqual([]);
    expect(document.components.map((c) => c.ref)).toEqual([
      '0f585d64-4815-4b72-92c5-97dae191fa4a',
      'pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0',
      '60e9f57b-d4a6-4f71-ad14-0893ac609182',
      'pkg:composer/pear/log@1.13.1',
    ]);
    expect(edgesByName(document)).toEqual(['test-project -> alpine']);
    const { packages, problems: none } = packagesFromSbom(document, 'bom.json');
    expect(packages.map((p) => `${p.name} ${p.version} ${p.license}`)).toEqual([
      'musl 1.2.3-r0 MIT',
    ]);
    expect(none).toEqual([]);
  });

  it("documentation SBOMs with '...(snip)...' are not JSON: the problem names the line", () => {
    const path = samplePath('trivy', 'docs-trivy-alpine315.cdx.json');
    const result = read('trivy', 'docs-trivy-alpine315.cdx.json');
    expect(result.format).toBe('cyclonedx-json');
    expect(result.problems).toHaveLength(1);
    expect(formatProblem(result.problems[0])).toMatch(`${path}: line 76, column 5: not JSON: `);
    expect(read('trivy', 'docs-trivy-cdx15.json').problems[0].where).toBe('line 79, column 5');
  });

  it('a GitHub dependency snapshot is refused, saying what it looks like', () => {
    const path = samplePath('trivy', 'integration_testdata_alpine-310.gsbom.golden');
    expect(readSbomFile(path)).toEqual({
      error: expect.stringMatching(
        /^\S+gsbom\.golden: not a format this reads \(.*\): it looks like a GitHub dependency snapshot/,
      ) as string,
    });
  });
});

describe('syft', () => {
  it('JSON: dependency-of names the dependency as parent, apk db entries fill the rest', () => {
    const { document, problems } = read('syft', 'examples_decode_sbom_alpine.syft.json');
    expect(problems).toEqual([]);
    expect([document.producer, document.distro]).toEqual(['syft', 'alpine-3.12.12']);
    expect(document.components).toHaveLength(14);
    // {"parent": musl, "child": busybox, "type": "dependency-of"} is busybox -> musl.
    expect(edgesByName(document)).toContain('busybox -> musl');
    expect(edgesByName(document)).toContain('apk-tools -> libcrypto1.1 musl libssl1.1 zlib');
    expect(document.dependsOn.get(component(document, 'musl').ref)).toBeUndefined();
    expect(component(document, 'apk-tools')).toMatchObject({
      ref: '87076443f088ac71',
      arch: 'aarch64',
      depends: [
        'so:libc.musl-aarch64.so.1',
        'so:libcrypto.so.1.1',
        'so:libssl.so.1.1',
        'so:libz.so.1',
      ],
      installedSize: 274432,
      hashes: [{ alg: 'SHA-1', content: '349c2b3416804de717747b57a379a994cd68268c' }],
    });
    expect(component(document, 'libc-utils').origin).toBe('libc-dev'); // originPackage
    expect(component(document, 'musl').provides).toEqual(['libc.musl-aarch64.so.1']);
    const { packages } = packagesFromSbom(document, 'alpine.syft.json');
    const apkTools = packages.find((p) => p.name === 'apk-tools');
    expect(apkTools?.linksUnknown).toBeUndefined(); // its own depends tokens
    expect(apkTools?.provides.map((p) => p.token)).toEqual(['cmd:apk']);
  });

  it('JSON of schema 1.1: pullDependencies as one string, licence and distro as then written', () => {
    const { document } = read('syft', 'syft_format_testdata_alpine-syft.json');
    expect(document.distro).toBe('alpine-3.14.2'); // "distro": {"name": "alpine", "version": "3.14.2"}
    expect(component(document, 'apk-tools').depends).toEqual([
      'musl>=1.2',
      'so:libc.musl-x86_64.so.1',
      'so:libcrypto.so.1.1',
      'so:libssl.so.1.1',
      'so:libz.so.1',
    ]);
    expect(component(document, 'musl-utils').license).toBe('MIT BSD GPL2+');
    const sbom = read('syft', 'syft_pkg_cataloger_sbom_testdata_alpine_syft-json_sbom.syft.json');
    expect(edgesByName(sbom.document)).toEqual([
      'alpine-baselayout -> busybox',
      'libssl1.1 -> musl',
      'ssl_client -> libssl1.1',
    ]);
  });

  it('SPDX 2.2: originator as maintainer, CONTAINS of files is no edge', () => {
    const { document, problems } = read(
      'syft',
      'syft_format_spdxjson_testdata_spdx_alpine-3.10.syft.spdx.json',
    );
    expect(problems).toEqual([]); // CONTAINS points at files, some not even listed
    expect(document.dependsOn.size).toBe(0);
    expect(component(document, 'ssl_client')).toMatchObject({
      origin: 'busybox', // the purl's upstream
      maintainer: 'Natanael Copa <ncopa@alpinelinux.org>', // "originator": "Person: ..."
      description: 'EXternal ssl_client for busybox wget',
      license: 'GPL-2.0',
    });
    const vendor = read('syft', 'syft_format_spdxjson_testdata_spdx_alpine-3.10.vendor.spdx.json');
    expect(vendor.document.root).toBe('SPDXRef-alpine-3.10'); // documentDescribes
    // "licenseDeclared": "LicenseRef-7d19a72", extracted text "GPL-2.0"
    expect(component(vendor.document, 'busybox').license).toBe('GPL-2.0');
    expect(vendor.document.producer).toBe('vendor');
  });

  it('SPDX tag-value: four packages, two of one name with their own SPDXIDs', () => {
    const { document, problems } = read('syft', 'syft_format_spdxtagvalue_testdata_tag-value.spdx');
    expect(problems).toEqual([]);
    expect(document.producer).toBe('syft'); // "Creator: Tool: syft-"
    expect(document.components.map((c) => c.name)).toEqual([
      'busybox',
      'my-app',
      'my-app',
      'original-my-app',
    ]);
    expect(document.components.filter((c) => c.name === 'my-app').map((c) => c.ref)).toEqual([
      'SPDXRef-Package-java-archive-my-app-4e39fdbdf089a141',
      'SPDXRef-Package-java-archive-my-app-ad62c29113227c17',
    ]);
    expect(component(document, 'busybox')).toMatchObject({
      version: '1.31.1-r19',
      origin: 'busybox',
      arch: 'x86_64',
      license: 'GPL-2.0-only',
      maintainer: 'Natanael Copa <ncopa@alpinelinux.org>',
    });
    expect(document.distro).toBe('alpine-3.12.5');
    expect(document.components[1].hashes).toEqual([
      { alg: 'SHA-1', content: '11d42fc32de6a699c5705f6e58d2e387c5e9c8b5' },
    ]);
    expect(document.dependsOn.size).toBe(0); // the sample has no Relationship line
  });
});
