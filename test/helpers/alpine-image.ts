import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { sharedRoot } from './paths';

/**
 * Real Alpine images for the container tests: the official minirootfs tarballs of
 * ../shared/alpine/rootfs imported with `docker import` (or `podman import`), as an air-gapped
 * user does. Tagged under apkbuild-hardening-test/ so a user's own alpine:* image is never
 * replaced.
 */

export const ALPINE_ROOTFS = {
  '3.19.4': join(sharedRoot, 'alpine/rootfs/alpine-minirootfs-3.19.4-x86_64.tar.gz'),
  '3.20.3': join(sharedRoot, 'alpine/rootfs/alpine-minirootfs-3.20.3-x86_64.tar.gz'),
} as const;

export type AlpineRelease = keyof typeof ALPINE_ROOTFS;

/** The 100 signed Alpine 3.19.1 packages and their signed APKINDEX (a repository folder). */
export const ALPINE_PACKAGES = join(sharedRoot, 'alpine/packages-3.19.1');

/**
 * Why the real-image tests cannot run here, or undefined when they can. In CI a missing piece
 * is an error (the tests must not pass by skipping); elsewhere they skip with the reason.
 */
export function missingAlpineImage(engine: 'docker' | 'podman' = 'docker'): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const tools = engine === 'docker' ? ['docker', 'dockerd'] : ['podman'];
  const missing = tools.filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
  for (const file of Object.values(ALPINE_ROOTFS))
    if (!existsSync(file)) missing.push(`${file} (the shared Alpine data)`);
  if (missing.length === 0) return undefined;
  const reason = `missing ${missing.join(', ')}: install ${engine === 'docker' ? 'docker.io' : 'podman'} as .ci/run does`;
  if (process.env.CI) throw new Error(`real-image tests: ${reason}`);
  return reason;
}

/** The tag a release is imported under. */
export function alpineTag(release: AlpineRelease): string {
  return `apkbuild-hardening-test/alpine:${release}`;
}

/**
 * The release's image in the engine of `env`, imported from its minirootfs unless it is there
 * already. `docker import` keeps no command or environment: callers name the program to run.
 */
export function alpineImage(
  env: NodeJS.ProcessEnv,
  release: AlpineRelease = '3.19.4',
  engine: 'docker' | 'podman' = 'docker',
): string {
  const tag = alpineTag(release);
  const present = spawnSync(engine, ['image', 'inspect', tag], { env, encoding: 'utf8' });
  if (present.status === 0) return tag;
  execFileSync(engine, ['import', ALPINE_ROOTFS[release], tag], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return tag;
}

export interface OfflineRun {
  /** Host folders mounted read-only, by their target in the container. */
  mounts?: Record<string, string>;
  /** Environment variables of the container. */
  vars?: Record<string, string>;
  /** Given on the container's stdin. */
  input?: string;
  timeout?: number;
}

/**
 * `command` in `image` without network, as the real-image tests run apk: a fresh container that
 * is removed after, the host folders read-only. Text in and out.
 */
export function offlineRun(
  env: NodeJS.ProcessEnv,
  image: string,
  command: string[],
  { mounts = {}, vars = {}, input, timeout = 120_000 }: OfflineRun = {},
): SpawnSyncReturns<string> {
  const args = ['run', '--rm', '--network', 'none', ...(input === undefined ? [] : ['-i'])];
  for (const [target, source] of Object.entries(mounts))
    args.push('--mount', `type=bind,source=${source},target=${target},readonly`);
  for (const [name, value] of Object.entries(vars)) args.push('-e', `${name}=${value}`);
  return spawnSync('docker', [...args, '--', image, ...command], {
    env,
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout,
  });
}
