/**
 * The keys an Alpine image trusts: `/etc/apk/keys` read out of the shared minirootfs tarball
 * (with tar-stream, never copied into the repository) into a folder the test owns.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { ALPINE_ROOTFS, type AlpineRelease } from './alpine-image';

const KEYS_PREFIX = 'etc/apk/keys/';

/** Writes the release's `/etc/apk/keys/*.pub` into `folder`; returns the key file names. */
export async function extractAlpineKeys(
  folder: string,
  release: AlpineRelease = '3.19.4',
): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const names: string[] = [];
  const tar = extract();
  createReadStream(ALPINE_ROOTFS[release]).pipe(createGunzip()).pipe(tar);
  for await (const entry of tar) {
    const name = entry.header.name.replace(/^(\.\/)+/, '');
    const wanted =
      entry.header.type === 'file' && name.startsWith(KEYS_PREFIX) && name.endsWith('.pub');
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) if (wanted) chunks.push(chunk);
    if (!wanted) continue;
    writeFileSync(join(folder, basename(name)), Buffer.concat(chunks));
    names.push(basename(name));
  }
  return names.sort();
}
