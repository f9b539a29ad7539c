/**
 * The argument list of one `docker run` / `podman run`. Built as an array and handed to execa
 * as it is: no shell ever sees it, and values reach the fixed in-container script through the
 * environment only (DESIGN.md §6).
 */
import { isAbsolute } from 'node:path';
import { checkImageReference } from './image-reference';
import { KEYS_MOUNT, type ContainerRepositories } from './repositories';

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
  /** Repositories that replace the image's /etc/apk/repositories; absent: the image's own. */
  repositories?: ContainerRepositories;
}

/**
 * Throws when a host path cannot be a mount source: it must be absolute, and may not hold a
 * carriage return before a newline, which the engines' CSV reader drops even inside quotes
 * (measured with docker 28 and podman 4.3; a lone CR, a newline, commas and quotes come through).
 */
export function checkMountPath(path: string): void {
  if (!isAbsolute(path))
    throw new Error(`${path}: a folder for a container mount must be an absolute path`);
  if (path.includes('\r\n'))
    throw new Error(
      `${JSON.stringify(path)}: a folder for a container mount may not hold a carriage return before a newline`,
    );
}

/**
 * One field of a `--mount` value. docker and podman read the value as one CSV record (Go's
 * encoding/csv): a field holding a comma, a double quote or a line break is written in double
 * quotes with inner quotes doubled, so a folder named `a,readonly` stays a folder name.
 */
export function mountField(key: string, value: string): string {
  const field = `${key}=${value}`;
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function bind(source: string, target: string, readonly: boolean): string[] {
  checkMountPath(source);
  const fields = ['type=bind', mountField('source', source), mountField('target', target)];
  return ['--mount', [...fields, ...(readonly ? ['readonly'] : [])].join(',')];
}

/** `run` and its options for one step; the engine's name is not part of it. */
export function stepArgs(input: StepArgsInput): string[] {
  const { folders, step } = input;
  checkImageReference(input.image);
  const network = step === 'build' ? 'none' : input.fetchNetwork;
  if (network?.startsWith('-'))
    throw new Error(`--network '${network}' begins with '-': it would be read as an option`);
  const env: Record<string, string> = {
    ABUILD_PHASE: step,
    APORT_REPO: input.repo,
    APORT_NAME: input.aportName,
    HOST_UID: String(input.hostUid),
    HOST_GID: String(input.hostGid),
  };
  const repositories = input.repositories;
  // One word a repository: URLs were checked to hold no white space, mount points hold none.
  if (repositories !== undefined && repositories.lines.length > 0)
    env.APK_REPOSITORIES = repositories.lines.join(' ');
  if (repositories?.keys) env.APK_KEYS = KEYS_MOUNT;
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
    ...(repositories?.folders ?? []).flatMap((folder) => bind(folder.source, folder.target, true)),
    ...(repositories?.keys ? bind(repositories.keys, KEYS_MOUNT, true) : []),
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    '--workdir',
    '/',
    // Everything after `--` is the image and its command, whatever they look like.
    '--',
    input.image,
    '/bin/sh',
    `${CONTAINER_PATHS.scriptDir}/${IN_CONTAINER_SCRIPT}`,
  ];
}
