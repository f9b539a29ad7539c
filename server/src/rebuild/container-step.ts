import { execa } from 'execa';
import { ApkProblemReader, type ApkSelectionProblems } from './apk-problems';
import { removeContainer, type Engine } from './engine';

/** How one container step ended. */
export interface StepOutcome {
  /** `engine-failed`: the engine could not start the container (the script never ran). */
  status: 'ok' | 'failed' | 'engine-failed' | 'cancelled' | 'timed-out';
  exitCode: number | null;
  /** When the engine was started, and when the container printed its first line (ms epoch). */
  startedAt: number;
  firstLineAt: number | null;
  /** The last `>>> ERROR: ` line abuild printed, if any. */
  abuildError: string | null;
  /** What apk could not install (`ERROR: unable to select packages:`), if it said so. */
  apkProblems: ApkSelectionProblems | null;
  /** The engine's own complaint when it failed before the script ran (last stderr line). */
  lastLine: string | null;
  /** False only if a cancelled or timed-out container could not be removed. */
  containerRemoved: boolean;
}

export interface StepRun {
  engine: Engine;
  /** `run ...` as built by stepArgs; its `--name` is what cancel removes. */
  args: string[];
  containerName: string;
  onLine(line: string): void;
  signal?: AbortSignal;
  /** Epoch ms after which the step is stopped as timed out. */
  deadline?: number;
}

const ABUILD_ERROR = /^>>> ERROR: /;
/** The hint docker prints after its own error: the line before it says what went wrong. */
const HELP_HINT = /^Run '\S+ run --help' for more information$/;
/**
 * `docker run` and `podman run` exit 125 when the engine itself fails and the container never
 * runs; the fixed script exits 0, 1 (abuild) or 2 (bad environment), never 125.
 */
const ENGINE_FAILED = 125;

/**
 * Runs one `docker run`, streaming stdout and stderr line by line as they come. Cancel and
 * timeout remove the container (`rm --force`): stopping only the client would leave the build
 * running, since the client does not own the container.
 */
export async function runContainerStep(run: StepRun): Promise<StepOutcome> {
  const startedAt = Date.now();
  const child = execa(run.engine.name, run.args, {
    env: run.engine.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    all: true,
    buffer: false,
    forceKillAfterDelay: 5_000,
  });

  // Set from the abort and timer callbacks, read once the client has exited.
  const stopping: { reason: 'cancelled' | 'timed-out' | null; removal: Promise<boolean> | null } = {
    reason: null,
    removal: null,
  };
  const stop = (reason: 'cancelled' | 'timed-out'): void => {
    if (stopping.reason !== null) return;
    stopping.reason = reason;
    stopping.removal = removeContainer(run.engine, run.containerName).finally(() => child.kill());
  };
  const onAbort = (): void => stop('cancelled');
  if (run.signal?.aborted) stop('cancelled');
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    run.deadline === undefined
      ? undefined
      : setTimeout(() => stop('timed-out'), Math.max(0, run.deadline - Date.now()));

  let firstLineAt: number | null = null;
  let abuildError: string | null = null;
  let lastLine: string | null = null;
  const apk = new ApkProblemReader();
  try {
    for await (const line of child.iterable({ from: 'all' })) {
      firstLineAt ??= Date.now();
      apk.feed(line);
      if (ABUILD_ERROR.test(line)) abuildError = line;
      if (line.trim() !== '' && !HELP_HINT.test(line)) lastLine = line;
      run.onLine(line);
    }
  } catch {
    // The stream ends in an error when the client is killed; the outcome below says why.
  }
  const result = await child;
  clearTimeout(timer);
  run.signal?.removeEventListener('abort', onAbort);
  // A cancel that came while the engine was still creating the container may have removed
  // nothing yet: remove once more now that the client is gone.
  const containerRemoved =
    stopping.removal === null
      ? true
      : (await stopping.removal) && (await removeContainer(run.engine, run.containerName));
  const exitCode = result.exitCode ?? null;
  const status =
    stopping.reason ??
    (exitCode === 0 ? 'ok' : exitCode === ENGINE_FAILED ? 'engine-failed' : 'failed');
  return {
    status,
    exitCode,
    startedAt,
    firstLineAt,
    abuildError,
    apkProblems: apk.result(),
    lastLine,
    containerRemoved,
  };
}
