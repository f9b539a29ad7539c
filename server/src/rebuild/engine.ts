import { execa } from 'execa';
import {
  classifyVersionFailure,
  EngineError,
  imageMissing,
  notInstalled,
  type EngineName,
} from './engine-errors';
import { checkImageReference } from './image-reference';

export type EngineChoice = 'auto' | EngineName;

export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'docker', 'podman'];

/** A container engine that answered its first call. */
export interface Engine {
  name: EngineName;
  /** The daemon's version (docker) or the client's (podman), for the provenance. */
  version: string;
  /** The environment every call of this engine runs with (DOCKER_HOST and PATH matter). */
  env: NodeJS.ProcessEnv;
}

/** The image a rebuild runs in: its local id, and its registry digest when it was pulled. */
export interface ImageInfo {
  name: string;
  id: string;
  /** `name@sha256:...` entries of a registry; empty for an imported or loaded image. */
  repoDigests: string[];
}

/** How long the engine may take to say whether it works before it counts as not answering. */
const PROBE_TIMEOUT_MS = 30_000;

/** Asks one engine for its version; an EngineError says why it cannot be used. */
async function probe(name: EngineName, env: NodeJS.ProcessEnv): Promise<Engine> {
  // `docker version` fails without a daemon only when the server part is asked for.
  const args = name === 'docker' ? ['version', '--format', '{{.Server.Version}}'] : ['version'];
  const result = await execa(name, args, {
    env,
    extendEnv: false,
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    stdin: 'ignore',
  });
  if (result.failed && result.exitCode === undefined && !result.timedOut) {
    if (result.code === 'ENOENT') throw notInstalled(name);
    throw new EngineError('other', `${name} could not be started: ${result.shortMessage}`);
  }
  if (result.timedOut)
    throw new EngineError(
      'daemon-down',
      `${name} did not answer within ${PROBE_TIMEOUT_MS / 1000} s: is its daemon stuck?`,
    );
  if (result.failed) throw classifyVersionFailure(name, String(result.stderr), env);
  const version = String(result.stdout).trim();
  return {
    name,
    version: name === 'docker' ? version : (/Version:\s*(\S+)/.exec(version)?.[1] ?? version),
    env,
  };
}

/**
 * The engine to run rebuilds with. `auto` takes docker when it answers, else podman when that
 * answers; when neither does, the error is docker's (the usual set-up), unless only podman is
 * installed.
 */
export async function detectEngine(
  choice: EngineChoice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Engine> {
  if (choice !== 'auto') return probe(choice, env);
  let dockerError: EngineError;
  try {
    return await probe('docker', env);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    dockerError = error;
  }
  try {
    return await probe('podman', env);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (dockerError.problem === 'not-installed' && error.problem !== 'not-installed') throw error;
    throw dockerError;
  }
}

/**
 * The image's id and digests; an EngineError with the pull command when it is not there. A
 * name outside the reference grammar is refused before the engine is called.
 */
export async function inspectImage(engine: Engine, image: string): Promise<ImageInfo> {
  checkImageReference(image);
  const result = await execa(
    engine.name,
    ['image', 'inspect', '--format', '{{.Id}} {{json .RepoDigests}}', '--', image],
    {
      env: engine.env,
      extendEnv: false,
      reject: false,
      timeout: PROBE_TIMEOUT_MS,
      stdin: 'ignore',
    },
  );
  if (result.failed) {
    const said = String(result.stderr).toLowerCase();
    if (said.includes('no such image') || said.includes('image not known'))
      throw imageMissing(engine.name, image);
    throw classifyVersionFailure(engine.name, String(result.stderr), engine.env);
  }
  return parseImageInspect(image, String(result.stdout));
}

/**
 * `{{.Id}} {{json .RepoDigests}}` as docker and podman print it, made alike: podman's id has no
 * `sha256:` prefix, and podman gives an imported or loaded image a `localhost/NAME@sha256:...`
 * digest, which names no registry the image could be pulled from again.
 */
export function parseImageInspect(image: string, stdout: string): ImageInfo {
  const [rawId, digests] = stdout.trim().split(' ', 2);
  const id = /^[0-9a-f]{64}$/.test(rawId) ? `sha256:${rawId}` : rawId;
  let repoDigests: string[] = [];
  try {
    const parsed: unknown = JSON.parse(digests ?? '[]');
    if (Array.isArray(parsed)) repoDigests = parsed.map(String);
  } catch {
    // No digests is what an imported image has; nothing else depends on them.
  }
  repoDigests = repoDigests.filter((digest) => !digest.startsWith('localhost/'));
  return { name: image, id, repoDigests };
}

/** Removes a container whatever its state; true when it is gone (or never existed). */
export async function removeContainer(engine: Engine, name: string): Promise<boolean> {
  // docker's `rm --force` kills at once; podman's first sends SIGTERM and waits 10 s, which the
  // build's shell (PID 1 in the container) ignores: a cancel would take 10 s for nothing.
  const args =
    engine.name === 'podman'
      ? ['rm', '--force', '--time', '0', '--', name]
      : ['rm', '--force', '--', name];
  const result = await execa(engine.name, args, {
    env: engine.env,
    extendEnv: false,
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    stdin: 'ignore',
  });
  return !result.failed || /no such container/i.test(String(result.stderr));
}
