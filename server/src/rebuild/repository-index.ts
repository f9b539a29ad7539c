/**
 * The APKINDEX of a folder of v2 .apk files, written as `apk index` (apk-tools 2.x) writes it:
 * one record a package, read from its control member, then the index tar (DESCRIPTION and
 * APKINDEX) in one gzip member. Signing it is index-signing.ts's part.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { gzipMembers } from '../sbom/gzip-members';
import { readTar } from '../sbom/tar';
import { parsePkgInfo, type PkgInfo } from './apk-file';

/** One package's index record, with its fields in apk-tools' order. */
export interface IndexRecord {
  name: string;
  version: string;
  /** `field:value` lines, without the blank line that ends the record. */
  lines: string[];
}

export type RecordRead = { ok: true; record: IndexRecord } | { ok: false; message: string };

/** Every value of `key`, split at whitespace as apk splits a dependency list. */
function tokens(info: PkgInfo, key: string): string[] {
  return (info.get(key) ?? []).flatMap((value) => value.split(/\s+/)).filter((t) => t !== '');
}

/** A positive decimal as apk pulls it; apk leaves a zero `t:` or `k:` out. */
function positive(value: string | undefined): string | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return BigInt(value) > 0n ? BigInt(value).toString() : null;
}

/**
 * The index record of one .apk (`bytes` is the whole file; `label` names it in messages).
 * `C:` is apk's package identity: `Q1` and the base64 SHA-1 of the control member's compressed
 * bytes (apk-tools 2.x package.c, APK_SIGN_VERIFY_AND_GENERATE); `S:` is the file's size and
 * `I:` .PKGINFO's `size`. The field order is apk_pkg_write_index_entry's: C P V A S I T U L,
 * then o m t c k when set, then the D p i lists. `rewriteArch` is `apk index --rewrite-arch`:
 * abuild indexes a repository with it, so a noarch package is found under its folder's arch.
 */
export function indexRecord(bytes: Buffer, label: string, rewriteArch?: string): RecordRead {
  const split = gzipMembers(bytes);
  if (!split.ok) return { ok: false, message: `${label}: ${split.message}` };
  // The control member is the one whose tar holds .PKGINFO: after the signature, if signed.
  for (const member of split.members) {
    const entry = readTar(member.inflated).value.find(
      (e) => e.name === '.PKGINFO' || e.name === './.PKGINFO',
    );
    if (entry === undefined) continue;
    const info = parsePkgInfo(entry.data.toString('utf8'));
    const first = (key: string): string | undefined => info.get(key)?.[0];
    const name = first('pkgname');
    const version = first('pkgver');
    if (name === undefined || version === undefined)
      return { ok: false, message: `${label}: .PKGINFO has no ${name ? 'pkgver' : 'pkgname'}` };
    const identity = createHash('sha1')
      .update(bytes.subarray(member.start, member.end))
      .digest('base64');
    const lines = [`C:Q1${identity}`, `P:${name}`, `V:${version}`];
    const arch = rewriteArch ?? first('arch');
    if (arch !== undefined) lines.push(`A:${arch}`);
    lines.push(`S:${bytes.length}`, `I:${positive(first('size')) ?? '0'}`);
    lines.push(`T:${first('pkgdesc') ?? ''}`, `U:${first('url') ?? ''}`);
    lines.push(`L:${first('license') ?? ''}`);
    const optional: [string, string | null | undefined][] = [
      ['o', first('origin')],
      ['m', first('maintainer')],
      ['t', positive(first('builddate'))],
      ['c', first('commit')],
      ['k', positive(first('provider_priority'))],
    ];
    for (const [field, value] of optional) if (value) lines.push(`${field}:${value}`);
    for (const [field, key] of [
      ['D', 'depend'],
      ['p', 'provides'],
      ['i', 'install_if'],
    ]) {
      const list = tokens(info, key);
      if (list.length > 0) lines.push(`${field}:${list.join(' ')}`);
    }
    return { ok: true, record: { name, version, lines } };
  }
  return { ok: false, message: `${label}: no .PKGINFO in any gzip member: not a v2 .apk` };
}

/** The APKINDEX text: records by package name (then version), each ended by a blank line. */
export function indexText(records: IndexRecord[]): string {
  const sorted = [...records].sort((a, b) =>
    a.name === b.name
      ? a.version < b.version
        ? -1
        : a.version > b.version
          ? 1
          : 0
      : a.name < b.name
        ? -1
        : 1,
  );
  return sorted.map((record) => record.lines.join('\n') + '\n\n').join('');
}

/** A tar of `entries` as tar-stream writes it (ustar), end-of-archive blocks included. */
export async function tarOf(
  entries: { name: string; data: Buffer | string; mtime: Date; uname?: string }[],
): Promise<Buffer> {
  const tar = pack();
  for (const { name, data, mtime, uname } of entries)
    tar.entry({ name, mode: 0o644, uid: 0, gid: 0, uname, gname: uname, mtime }, data);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The unsigned APKINDEX.tar.gz: a tar of DESCRIPTION and APKINDEX (end-of-archive blocks kept,
 * as apk index writes them, owned by root) in one gzip member.
 */
export async function indexArchive(
  text: string,
  description: string,
  mtime: Date,
): Promise<Buffer> {
  const tar = await tarOf([
    { name: 'DESCRIPTION', data: description, mtime, uname: 'root' },
    { name: 'APKINDEX', data: text, mtime, uname: 'root' },
  ]);
  return gzipSync(tar, { level: 9 });
}
