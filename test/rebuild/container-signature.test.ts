/**
 * Real apk-tools (2.14.4, in the real Alpine 3.19.4 image) as the oracle of the signature
 * verdicts: `apk verify` with the image's own /etc/apk/keys, on a real package, one with a byte
 * of its data stream changed, one with a byte of its control stream changed, one re-signed by
 * a key the image does not trust, one signed by such a key in front of Alpine's signature, and
 * one without signature; and the real APKINDEX.tar.gz,
 * altered and re-signed. apk prints `FILE: RC - OK`,
 * `... - BAD signature` (altered) or `... - UNTRUSTED` (no key it trusts signed it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { loadKeyring, verifySignedFile, type SignatureStatus } from '../../server/src/signature';
import {
  ALPINE_PACKAGES,
  alpineImage,
  missingAlpineImage,
  offlineRun,
} from '../helpers/alpine-image';
import { extractAlpineKeys } from '../helpers/alpine-keys';
import { addSignature, makeTestKey, resign, withoutSignature } from '../helpers/apk-signer';
import { repoRoot } from '../helpers/paths';
import { dockerEnv } from '../helpers/stand-in-image';

const missing = missingAlpineImage();
const PCRE2 = join(ALPINE_PACKAGES, 'x86_64/pcre2-10.42-r2.apk');
const INDEX = join(ALPINE_PACKAGES, 'x86_64/APKINDEX.tar.gz');

/** What apk verify says for each of our verdicts. */
const APK_SAYS: Record<SignatureStatus, string> = {
  verified: 'OK',
  altered: 'BAD signature',
  'unknown-key': 'UNTRUSTED',
  unsigned: 'UNTRUSTED',
  unreadable: '',
};

let temp: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'container-signature-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The package with one byte of gzip member `member` (counting from 0) changed. */
function withByteChanged(bytes: Buffer, member: number): Buffer {
  const copy = Buffer.from(bytes);
  const split = gzipMembers(copy);
  if (!split.ok) throw new Error(split.message);
  copy[split.members[member].start + 4] ^= 0x01;
  return copy;
}

describe.skipIf(missing !== undefined)(
  `apk verify in the real Alpine image agrees${missing ? `: ${missing}` : ''}`,
  () => {
    it('on a real package and index, altered, re-signed and unsigned ones', async () => {
      const env = dockerEnv(repoRoot);
      const image = alpineImage(env);
      const packages = join(temp, 'packages');
      mkdirSync(packages);
      const bytes = readFileSync(PCRE2);
      const index = readFileSync(INDEX);
      const files: Record<string, Buffer> = {
        'APKINDEX.tar.gz': index,
        'index-altered.tar.gz': withByteChanged(index, 1),
        'index-resigned.tar.gz': await resign(index, makeTestKey(), { whole: true }),
        'pcre2-10.42-r2.apk': bytes,
        'data-altered.apk': withByteChanged(bytes, 2),
        'control-altered.apk': withByteChanged(bytes, 1),
        'resigned.apk': await resign(bytes, makeTestKey()),
        'signed-twice.apk': await addSignature(bytes, makeTestKey()),
        'unsigned.apk': withoutSignature(bytes),
      };
      for (const [name, content] of Object.entries(files))
        writeFileSync(join(packages, name), content);
      const names = Object.keys(files);

      const run = offlineRun(
        env,
        image,
        ['/sbin/apk', 'verify', ...names.map((name) => `/p/${name}`)],
        { mounts: { '/p': packages } },
      );
      const said = new Map(
        [...run.stdout.matchAll(/^\/p\/(\S+): -?\d+ - (.+)$/gm)].map((m) => [m[1], m[2]]),
      );
      expect([...said.keys()].sort(), run.stdout + run.stderr).toEqual([...names].sort());
      // apk's exit code counts the files that failed: all but the three that verify.
      expect(run.status).toBe(names.length - 3);

      const keys = join(temp, 'keys');
      await extractAlpineKeys(keys);
      const loaded = loadKeyring(keys);
      if (!loaded.ok) throw new Error(loaded.message);
      const ours: Record<string, SignatureStatus> = {};
      for (const name of names)
        ours[name] = (await verifySignedFile(join(packages, name), loaded.keyring)).verdict.status;
      expect(ours).toEqual({
        'APKINDEX.tar.gz': 'verified',
        'index-altered.tar.gz': 'altered',
        'index-resigned.tar.gz': 'unknown-key',
        'pcre2-10.42-r2.apk': 'verified',
        'data-altered.apk': 'altered',
        'control-altered.apk': 'altered',
        'resigned.apk': 'unknown-key',
        'signed-twice.apk': 'verified',
        'unsigned.apk': 'unsigned',
      });
      for (const name of names) expect(said.get(name), name).toBe(APK_SAYS[ours[name]]);
    });
  },
);
