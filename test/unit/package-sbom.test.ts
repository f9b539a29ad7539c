import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSide, type LoadedSide } from '../../server/src/rebuild/compare-side';
import { packageSbom } from '../../server/src/rebuild/package-sbom';
import { indexPackages, readApkIndex } from '../../server/src/sbom';
import { readCycloneDx } from '../../server/src/sbom/formats/cyclonedx-reader';
import { apkBytes } from '../helpers/apk-writer';
import { sharedRoot } from '../helpers/paths';

const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
const now = (): Date => new Date('2026-01-02T03:04:05Z');

let temp: string;
let side: LoadedSide;

/** lighttpd built with a -libs subpackage that provides the soname lighttpd needs. */
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'package-sbom-'));
  const write = async (name: string, depend: string[], provides: string[]): Promise<void> => {
    const bytes = await apkBytes({
      pkginfo: {
        pkgname: name,
        pkgver: '1.4.73-r0',
        arch: 'x86_64',
        origin: 'lighttpd',
        size: 1,
        depend,
        provides,
      },
      files: [{ name: `usr/share/${name}`, data: name }],
    });
    writeFileSync(join(temp, `${name}-1.4.73-r0.apk`), bytes);
  };
  await write(
    'lighttpd',
    ['so:liblighttpd.so.0', 'so:libpcre2-8.so.0', '!lighttpd-old'],
    ['cmd:lighttpd=1.4.73-r0'],
  );
  await write('lighttpd-libs', ['so:libc.musl-x86_64.so.1'], ['so:liblighttpd.so.0=0.1']);
  const loaded = await loadSide(temp);
  if ('error' in loaded) throw new Error(loaded.error);
  side = loaded;
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface CycloneDxJson {
  specVersion: string;
  metadata: { component: { name: string; purl: string } };
  components: { name: string; purl: string; properties?: { name: string; value: string }[] }[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

describe('CycloneDX of built packages', () => {
  it('lists the packages with purls and the edges between them', () => {
    const text = packageSbom(side, { distro: '3.24', now });
    const json = JSON.parse(text) as CycloneDxJson;
    expect(json.specVersion).toBe('1.6');
    const root =
      'pkg:apk/alpine/lighttpd@1.4.73-r0?arch=x86_64&distro=alpine-3.24&upstream=lighttpd';
    const libs =
      'pkg:apk/alpine/lighttpd-libs@1.4.73-r0?arch=x86_64&distro=alpine-3.24&upstream=lighttpd';
    expect(json.metadata.component.purl).toBe(root);
    expect(json.components.map((c) => c.purl)).toEqual([libs]);
    expect(json.dependencies).toEqual([
      { ref: root, dependsOn: [libs] },
      { ref: libs, dependsOn: [] },
    ]);
    // The project's own CycloneDX reader reads it back, soname provides included.
    const read = readCycloneDx(text, 'sbom.json');
    expect(read.problems).toEqual([]);
    expect(read.document.components.find((c) => c.name === 'lighttpd-libs')?.provides).toEqual([
      'liblighttpd.so.0',
    ]);
  });

  it('adds the install closure and its edges with an index', () => {
    const index = indexPackages(readApkIndex(readFileSync(v319), v319).packages);
    const json = JSON.parse(
      packageSbom(side, { index, distro: 'alpine-3.19', now }),
    ) as CycloneDxJson;
    // The set and what it adds (lighttpd-openrc of the index by install_if: openrc and
    // lighttpd=1.4.73-r0 hold); what alpine-base has already is listed too, marked.
    const inReference = (c: CycloneDxJson['components'][number]): boolean =>
      (c.properties ?? []).some((p) => p.name === 'apkharden:in-reference');
    expect(
      json.components
        .filter((c) => !inReference(c))
        .map((c) => c.name)
        .sort(),
    ).toEqual(['lighttpd-libs', 'lighttpd-openrc', 'pcre2']);
    expect(json.components.filter(inReference).map((c) => c.name)).toContain('musl');
    const edges = Object.fromEntries(
      json.dependencies.map((d) => [
        d.ref.replace(/@.*/, ''),
        d.dependsOn.map((r) => r.replace(/@.*/, '')),
      ]),
    );
    expect(edges['pkg:apk/alpine/lighttpd'].sort()).toEqual([
      'pkg:apk/alpine/lighttpd-libs',
      'pkg:apk/alpine/pcre2',
    ]);
  });
});
