import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexPackages, readApkIndex, type PackageIndex } from '../../server/src/sbom';
import { sharedRoot } from './paths';

const indexes = new Map<string, PackageIndex>();

/**
 * A real APKINDEX of ../shared/apkindex (`v3.19.0-main-x86_64`...), read once per test file;
 * fails when the index has problems: the shared files are sound.
 */
export function realIndex(folder: string): PackageIndex {
  let index = indexes.get(folder);
  if (!index) {
    const read = readApkIndex(
      readFileSync(join(sharedRoot, 'apkindex', folder, 'APKINDEX.tar.gz')),
      folder,
    );
    if (read.problems.length > 0) throw new Error(`${folder}: ${read.problems[0].message}`);
    indexes.set(folder, (index = indexPackages(read.packages)));
  }
  return index;
}

/** What `apk add lighttpd` adds to alpine-base with the v3.19.0 main index (1.4.73-r0), sorted. */
export const LIGHTTPD_ADDED_V319 = [
  'brotli-libs',
  'gdbm',
  'libdbi',
  'libldap',
  'libsasl',
  'lighttpd',
  'lua5.4-libs',
  'pcre2',
  'zstd-libs',
];
