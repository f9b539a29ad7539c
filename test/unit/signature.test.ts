/**
 * Signatures of Alpine v2 packages and indexes, on the real shared 3.19.1 packages and the
 * keys of the real 3.19.4 minirootfs. The format facts held here, as apk-tools and abuild have them:
 * - alpinelinux/abuild abuild-sign.in: the signature is `openssl dgst -sha1` (type RSA) or
 *   `-sha256` (type RSA256) `-sign` over the file it signs, stored as `.SIGN.$sigtype.$keyname`
 *   (keyname: the public key's file name) in a tar cut by `abuild-tar --cut`, gzipped and put
 *   in front (`cat "$tmptargz" "$i"`). abuild.in create_apks: `abuild-sign -q control.tar.gz`,
 *   then `cat control.tar.gz data.tar.gz`, with `datahash = $(sha256sum data.tar.gz)` written
 *   into .PKGINFO before the control tar is made: the signature covers the compressed control
 *   member, datahash the compressed data member. An index is signed whole.
 * - alpinelinux/apk-tools 2.x src/package.c apk_sign_ctx_process_file: `.SIGN.` entries with
 *   types RSA512/RSA256/RSA (SHA-512/256/1) and DSA; the key is opened by the name after the
 *   type in the keys folder, and the first signature whose key is found is the one checked
 *   (a missing key: ENOKEY, "UNTRUSTED signature"). apk_sign_ctx_mpart_cb (fed by the gzip
 *   multi-part reader of src/io_gz.c with each member's compressed bytes): the digest is
 *   reset at each boundary in the signature blocks, covers the control member, and when
 *   .PKGINFO has datahash is finished there (EVP_VerifyFinal; a mismatch is EKEYREJECTED,
 *   "BAD signature"); then SHA-256 runs over the data and must equal datahash.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import {
  loadKeyring,
  verdictLine,
  verifySignedBytes,
  verifySignedFile,
  type Keyring,
} from '../../server/src/signature';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';
import { extractAlpineKeys } from '../helpers/alpine-keys';
import {
  addSignature,
  makeTestKey,
  resign,
  trustKey,
  withoutSignature,
} from '../helpers/apk-signer';

const repository = join(ALPINE_PACKAGES, 'x86_64');
const PCRE2 = join(repository, 'pcre2-10.42-r2.apk');
/** The key Alpine's x86_64 builders sign 3.19 with. */
const X86_64_KEY = 'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub';

let temp: string;
let keys: string;
let keyring: Keyring;

function keyringOf(folder: string): Keyring {
  const loaded = loadKeyring(folder);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.keyring;
}

/** The members of a file, which must split. */
function membersOf(bytes: Buffer) {
  const split = gzipMembers(bytes);
  if (!split.ok) throw new Error(split.message);
  return split.members;
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'signature-'));
  keys = join(temp, 'keys');
  await extractAlpineKeys(keys);
  keyring = keyringOf(keys);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('signatures of the real Alpine packages', () => {
  it('reads the five RSA keys of the 3.19.4 minirootfs by file name', () => {
    expect([...keyring.keys.keys()]).toHaveLength(5);
    expect(keyring.keys.has(X86_64_KEY)).toBe(true);
    expect(keyring.problems).toEqual([]);
  });

  it('verifies all 100 packages and their APKINDEX against the image keys', async () => {
    const names = readdirSync(repository).sort();
    expect(names).toHaveLength(101);
    for (const name of names) {
      const result = await verifySignedFile(join(repository, name), keyring);
      expect(result.verdict, name).toEqual({ status: 'verified', key: X86_64_KEY, digest: 'sha1' });
      expect(result.kind, name).toBe(name === 'APKINDEX.tar.gz' ? 'index' : 'package');
    }
  });

  it('says which part was altered when one byte of the data stream changes', async () => {
    const bytes = Buffer.from(readFileSync(PCRE2));
    const data = membersOf(bytes)[2];
    // The gzip header's mtime: the compressed data changes, the gzip stream stays valid.
    bytes[data.start + 4] ^= 0x01;
    const result = await verifySignedBytes(bytes, 'pcre2-altered.apk', keyring);
    expect(result.verdict).toMatchObject({
      status: 'altered',
      parts: ['datahash'],
      key: X86_64_KEY,
    });
    expect(verdictLine(result, keys)).toMatch(
      /^pcre2-altered\.apk: altered: \.PKGINFO datahash 7b3fad2f[0-9a-f]+ does not match the data stream \(sha256 [0-9a-f]{64}\)$/,
    );
  });

  it('finds a byte changed inside the data tar, recompressed', async () => {
    const bytes = readFileSync(PCRE2);
    const [, control, data] = membersOf(bytes);
    const tar = Buffer.from(data.inflated);
    tar[tar.length - 1100] ^= 0x20;
    const altered = Buffer.concat([bytes.subarray(0, control.end), gzipSync(tar)]);
    const result = await verifySignedBytes(altered, 'pcre2.apk', keyring);
    expect(result.verdict).toMatchObject({ status: 'altered', parts: ['datahash'] });
    expect(gunzipSync(altered).length).toBe(gunzipSync(bytes).length);
  });

  it('says the signature does not match when one byte of the control stream changes', async () => {
    const bytes = Buffer.from(readFileSync(PCRE2));
    bytes[membersOf(bytes)[1].start + 4] ^= 0x01;
    const result = await verifySignedBytes(bytes, 'pcre2.apk', keyring);
    expect(result.verdict).toEqual({
      status: 'altered',
      parts: ['signature'],
      key: X86_64_KEY,
      datahash: null,
    });
    expect(verdictLine(result, keys)).toBe(
      `pcre2.apk: altered: the signature by ${X86_64_KEY} does not match the signed stream`,
    );
  });

  it('names the key of a package re-signed by a key the folder does not hold', async () => {
    const other = makeTestKey();
    const resigned = await resign(readFileSync(PCRE2), other);
    const result = await verifySignedBytes(resigned, 'pcre2.apk', keyring);
    expect(result.verdict).toEqual({ status: 'unknown-key', keys: [other.name] });
    expect(verdictLine(result, keys)).toBe(
      `pcre2.apk: unknown key: signed by ${other.name}, which is not in ${keys}`,
    );

    // Trusted, the same package verifies with that key, by SHA-1 and by SHA-256.
    const trusting = join(temp, 'other-keys');
    await extractAlpineKeys(trusting);
    trustKey(trusting, other);
    const withOther = keyringOf(trusting);
    expect((await verifySignedBytes(resigned, 'x', withOther)).verdict).toEqual({
      status: 'verified',
      key: other.name,
      digest: 'sha1',
    });
    const sha256 = await resign(readFileSync(PCRE2), other, { type: 'RSA256' });
    expect((await verifySignedBytes(sha256, 'x', withOther)).verdict).toMatchObject({
      status: 'verified',
      digest: 'sha256',
    });
  });

  it('checks the first signature whose key the folder holds, as apk does', async () => {
    const other = makeTestKey();
    const twice = await addSignature(readFileSync(PCRE2), other);
    expect(membersOf(twice)).toHaveLength(4);
    expect((await verifySignedBytes(twice, 'pcre2.apk', keyring)).verdict).toEqual({
      status: 'verified',
      key: X86_64_KEY,
      digest: 'sha1',
    });
  });

  it('re-signs the index too, over the whole index member', async () => {
    const other = makeTestKey();
    const index = readFileSync(join(repository, 'APKINDEX.tar.gz'));
    const resigned = await resign(index, other, { whole: true });
    const folder = join(temp, 'index-keys');
    await extractAlpineKeys(folder);
    expect(
      (await verifySignedBytes(resigned, 'APKINDEX.tar.gz', keyringOf(folder))).verdict,
    ).toEqual({ status: 'unknown-key', keys: [other.name] });
    trustKey(folder, other);
    const verified = await verifySignedBytes(resigned, 'APKINDEX.tar.gz', keyringOf(folder));
    expect(verified).toMatchObject({ kind: 'index', verdict: { status: 'verified' } });
  });

  it('calls a package without a signature member unsigned', async () => {
    const unsigned = withoutSignature(readFileSync(PCRE2));
    const result = await verifySignedBytes(unsigned, 'pcre2.apk', keyring);
    expect(result).toEqual({ file: 'pcre2.apk', kind: 'package', verdict: { status: 'unsigned' } });
    expect(verdictLine(result, keys)).toBe('pcre2.apk: unsigned: no signature (.SIGN.* entry)');
  });

  it('calls a truncated file unreadable and says where it is cut', async () => {
    const bytes = readFileSync(PCRE2);
    const path = join(temp, 'truncated.apk');
    writeFileSync(path, bytes.subarray(0, bytes.length - 300));
    const result = await verifySignedFile(path, keyring);
    expect(result.verdict.status).toBe('unreadable');
    expect(verdictLine(result, keys)).toMatch(
      new RegExp(`^${path}: unreadable: gzip member 3 is truncated or corrupt`),
    );
    const cut = membersOf(bytes)[1].end;
    const noData = await verifySignedBytes(bytes.subarray(0, cut), 'cut.apk', keyring);
    expect(noData.verdict).toEqual({
      status: 'unreadable',
      problem: 'no data stream after the control stream (cut short?)',
    });
  });

  it('names what is not a package, index or keys folder', async () => {
    const text = join(temp, 'notes.txt');
    writeFileSync(text, 'hello, this is not a package\n');
    expect((await verifySignedFile(text, keyring)).verdict).toEqual({
      status: 'unreadable',
      problem: 'gzip member 1: not gzip data',
    });
    expect((await verifySignedFile(join(temp, 'missing.apk'), keyring)).verdict).toEqual({
      status: 'unreadable',
      problem: 'cannot read: no such file',
    });
    expect(loadKeyring(join(temp, 'nowhere'))).toEqual({
      ok: false,
      message: `${join(temp, 'nowhere')}: no such keys folder`,
    });
    const odd = join(temp, 'odd-keys');
    await extractAlpineKeys(odd);
    writeFileSync(join(odd, 'broken.rsa.pub'), 'not a key\n');
    const loaded = keyringOf(odd);
    expect(loaded.keys.size).toBe(5);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(/broken\.rsa\.pub: not a PEM public key/);
    const empty = join(temp, 'empty-keys');
    mkdirSync(empty);
    expect(keyringOf(empty).problems).toEqual([`${empty}: no RSA public keys (*.pub)`]);
  });
});
