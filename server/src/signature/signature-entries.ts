/**
 * The tar entries of one gzip member of a v2 package or index, and the signature entries
 * among them. abuild-sign writes the signature as a tar of one file, `.SIGN.<TYPE>.<key name>`,
 * cut before its end-of-archive blocks, gzipped on its own and put in front of what it signs.
 */
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { SignatureDigest } from './verdict';

export interface MemberEntry {
  /** The entry's name without a leading `./`. */
  name: string;
  /** The entry's bytes, when the caller asked to keep them; else empty. */
  data: Buffer;
}

export interface SignatureEntry {
  /** The key's file name, as the keys folder holds it. */
  key: string;
  /** The signature type as written (`RSA`, `RSA256`, ...). */
  type: string;
  /** Null for a type apk knows but this does not check (DSA), or one nobody knows. */
  digest: SignatureDigest | null;
  signature: Buffer;
}

/** Signature types apk-tools 2 reads, with the digest each signs (DSA is not RSA: not checked). */
const SIGNATURE_DIGESTS = new Map<string, SignatureDigest | null>([
  ['RSA', 'sha1'],
  ['RSA256', 'sha256'],
  ['RSA512', 'sha512'],
  ['DSA', null],
]);

const SIGN_PREFIX = '.SIGN.';
/** Far above a real control stream (a .PKGINFO and a few scripts). */
const MAX_MEMBER_ENTRIES = 10_000;
/** A tar cut by abuild-tar --cut ends without these; tar-stream wants them. */
const END_OF_ARCHIVE = Buffer.alloc(1024);

export function isSignatureName(name: string): boolean {
  return name.startsWith(SIGN_PREFIX);
}

/**
 * The entries of one member's tar; `keep` says whose data to hold (the rest is skipped). A
 * member that is not a tar, or holds too many entries, gives a message instead.
 */
export async function memberEntries(
  inflated: Buffer,
  keep: (name: string) => boolean,
): Promise<MemberEntry[] | string> {
  const entries: MemberEntry[] = [];
  const tar = extract();
  Readable.from([inflated, END_OF_ARCHIVE]).pipe(tar);
  try {
    for await (const entry of tar) {
      if (entries.length >= MAX_MEMBER_ENTRIES) {
        tar.destroy();
        return `more than ${MAX_MEMBER_ENTRIES} tar entries in one stream (limit)`;
      }
      const name = entry.header.name.replace(/^(\.\/)+/, '');
      const wanted = keep(name);
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) if (wanted) chunks.push(chunk);
      entries.push({ name, data: Buffer.concat(chunks) });
    }
  } catch (error) {
    return `not a tar stream (${(error as Error).message})`;
  }
  return entries;
}

/** `.SIGN.RSA256.key.rsa.pub` -> its parts; null for a name that is not a signature entry. */
export function signatureEntryOf(entry: MemberEntry): SignatureEntry | null {
  if (!isSignatureName(entry.name)) return null;
  const rest = entry.name.slice(SIGN_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return null;
  const type = rest.slice(0, dot);
  return {
    key: rest.slice(dot + 1),
    type,
    digest: SIGNATURE_DIGESTS.get(type) ?? null,
    signature: entry.data,
  };
}
