/**
 * The provenance records each package's signature verdict as found: the key that verified it,
 * or that it is unsigned (or signed by an unknown key, or altered); nothing when unchecked.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { collectPackages } from '../../server/src/rebuild/outputs';
import {
  provenanceStatement,
  withSignatures,
  type ProvenancePackage,
} from '../../server/src/rebuild/provenance';
import { loadKeyring } from '../../server/src/signature';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';
import { extractAlpineKeys } from '../helpers/alpine-keys';
import { withoutSignature } from '../helpers/apk-signer';

const KEY = 'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub';

let temp: string;
let keys: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'provenance-signature-'));
  keys = join(temp, 'keys');
  await extractAlpineKeys(keys);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function statementFor(packages: ProvenancePackage[]) {
  return provenanceStatement({
    variant: 'hardened',
    apkbuildPath: '/w/main/pcre2/APKBUILD',
    apkbuildFrom: 'the current text',
    model: analyzeApkbuild('pkgname=pcre2\npkgver=10.42\n'),
    profile: 'builtin:kubernetes',
    engine: { name: 'docker', version: '20.10.24' },
    image: { name: 'alpine:3.19.4', id: 'sha256:' + 'c'.repeat(64), repoDigests: [] },
    packages,
    startedOn: new Date('2026-01-02T03:04:05Z'),
    finishedOn: new Date('2026-01-02T03:09:05Z'),
    invocationId: 'pcre2-hardened-1',
  });
}

describe('provenance of signed packages', () => {
  it('records the verifying key of a signed package and says unsigned of an unsigned one', async () => {
    const dir = join(temp, 'out');
    mkdirSync(dir);
    const pcre2 = join(ALPINE_PACKAGES, 'x86_64/pcre2-10.42-r2.apk');
    copyFileSync(pcre2, join(dir, 'pcre2-10.42-r2.apk'));
    writeFileSync(
      join(dir, 'zlib-1.3.1-r0.apk'),
      withoutSignature(readFileSync(join(ALPINE_PACKAGES, 'x86_64/zlib-1.3.1-r0.apk'))),
    );
    const loaded = loadKeyring(keys);
    if (!loaded.ok) throw new Error(loaded.message);

    const collected = collectPackages(dir);
    const packages = await withSignatures(dir, collected, loaded.keyring);
    const statement = statementFor(packages);
    expect(statement.subject).toEqual([
      {
        name: 'pcre2-10.42-r2.apk',
        digest: { sha256: collected[0].sha256 },
        annotations: {
          apkSignature: { status: 'verified', key: KEY, digest: 'sha1', keysFolder: keys },
        },
      },
      {
        name: 'zlib-1.3.1-r0.apk',
        digest: { sha256: collected[1].sha256 },
        annotations: { apkSignature: { status: 'unsigned', keysFolder: keys } },
      },
    ]);
  });

  it('claims nothing about a package whose signature was not checked', () => {
    const statement = statementFor([{ name: 'pcre2-10.42-r2.apk', sha256: 'e'.repeat(64) }]);
    expect(statement.subject).toEqual([
      { name: 'pcre2-10.42-r2.apk', digest: { sha256: 'e'.repeat(64) } },
    ]);
  });
});
