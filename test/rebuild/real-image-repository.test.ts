import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { readTar } from '../../server/src/sbom/tar';
import { throwawayKey, type SigningKey } from '../../server/src/rebuild/index-signing';
import { writePublicKey, writeRepositoryIndex } from '../../server/src/rebuild/variant-repository';
import {
  ALPINE_PACKAGES,
  alpineImage,
  missingAlpineImage,
  offlineRun,
} from '../helpers/alpine-image';
import { repoRoot } from '../helpers/paths';
import { dockerEnv } from '../helpers/stand-in-image';

/**
 * The repository a rebuild writes, held to real apk-tools 2.14.4 in the official Alpine 3.19.4
 * minirootfs (imported with docker import): our signed APKINDEX.tar.gz is accepted, and
 * `apk add` installs from it offline. Packages: the real signed 3.19.1 ones of ../shared/alpine.
 */
const missing = missingAlpineImage();
const real = join(ALPINE_PACKAGES, 'x86_64');
let env: NodeJS.ProcessEnv;
let image: string;
let temp: string;
let key: SigningKey;

/** `sh -c SCRIPT` in the real image without network, `temp` mounted read-only at /t. */
function inImage(script: string): { status: number | null; output: string } {
  const run = offlineRun(env, image, ['/bin/sh', '-c', `exec 2>&1; ${script}`], {
    mounts: { '/t': temp },
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A repository `temp/NAME/x86_64/` of the shared packages named, indexed and signed by `by`. */
async function repository(name: string, files: string[], by: SigningKey): Promise<void> {
  const archDir = join(temp, name, 'x86_64');
  mkdirSync(archDir, { recursive: true });
  for (const file of files) copyFileSync(join(real, file), join(archDir, file));
  await writeRepositoryIndex(archDir, 'x86_64', by, name);
}

const WGET = [
  'wget-1.21.4-r0.apk',
  'libidn2-2.3.4-r4.apk',
  'libunistring-1.1-r2.apk',
  'pcre2-10.42-r2.apk',
];

beforeAll(async () => {
  if (missing !== undefined) return;
  env = dockerEnv(repoRoot);
  image = alpineImage(env);
  temp = mkdtempSync(join(tmpdir(), 'apkharden-repo-'));
  key = throwawayKey();
  writePublicKey(temp, key);
  // Alpine's own index of the same packages, signed by Alpine (the image has its keys).
  mkdirSync(join(temp, 'alpine'));
  cpSync(real, join(temp, 'alpine', 'x86_64'), { recursive: true });
  await repository('wget', WGET, key);
  await repository('other-key', ['pcre2-10.42-r2.apk'], throwawayKey());
  await repository(
    'all',
    readdirSync(real).filter((name) => name.endsWith('.apk')),
    key,
  );
}, 180_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe.skipIf(missing !== undefined)(
  `a rebuild's repository in the real image${missing ? `: ${missing}` : ''}`,
  () => {
    it('signs the index as abuild-sign does: RSA-SHA1 over the index member, end blocks cut', () => {
      const bytes = readFileSync(join(temp, 'wget/x86_64/APKINDEX.tar.gz'));
      const split = gzipMembers(bytes);
      if (!split.ok) throw new Error(split.message);
      const [signature, index] = split.members;
      expect(split.members).toHaveLength(2);
      // abuild-tar --cut: one header and the signature padded to a block, no end marker.
      expect(signature.inflated.length).toBe(1024);
      const [entry] = readTar(signature.inflated).value;
      expect(entry.name).toBe(`.SIGN.RSA.${key.name}`);
      const signed = bytes.subarray(index.start, index.end);
      expect(verify('sha1', signed, key.publicPem, entry.data)).toBe(true);
    });

    it('apk update accepts the signed index with the key in /etc/apk/keys, and apk add installs offline', () => {
      const run = inImage(
        [
          `cp /t/keys/${key.name} /etc/apk/keys/`,
          'echo /t/wget > /etc/apk/repositories',
          'apk update',
          'apk add wget',
          'wget --version | head -n 1',
          'apk info -e wget libidn2 libunistring pcre2',
        ].join(' && '),
      );
      // apk update names the repository by the index's DESCRIPTION, and counts installed ones.
      expect(run.output).toMatch(/^wget \[\/t\/wget\]\nOK: \d+ distinct packages available$/m);
      expect(run.output).not.toMatch(/UNTRUSTED|ERROR|WARNING/);
      expect(run.output).toMatch(/^\(\d\/4\) Installing pcre2 \(10\.42-r2\)$/m);
      expect(run.output).toContain('GNU Wget 1.21.4');
      expect(run.output).toMatch(/^wget\nlibidn2\nlibunistring\npcre2$/m);
      expect(run.status).toBe(0);
    });

    it('installs with --keys-dir and --repository, the way the rebuild output tells the user', () => {
      const run = inImage(
        `apk add --keys-dir /t/keys --repository /t/wget --no-network wget && apk info -e wget`,
      );
      expect(run.output).toMatch(/^wget$/m);
      expect(run.status).toBe(0);
    });

    it("solves over our index of the 100 packages exactly as over Alpine's own", () => {
      // The same packages, once under Alpine's signed index and once under ours.
      const simulate = (repository: string, keys: string): ReturnType<typeof inImage> =>
        inImage(
          `apk add --simulate --no-network ${keys} --repository ${repository} openssh wget chrony e2fsprogs gnutls`,
        );
      const alpine = simulate(`/t/alpine`, '');
      const ours = simulate('/t/all', '--keys-dir /t/keys');
      expect(alpine.status).toBe(0);
      expect(ours.output).toBe(alpine.output);
      // 28 packages on top of the image, openssh's, wget's, chrony's, e2fsprogs' and gnutls'.
      expect(ours.output).toMatch(/^\(28\/28\) Installing wget \(1\.21\.4-r0\)$/m);
    });

    it('refuses an index signed by a key it does not trust', () => {
      const run = inImage(
        `apk add --keys-dir /t/keys --repository /t/other-key --no-network pcre2`,
      );
      expect(run.output).toContain('UNTRUSTED signature');
      expect(run.status).not.toBe(0);
    });
  },
);
