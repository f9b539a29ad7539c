/**
 * Signs v2 packages and indexes the way abuild-sign does, with a key a test makes: an RSA
 * signature (`openssl dgst -sha1 -sign` in abuild-sign) over the compressed bytes it covers,
 * put as `.SIGN.RSA.<key name>` in a tar cut before its end blocks, gzipped on its own and
 * placed in front.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { tarBytes } from './apk-writer';

export interface TestKey {
  /** The public key's file name, as a keys folder holds it. */
  name: string;
  privateKey: KeyObject;
  publicPem: string;
}

/** A fresh RSA key (2048 bits, as abuild-keygen makes). */
export function makeTestKey(name = 'test-signer@example.org-00000001.rsa.pub'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    name,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Writes the key's public half into `folder` under its name. */
export function trustKey(folder: string, key: TestKey): void {
  writeFileSync(join(folder, key.name), key.publicPem);
}

/** The gzip member holding one `.SIGN.<type>.<key>` entry over `signed`. */
export async function signatureMember(
  signed: Buffer,
  key: TestKey,
  type: 'RSA' | 'RSA256' = 'RSA',
): Promise<Buffer> {
  const signature = sign(type === 'RSA' ? 'sha1' : 'sha256', signed, key.privateKey);
  const tar = await tarBytes([{ name: `.SIGN.${type}.${key.name}`, data: signature }], true);
  return gzipSync(tar);
}

/** The file without its signature members (the leading member of a signed v2 file). */
export function withoutSignature(bytes: Buffer): Buffer {
  const split = gzipMembers(bytes);
  if (!split.ok) throw new Error(split.message);
  return bytes.subarray(split.members[1].start);
}

/**
 * A signed package or index re-signed by `key`: the old signature member goes, a new one
 * covers the control member (a package) or the rest (an index, `whole`).
 */
export async function resign(
  bytes: Buffer,
  key: TestKey,
  options: { whole?: boolean; type?: 'RSA' | 'RSA256' } = {},
): Promise<Buffer> {
  const unsigned = withoutSignature(bytes);
  const split = gzipMembers(unsigned);
  if (!split.ok) throw new Error(split.message);
  const signed = options.whole ? unsigned : unsigned.subarray(0, split.members[0].end);
  return Buffer.concat([await signatureMember(signed, key, options.type), unsigned]);
}

/** The file with one more signature, by `key`, in front of those it has (abuild-sign again). */
export async function addSignature(bytes: Buffer, key: TestKey): Promise<Buffer> {
  const unsigned = withoutSignature(bytes);
  const split = gzipMembers(unsigned);
  if (!split.ok) throw new Error(split.message);
  const control = unsigned.subarray(0, split.members[0].end);
  return Buffer.concat([await signatureMember(control, key), bytes]);
}
