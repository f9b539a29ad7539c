import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApkIndex } from '../../server/src/sbom/apkindex';
import { unwrapIndex } from '../../server/src/sbom/index-archive';
import { DEFAULT_UNPACK_LIMITS } from '../../server/src/sbom/tar';
import {
  indexArchive,
  indexRecord,
  indexText,
  type IndexRecord,
} from '../../server/src/rebuild/repository-index';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';

/**
 * The index writer held to Alpine's own: the 100 real 3.19.1 packages of ../shared/alpine and
 * the APKINDEX.tar.gz Alpine made from them. Field order from apk-tools 2.x src/package.c
 * (apk_pkg_write_index_entry: C P V A S I T U L, o m t c k when set, then D p i); A: of a noarch
 * package is the repository's arch, as abuild's `apk index --rewrite-arch` writes it.
 */
const folder = join(ALPINE_PACKAGES, 'x86_64');
const apkFiles = readdirSync(folder).filter((name) => name.endsWith('.apk'));

function records(): IndexRecord[] {
  return apkFiles.map((name) => {
    const read = indexRecord(readFileSync(join(folder, name)), name, 'x86_64');
    if (!read.ok) throw new Error(read.message);
    return read.record;
  });
}

function realIndexText(): string {
  const unwrapped = unwrapIndex(
    readFileSync(join(folder, 'APKINDEX.tar.gz')),
    DEFAULT_UNPACK_LIMITS,
  );
  if ('refused' in unwrapped) throw new Error(unwrapped.refused);
  return unwrapped.text;
}

describe('APKINDEX writer', () => {
  it('writes the real index of the 100 shared packages byte for byte', () => {
    expect(apkFiles).toHaveLength(100);
    const ours = indexText(records());
    const real = realIndexText();
    // Record for record and field for field first, so a difference names its package.
    const split = (text: string): string[] => text.split('\n\n').filter((r) => r !== '');
    expect(split(ours)).toEqual(split(real));
    expect(ours).toBe(real);
  });

  it('reads back through the project index reader as the real index reads', async () => {
    const archive = await indexArchive(indexText(records()), '3.19.1', new Date(0));
    const ours = readApkIndex(archive, 'ours');
    const real = readApkIndex(readFileSync(join(folder, 'APKINDEX.tar.gz')), 'real');
    expect(ours.problems).toEqual([]);
    expect(ours.description).toBe('3.19.1');
    const strip = (read: typeof ours) =>
      read.packages.map((pkg) => ({ ...pkg, source: 'the same' }));
    expect(strip(ours)).toEqual(strip(real));
  });

  it('names the file that is not an .apk', () => {
    expect(indexRecord(Buffer.from('hello'), 'x.apk')).toEqual({
      ok: false,
      message: 'x.apk: gzip member 1: a gzip header is cut short',
    });
  });
});
