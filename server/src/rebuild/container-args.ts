/**
 * The argument list of one `docker run` / `podman run`. Built as an array and handed to execa
 * as it is: no shell ever sees it, and values reach the fixed in-container script through the
 * environment only (DESIGN.md §6).
 */

/** Where the host folders appear inside the container; the in-container script knows these. */
export const CONTAINER_PATHS = {
  aport: '/aport',
  output: '/out',
  distfiles: '/var/cache/distfiles',
  apkCache: '/etc/apk/cache',
  scriptDir: '/opt/apkbuild-hardening',
} as const;

export const IN_CONTAINER_SCRIPT = 'abuild-in-container.sh';

/** The two steps of a rebuild: sources fetched with the network on, the build with it off. */
export type RebuildStep = 'fetch' | 'build';

export interface HostFolders {
  /** A copy of the aport holding the variant's APKBUILD; mounted read-only. */
  aport: string;
  output: string;
  distfiles: string;
  apkCache: string;
  /** The folder of abuild-in-container.sh (server/data); mounted read-only. */
  scriptDir: string;
}

export interface StepArgsInput {
  step: RebuildStep;
  containerName: string;
  image: string;
  folders: HostFolders;
  /** `--network` of the fetch step; undefined keeps the engine's default network. */
  fetchNetwork: string | undefined;
  /** The aport's repository (main, community, ...) and folder name, as abuild sees them. */
  repo: string;
  aportName: string;
  /** Owner to give the outputs back to, so a root daemon leaves no root-owned files. */
  hostUid: number;
  hostGid: number;
}

/** Characters that would end a `--mount` field or the argument itself. */
const UNSAFE_MOUNT_PATH = /[,\n\r"]/;

/** Throws when a host path cannot be written into a `--mount` value unambiguously. */
export function checkMountPath(path: string): void {
  if (UNSAFE_MOUNT_PATH.test(path))
    throw new Error(
      `${path}: a folder for a container mount may not contain ',', '"' or a newline`,
    );
}

function bind(source: string, target: string, readonly: boolean): string[] {
  checkMountPath(source);
  return ['--mount', `type=bind,source=${source},target=${target}${readonly ? ',readonly' : ''}`];
}

/** `run` and its options for one step; the engine's name is not part of it. */
export function stepArgs(input: StepArgsInput): string[] {
  const { folders, step } = input;
  const network = step === 'build' ? 'none' : input.fetchNetwork;
  const env: Record<string, string> = {
    ABUILD_PHASE: step,
    APORT_REPO: input.repo,
    APORT_NAME: input.aportName,
    HOST_UID: String(input.hostUid),
    HOST_GID: String(input.hostGid),
  };
  return [
    'run',
    '--rm',
    '--name',
    input.containerName,
    '--label',
    'apkbuild-hardening.rebuild=1',
    ...(network === undefined ? [] : ['--network', network]),
    ...bind(folders.aport, CONTAINER_PATHS.aport, true),
    ...bind(folders.output, CONTAINER_PATHS.output, false),
    ...bind(folders.distfiles, CONTAINER_PATHS.distfiles, false),
    ...bind(folders.apkCache, CONTAINER_PATHS.apkCache, false),
    ...bind(folders.scriptDir, CONTAINER_PATHS.scriptDir, true),
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    '--workdir',
    '/',
    input.image,
    '/bin/sh',
    `${CONTAINER_PATHS.scriptDir}/${IN_CONTAINER_SCRIPT}`,
  ];
}
