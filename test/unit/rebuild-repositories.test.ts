import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stepArgs } from '../../server/src/rebuild/container-args';
import { loadSigningKey } from '../../server/src/rebuild/index-signing';
import { containerRepositories, describeRepositories } from '../../server/src/rebuild/repositories';

const temp = mkdtempSync(join(tmpdir(), 'apkharden-repos-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const mirror = join(temp, 'mirror');
mkdirSync(join(mirror, 'x86_64'), { recursive: true });
const keys = join(temp, 'keys');
mkdirSync(keys);
writeFileSync(join(keys, 'mirror-1.rsa.pub'), 'a key');

/** The values of every `--flag value` pair of an argument list. */
const valuesOf = (args: string[], flag: string): string[] =>
  args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

describe('rebuild repositories', () => {
  it('lists URLs as they are and folders by their read-only mount points, in order', () => {
    const placed = containerRepositories(
      ['https://mirror.invalid/v3.19/main', mirror, 'http://mirror.invalid/v3.19/community'],
      keys,
    );
    expect(placed).toEqual({
      lines: [
        'https://mirror.invalid/v3.19/main',
        '/repositories/1',
        'http://mirror.invalid/v3.19/community',
      ],
      folders: [{ source: mirror, target: '/repositories/1' }],
      keys,
    });
    expect(describeRepositories(placed)).toBe(
      `https://mirror.invalid/v3.19/main, ${mirror}, http://mirror.invalid/v3.19/community`,
    );
    const args = stepArgs({
      step: 'fetch',
      containerName: 'apkharden-x-original-fetch-abc123',
      image: 'alpine:3.19.4',
      folders: {
        aport: '/tmp/aport',
        output: '/tmp/out',
        distfiles: '/tmp/distfiles',
        apkCache: '/tmp/apk',
        scriptDir: '/opt/data',
      },
      fetchNetwork: 'none',
      repo: 'main',
      aportName: 'x',
      hostUid: 1,
      hostGid: 1,
      repositories: placed,
    });
    expect(valuesOf(args, '--mount').slice(-2)).toEqual([
      `type=bind,source=${mirror},target=/repositories/1,readonly`,
      `type=bind,source=${keys},target=/repository-keys,readonly`,
    ]);
    expect(valuesOf(args, '--env').slice(-2)).toEqual([
      'APK_REPOSITORIES=https://mirror.invalid/v3.19/main /repositories/1 http://mirror.invalid/v3.19/community',
      'APK_KEYS=/repository-keys',
    ]);
  });

  it('refuses what cannot be a repository or a keys folder, naming the value', () => {
    const refused = (values: string[], keysDir?: string): string => {
      try {
        containerRepositories(values, keysDir);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused([join(temp, 'nope')])).toBe(
      `repository folder ${join(temp, 'nope')} does not exist`,
    );
    expect(refused(['ftp://mirror.invalid/main'])).toBe(
      "repository 'ftp://mirror.invalid/main': only http:// and https:// URLs, or a folder, can be repositories",
    );
    expect(refused([join(keys, 'mirror-1.rsa.pub')])).toBe(
      `repository ${join(keys, 'mirror-1.rsa.pub')} is not a folder`,
    );
    writeFileSync(join(mirror, 'x86_64', 'APKINDEX.tar.gz'), '');
    expect(refused([join(mirror, 'x86_64')])).toMatch(
      /holds APKINDEX\.tar\.gz itself: apk reads REPOSITORY\/<arch>\/APKINDEX\.tar\.gz, so give its parent folder$/,
    );
    expect(refused([], mirror)).toBe(
      `keys folder ${mirror} holds no .pub file (apk's public keys end in .pub)`,
    );
    expect(refused([], join(temp, 'none'))).toBe(
      `keys folder ${join(temp, 'none')} does not exist or is not a folder`,
    );
  });

  it("reads the user's signing key and names it as abuild-sign does: the file name and .pub", () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(temp, 'me-5f3c2a1b.rsa');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const key = loadSigningKey(file);
    expect(key.name).toBe('me-5f3c2a1b.rsa.pub');
    expect(key.throwaway).toBe(false);
    expect(key.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const ec = join(temp, 'ec.pem');
    const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(ec, ecKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadSigningKey(ec)).toThrow(
      `signing key ${ec}: a key of type ec; apk v2 signatures need RSA`,
    );
    expect(() => loadSigningKey(join(temp, 'absent.rsa'))).toThrow(
      `signing key ${join(temp, 'absent.rsa')}: cannot read it (ENOENT)`,
    );
  });
});
