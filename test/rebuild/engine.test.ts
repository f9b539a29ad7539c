import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectEngine, inspectImage } from '../../server/src/rebuild/engine';
import { cliBundle } from '../helpers/bundles';
import { repoRoot } from '../helpers/paths';
import { dockerEnv, missingDockerTools } from '../helpers/stand-in-image';

/**
 * Each engine error is made by the real condition: a PATH without docker, a DOCKER_HOST with
 * no daemon behind it, a socket the user may not open, an image the daemon does not have.
 */
const fixture = join(repoRoot, 'test/fixtures/rebuild/main/greeter/APKBUILD');
let env: NodeJS.ProcessEnv;

const missing = missingDockerTools();

beforeAll(() => {
  if (missing === undefined) env = dockerEnv(repoRoot);
});

function rebuildCli(
  extraEnv: NodeJS.ProcessEnv,
  uid?: number,
  extraArgs: string[] = [],
  bundle = cliBundle,
  apkbuild = fixture,
) {
  const result = spawnSync(
    process.execPath,
    [bundle, 'rebuild', apkbuild, '--engine', 'docker', ...extraArgs],
    {
      env: { ...env, XDG_CACHE_HOME: '/nonexistent/cache', ...extraEnv },
      encoding: 'utf8',
      uid,
      timeout: 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(missing !== undefined)(`engine errors${missing ? `: ${missing}` : ''}`, () => {
  it('says docker is not installed when PATH has no docker', async () => {
    const message =
      'docker is not installed: install docker or podman, or set apkbuild.containerEngine';
    await expect(detectEngine('auto', { PATH: '/nonexistent' })).rejects.toThrow(message);
    const cli = rebuildCli({ PATH: '/nonexistent' });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(message + '\n');
  });

  it('says the daemon is not running when DOCKER_HOST points at no socket', async () => {
    const host = 'unix:///tmp/apkharden-no-daemon/docker.sock';
    await expect(detectEngine('docker', { ...env, DOCKER_HOST: host })).rejects.toThrow(
      'the docker daemon is not running (no answer on /tmp/apkharden-no-daemon/docker.sock)',
    );
    const cli = rebuildCli({ DOCKER_HOST: host });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/^the docker daemon is not running .*\n$/);
  });

  it.runIf(process.getuid?.() === 0)(
    'says permission denied on the socket to a user outside its group',
    () => {
      // The private daemon's socket is root:docker 0660; nobody (65534) is in neither. The
      // bundle and the APKBUILD are copied where nobody may read them, wherever the checkout is.
      const dir = mkdtempSync(join(tmpdir(), 'apkharden-nobody-'));
      chmodSync(dir, 0o755);
      copyFileSync(cliBundle, join(dir, 'cli.js'));
      copyFileSync(fixture, join(dir, 'APKBUILD'));
      let cli: ReturnType<typeof rebuildCli>;
      try {
        const run = { HOME: '/nonexistent' };
        cli = rebuildCli(run, 65534, [], join(dir, 'cli.js'), join(dir, 'APKBUILD'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const socket = (env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace('unix://', '');
      expect(cli.status).toBe(2);
      expect(cli.stderr).toBe(
        `permission denied on ${socket}: add your user to the docker group (then log in again), or use podman\n`,
      );
    },
  );

  it('names the pull command for an image the daemon lacks', async () => {
    const engine = await detectEngine('docker', env);
    expect(engine.name).toBe('docker');
    expect(engine.version).toMatch(/^\d+\.\d+/);
    await expect(inspectImage(engine, 'apkbuild-hardening-test/absent:1')).rejects.toThrow(
      'image apkbuild-hardening-test/absent:1 is not present: run `docker pull apkbuild-hardening-test/absent:1`, ' +
        "or on an air-gapped host import Alpine's minirootfs: " +
        '`docker import alpine-minirootfs-VERSION-x86_64.tar.gz apkbuild-hardening-test/absent:1` (see the README)',
    );
    // An Alpine tag names the minirootfs file to import, as the README's air-gapped set-up does.
    const cli = rebuildCli({}, undefined, ['--image', 'apkbuild-hardening-test/alpine:3.19.99']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(
      'image apkbuild-hardening-test/alpine:3.19.99 is not present: run `docker pull apkbuild-hardening-test/alpine:3.19.99`, ' +
        "or on an air-gapped host import Alpine's minirootfs: " +
        '`docker import alpine-minirootfs-3.19.99-x86_64.tar.gz apkbuild-hardening-test/alpine:3.19.99` (see the README)\n',
    );
    await expect(inspectImage(engine, 'alpine:3.1')).rejects.toThrow(
      '`docker import alpine-minirootfs-3.1.PATCH-x86_64.tar.gz alpine:3.1`',
    );
  });
});

describe.skipIf(missing !== undefined)(
  `rebuild command line${missing ? `: ${missing}` : ''}`,
  () => {
    const usage = (args: string[]) =>
      spawnSync(process.execPath, [cliBundle, 'rebuild', ...args], { encoding: 'utf8' });

    it.each([
      [
        ['--variant', 'debug', fixture],
        "unknown --variant 'debug' (one of original, hardened, both)",
      ],
      [['--engine', 'lxc', fixture], "unknown --engine 'lxc' (one of auto, docker, podman)"],
      [
        ['--timeout', 'soon', fixture],
        "--timeout 'soon' is not a number of seconds from 1 to 2147483 (about 24.8 days)",
      ],
      [[fixture, fixture], 'rebuild takes exactly one APKBUILD file'],
    ])('refuses %j before any engine is asked', (args, message) => {
      const result = usage(args);
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`apkharden: ${message}`);
    });

    it('names an APKBUILD it cannot read', () => {
      const result = usage(['/nonexistent/APKBUILD']);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('/nonexistent/APKBUILD: cannot read: no such file\n');
    });
  },
);
