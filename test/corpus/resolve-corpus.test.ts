/**
 * The resolve process on every aport of the corpus's main repository against the real v3.19.0
 * index: no input throws, every SBOM writes, and a library the prediction drops is one no
 * makedepend of the text comes from. The corpus is newer than the index, so a few texts moved
 * on: grub and e2fsprogs build with fuse3-dev (not fuse), uwsgi with pcre2-dev (not pcre), as
 * their APKBUILDs in ../shared/corpus say. A text whose makedepends the index lacks (lld's
 * llvm$_llvmver-dev of a newer LLVM) is not judged at all.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyName, readEntry } from '../../server/src/aports';
import { writeCycloneDx } from '../../server/src/sbom/formats/cyclonedx-writer';
import { writeSpdx } from '../../server/src/sbom/formats/spdx-writer';
import { resolutionDocument } from '../../server/src/sbom/resolved-document';
import { resolvePackage } from '../../server/src/sbom/resolve-package';
import { corpusRoot, requireShared } from '../helpers/paths';
import { realIndex } from '../helpers/real-index';

describe('resolve on the main repository of the corpus', () => {
  it('predicts every aport the index knows, dropping only libraries no makedepend gives', () => {
    requireShared();
    const index = realIndex('v3.19.0-main-x86_64');
    const originOf = (name: string): string | undefined => index.byName.get(name)?.[0]?.origin;
    const root = join(corpusRoot, 'aports/main');
    const drops = new Map<string, string[]>();
    let resolved = 0;
    for (const folder of readdirSync(root).sort()) {
      const path = join(root, folder, 'APKBUILD');
      if (!existsSync(path)) continue;
      const startdir = join(root, folder);
      const entry = readEntry(readFileSync(path, 'utf8'), { repo: 'main', folder, startdir });
      // Closure and prediction only: the passes are tested on the seed case.
      const resolution = resolvePackage({
        entry,
        index,
        tree: null,
        reference: 'alpine-base',
        passes: 'build-tools',
      });
      const document = resolutionDocument(resolution, 'alpine-3.19');
      expect(JSON.parse(writeCycloneDx(document)), folder).toHaveProperty('bomFormat');
      expect(JSON.parse(writeSpdx(document)), folder).toHaveProperty('spdxVersion');
      if (resolution.closure) resolved++;
      const dropped = resolution.prediction?.dropped ?? [];
      if (dropped.length === 0) continue;
      drops.set(folder, [...new Set(dropped.map((d) => d.soname))]);
      const makedepends = entry.makedepends.known ? entry.makedepends.value : [];
      const fromOrigins = new Set(makedepends.map((m) => originOf(dependencyName(m) ?? m)));
      for (const d of dropped)
        expect(fromOrigins, `${folder}: ${d.soname}`).not.toContain(d.origin);
    }
    expect(resolved).toBeGreaterThan(1500);
    // Few texts link less than the index's build of them, and each has moved on upstream.
    expect(drops.size).toBeLessThan(resolved / 50);
    expect(drops.get('grub')).toEqual(['libfuse.so.2']);
    expect(drops.get('e2fsprogs')).toEqual(['libfuse.so.2']);
    expect(drops.get('uwsgi')).toEqual(['libpcre.so.1']);
    expect(drops.has('lld')).toBe(false);
  });
});
