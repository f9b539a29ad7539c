import { generateKeyPairSync, verify } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { readTar } from '../../server/src/sbom/tar';
import { alpineImage, missingAlpineImage, offlineRun } from '../helpers/alpine-image';
import { repoRoot } from '../helpers/paths';
import { RebuildSandbox } from '../helpers/rebuild-sandbox';
import { missingDockerTools } from '../helpers/stand-in-image';

/**
 * A rebuild's output signed with the user's key (`--sign-key`): the package is built in the
 * stand-in image (no Alpine toolchain here), and the repository it lands in is then read by
 * real apk-tools in the official Alpine image, which checks the index signature.
 */
const fixture = join(repoRoot, 'test/fixtures/rebuild/main/greeter');
const missing = missingDockerTools() ?? missingAlpineImage();
let sandbox: RebuildSandbox;

beforeAll(() => {
  if (missing === undefined) sandbox = RebuildSandbox.open();
}, 180_000);

afterAll(() => sandbox?.close());

describe.skipIf(missing !== undefined)(
  `a rebuild signed with the user's key${missing ? `: ${missing}` : ''}`,
  () => {
    it('signs the variant repository with --sign-key, and real apk trusts it with the key written', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keyDir = join(sandbox.temp, 'abuild');
      mkdirSync(keyDir);
      const keyFile = join(keyDir, 'me-5f3c2a1b.rsa');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const work = join(sandbox.temp, 'work', 'main', 'greeter');
      cpSync(fixture, work, { recursive: true });
      const out = join(sandbox.temp, 'out-signed');

      const run = sandbox.rebuildInto(join(work, 'APKBUILD'), out, [
        ...['--variant', 'hardened', '--fetch-network', 'host', '--sign-key', keyFile],
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        `==> the repositories are signed with me-5f3c2a1b.rsa.pub; its public key is in ${join(out, 'keys')}\n`,
      );
      expect(readdirSync(join(out, 'keys'))).toEqual(['me-5f3c2a1b.rsa.pub']);

      // abuild-sign's layout: .SIGN.RSA.<key file>.pub over the index member.
      const index = readFileSync(join(out, 'hardened/x86_64/APKINDEX.tar.gz'));
      const split = gzipMembers(index);
      if (!split.ok) throw new Error(split.message);
      const [signature, body] = split.members;
      const [entry] = readTar(signature.inflated).value;
      expect(entry.name).toBe('.SIGN.RSA.me-5f3c2a1b.rsa.pub');
      const publicPem = readFileSync(join(out, 'keys/me-5f3c2a1b.rsa.pub'), 'utf8');
      expect(verify('sha1', index.subarray(body.start, body.end), publicPem, entry.data)).toBe(
        true,
      );

      // Real apk-tools reads the repository with the key the rebuild wrote, and lists greeter.
      const image = alpineImage(sandbox.env);
      const script = [
        'exec 2>&1',
        'echo /o/hardened > /etc/apk/repositories',
        'apk update --keys-dir /o/keys',
        'apk search --keys-dir /o/keys -v greeter',
      ].join('; ');
      const apk = offlineRun(sandbox.env, image, ['/bin/sh', '-c', script], {
        mounts: { '/o': out },
      });
      expect(apk.stdout).toMatch(/^apkharden rebuild greeter \(hardened\) \[\/o\/hardened\]$/m);
      expect(apk.stdout).toMatch(/^greeter-1\.0-r0 - /m);
      expect(apk.stdout).not.toMatch(/UNTRUSTED|ERROR/);
      expect(apk.status).toBe(0);
    });
  },
);
