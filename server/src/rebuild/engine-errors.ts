/**
 * Turns what a failed `docker`/`podman` call said into a message that says what to do. The
 * engines' own words are stable enough to match ("Cannot connect to the Docker daemon",
 * "permission denied while trying to connect"); anything unknown is passed on as it was said.
 */

export type EngineName = 'docker' | 'podman';

export type EngineProblem =
  'not-installed' | 'permission-denied' | 'daemon-down' | 'image-missing' | 'other';

/** A failure of the engine itself (not of the build); its message is meant for the user. */
export class EngineError extends Error {
  constructor(
    readonly problem: EngineProblem,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The socket a docker client talks to: DOCKER_HOST's unix path, else the default one. */
export function dockerSocket(env: NodeJS.ProcessEnv): string {
  const host = env.DOCKER_HOST ?? '';
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  return host !== '' ? host : '/var/run/docker.sock';
}

export function notInstalled(engine: EngineName): EngineError {
  return new EngineError(
    'not-installed',
    `${engine} is not installed: install docker or podman, or set apkbuild.containerEngine`,
  );
}

/** Alpine's name for the machine's arch, as its minirootfs files are named. */
const ALPINE_ARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  ia32: 'x86',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/**
 * The image is not there: pull it, or, with no registry in reach, import Alpine's minirootfs
 * (an `alpine:3.19.4` tag names its file; `alpine:3.19` leaves PATCH, another tag VERSION, to
 * fill in).
 */
export function imageMissing(engine: EngineName, image: string): EngineError {
  const tag = /(?:^|\/)alpine:(\d+\.\d+)(\.\d+)?$/.exec(image);
  const release = tag === null ? 'VERSION' : `${tag[1]}${tag[2] ?? '.PATCH'}`;
  const arch = ALPINE_ARCH[process.arch] ?? 'x86_64';
  return new EngineError(
    'image-missing',
    `image ${image} is not present: run \`${engine} pull ${image}\`, or on an air-gapped host ` +
      `import Alpine's minirootfs: \`${engine} import alpine-minirootfs-${release}-${arch}.tar.gz ${image}\` (see the README)`,
  );
}

/** The first line that says something, for messages that quote the engine. */
function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/**
 * Classifies the stderr of a failed `ENGINE version` (the first call of every rebuild): the
 * client was found, so the daemon (docker) or the storage/runtime (podman) is what failed.
 */
export function classifyVersionFailure(
  engine: EngineName,
  stderr: string,
  env: NodeJS.ProcessEnv,
): EngineError {
  const said = stderr.toLowerCase();
  if (said.includes('permission denied')) {
    const where = engine === 'docker' ? dockerSocket(env) : 'the podman socket or storage';
    const fix =
      engine === 'docker'
        ? 'add your user to the docker group (then log in again), or use podman'
        : 'check that your user may run podman (subuid/subgid, storage permissions)';
    return new EngineError('permission-denied', `permission denied on ${where}: ${fix}`);
  }
  if (
    engine === 'docker' &&
    (said.includes('cannot connect to the docker daemon') ||
      said.includes('is the docker daemon running') ||
      said.includes('no such file or directory') ||
      said.includes('connection refused'))
  ) {
    return new EngineError(
      'daemon-down',
      `the docker daemon is not running (no answer on ${dockerSocket(env)}): start it ` +
        '(systemctl start docker, or dockerd as in the README), or set DOCKER_HOST to a daemon that runs',
    );
  }
  return new EngineError('other', `${engine} does not work: ${firstLine(stderr) || 'no message'}`);
}
