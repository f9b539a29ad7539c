/**
 * Two rebuild output folders of lighttpd 1.4.73-r0 as tests and benches need them: the
 * original with the depends of Alpine v3.19.0's real package, the hardened one with only
 * pcre2 left (the seed case of the design), each a real v2 .apk written by apk-writer.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apkBytes, type ApkEntrySpec } from './apk-writer';

/** `D:` of lighttpd 1.4.73-r0 in the v3.19.0 main index. */
export const ORIGINAL_DEPENDS =
  '/bin/sh so:libbrotlienc.so.1 so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libdbi.so.1 so:liblber.so.2 so:libldap.so.2 so:liblua-5.4.so.0 so:libpcre2-8.so.0 so:libssl.so.3 so:libz.so.1 so:libzstd.so.1'.split(
    ' ',
  );
export const HARDENED_DEPENDS = ['/bin/sh', 'so:libc.musl-x86_64.so.1', 'so:libpcre2-8.so.0'];

/** A binary of this machine standing in for the package's ELF file. */
export const ORIGINAL_ELF = '/bin/ls';
export const HARDENED_ELF = '/usr/bin/env';

export interface BuildSpec {
  depends: string[];
  size: number;
  files: ApkEntrySpec[];
  /** Extra subpackages: name -> files. */
  subpackages?: Record<string, ApkEntrySpec[]>;
  apkbuild?: string;
}

export async function writeBuild(folder: string, spec: BuildSpec): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const write = async (name: string, depends: string[], files: ApkEntrySpec[]): Promise<void> => {
    const bytes = await apkBytes({
      pkginfo: {
        pkgname: name,
        pkgver: '1.4.73-r0',
        arch: 'x86_64',
        origin: 'lighttpd',
        size: spec.size,
        depend: depends,
        provides: name === 'lighttpd' ? ['cmd:lighttpd=1.4.73-r0'] : [],
      },
      files,
    });
    writeFileSync(join(folder, `${name}-1.4.73-r0.apk`), bytes);
  };
  await write('lighttpd', spec.depends, spec.files);
  for (const [name, files] of Object.entries(spec.subpackages ?? {})) await write(name, [], files);
  if (spec.apkbuild !== undefined) writeFileSync(join(folder, 'APKBUILD'), spec.apkbuild);
}

const conf = (name: string): ApkEntrySpec => ({ name, data: `# ${name}\n` });

/** `original/` and `hardened/` under root, as `apkharden rebuild` leaves them. */
export async function writeLighttpdBuilds(
  root: string,
): Promise<{ original: string; hardened: string }> {
  const original = join(root, 'original');
  const hardened = join(root, 'hardened');
  await writeBuild(original, {
    depends: ORIGINAL_DEPENDS,
    size: 5_180_000,
    files: [
      { name: 'usr/sbin/lighttpd', data: readFileSync(ORIGINAL_ELF) },
      conf('etc/lighttpd/lighttpd.conf'),
      conf('usr/lib/lighttpd/mod_authn_ldap.so'),
      conf('usr/lib/lighttpd/mod_magnet.so'),
    ],
    subpackages: { 'lighttpd-doc': [conf('usr/share/doc/lighttpd/README')] },
  });
  await writeBuild(hardened, {
    depends: HARDENED_DEPENDS,
    size: 3_770_000,
    files: [
      { name: 'usr/sbin/lighttpd', data: readFileSync(HARDENED_ELF) },
      conf('etc/lighttpd/lighttpd.conf'),
    ],
    subpackages: { 'lighttpd-doc': [conf('usr/share/doc/lighttpd/README')] },
  });
  return { original, hardened };
}
