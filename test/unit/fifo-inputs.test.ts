// A FIFO (or a device) where an input file should be: an APKINDEX, an SBOM, an .apk, an
// APKBUILD inside an aports tree or beside compared packages, an --original APKBUILD. Each
// used to block its reader forever; now each is refused at once, with a message naming it.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  indexAportsTree,
  loadIndexCache,
  readTreeEntry,
  updateEntry,
} from '../../server/src/aports';
import { builtinProfile } from '../../server/src/hardening';
import { readApkFile } from '../../server/src/rebuild/apk-file';
import { loadSide } from '../../server/src/rebuild/compare-side';
import { resolveVariants } from '../../server/src/rebuild/variants';
import { readSbomFile } from '../../server/src/sbom/formats/read-sbom';
import { readPackageInputs } from '../../server/src/sbom/package-inputs';
import { apkBytes } from '../helpers/apk-writer';
import { makeFifo } from '../helpers/fifo';
import { scratchDir } from '../helpers/scratch';

const dir = scratchDir('fifo-inputs-');
const fifo = makeFifo(join(dir, 'fifo'));

/** An aport folder's APKBUILD under `root`, with its text; the folders are made. */
function aport(root: string, name: string, text: string | null): string {
  const folder = join(root, 'main', name);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'APKBUILD');
  if (text !== null) writeFileSync(file, text);
  return file;
}

describe('a FIFO as an input file is refused at once, naming it', () => {
  it('as an APKINDEX and as an SBOM', () => {
    expect(readPackageInputs({ index: [fifo] })).toEqual({
      error: `${fifo}: is a FIFO, not an APKINDEX`,
    });
    expect(readPackageInputs({ index: [], sbom: [fifo] })).toEqual({
      error: `${fifo}: is a FIFO, not an SBOM file`,
    });
    expect(readSbomFile('/dev/zero')).toEqual({
      error: '/dev/zero: is a device, not an SBOM file',
    });
  });

  it('as an .apk, alone or as a side of a comparison', async () => {
    expect(await readApkFile(fifo)).toEqual({
      ok: false,
      message: `${fifo}: is a FIFO, not an .apk package`,
    });
    expect(await loadSide(fifo)).toEqual({ error: `${fifo}: is a FIFO, not an .apk package` });
  });

  it('as the APKBUILD beside compared packages: a warning, and the packages are read', async () => {
    const side = join(dir, 'side');
    mkdirSync(side);
    const pkginfo = { pkgname: 'a', pkgver: '1-r0', arch: 'x86_64', size: 1 };
    writeFileSync(join(side, 'a-1-r0.apk'), await apkBytes({ pkginfo, files: [] }));
    const apkbuild = makeFifo(join(side, 'APKBUILD'));
    const loaded = await loadSide(side);
    if ('error' in loaded) throw new Error(loaded.error);
    expect(loaded.side.packages.map((p) => p.name)).toEqual(['a']);
    expect(loaded.apkbuild).toBeNull();
    expect(loaded.warnings).toContain(
      `${apkbuild}: is a FIFO, not an APKBUILD; read as if there were none`,
    );
  });

  it('as the --original APKBUILD of a rebuild', async () => {
    const file = aport(join(dir, 'rebuild'), 'a', 'pkgname=a\npkgver=1\npkgrel=0\n');
    await expect(
      resolveVariants({
        file,
        text: 'pkgname=a\n',
        originalPath: fifo,
        profile: builtinProfile('none')!,
        carch: 'x86_64',
      }),
    ).rejects.toThrow(`${fifo}: cannot read the original: is a FIFO, not an APKBUILD`);
  });
});

describe('an aports tree with a FIFO or a device for an APKBUILD', () => {
  const root = join(dir, 'tree');
  aport(root, 'good', 'pkgname=good\npkgver=1\npkgrel=0\n');
  const fifoApkbuild = makeFifo(aport(root, 'fifo', null));
  const device = aport(root, 'device', null);
  symlinkSync('/dev/zero', device);
  const leftOut = [
    `${device}: is a device, not an APKBUILD; left out of the index`,
    `${fifoApkbuild}: is a FIFO, not an APKBUILD; left out of the index`,
  ];

  it('indexes the other aports and names the files left out', async () => {
    const index = await indexAportsTree(root);
    expect(index.entries().map((e) => e.origin)).toEqual(['good']);
    expect(index.problems()).toEqual(leftOut);
  });

  it('does the same through the disk cache, which never holds the files left out', async () => {
    const cache = join(dir, 'cache.json');
    for (let run = 0; run < 2; run++) {
      const index = await loadIndexCache(cache, root);
      expect(index.entries().map((e) => e.origin)).toEqual(['good']);
      expect(index.problems()).toEqual(leftOut);
    }
    // A FIFO where the cache should be means no cache, not a blocked start.
    const index = await loadIndexCache(makeFifo(join(dir, 'cache-fifo')), root);
    expect(index.stats).toEqual({ files: 1, parsed: 1, fromCache: 0 });
  });

  it('leaves out an APKBUILD that became a FIFO, and reads it again when it is a file', async () => {
    const index = await indexAportsTree(root);
    const good = join(root, 'main/good/APKBUILD');
    expect(updateEntry(index, fifoApkbuild)).toBeNull();
    expect(() => readTreeEntry(root, 'main/fifo/APKBUILD')).toThrow(leftOut[1]);
    expect(updateEntry(index, good)?.origin).toBe('good');
    expect(index.problems()).toEqual(leftOut);
  });
});
