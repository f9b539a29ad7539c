/**
 * What the extension says when an apkbuild task (rebuild, compare) ends with an error: the CLI's
 * last error line, and the actions that help with it. The engine and image texts matched are
 * those of server/src/rebuild/engine-errors.ts and engine.ts. No vscode import: unit-tested.
 */

/** The settings a notification can open. */
export type TaskErrorSetting = 'apkbuild.containerEngine' | 'apkbuild.image';

export type TaskErrorKind =
  'engine-missing' | 'engine-denied' | 'engine-down' | 'engine-broken' | 'image-missing' | 'other';

export interface TaskErrorNotice {
  kind: TaskErrorKind;
  message: string;
  /** "Open setting" opens this one. */
  setting: TaskErrorSetting | null;
  /** "How to import an image": the `docker import` (or podman) command the CLI suggested. */
  importCommand: string | null;
}

const ENGINE_PROBLEMS: { kind: TaskErrorKind; pattern: RegExp }[] = [
  { kind: 'engine-missing', pattern: /^(docker|podman) is not installed\b/ },
  { kind: 'engine-missing', pattern: /^(docker|podman) could not be started\b/ },
  { kind: 'engine-denied', pattern: /^permission denied on / },
  { kind: 'engine-down', pattern: /^the docker daemon is not running\b/ },
  { kind: 'engine-down', pattern: /^(docker|podman) did not answer within\b/ },
  { kind: 'engine-broken', pattern: /^(docker|podman) does not work: / },
];

/** The error line without the CLI's own prefix (`apkharden rebuild: `, `apkharden: `). */
function withoutPrefix(line: string): string {
  return line.trim().replace(/^apkharden(?: \w+)?: /, '');
}

/**
 * The notice for a task that ended with `exitCode`, given the last error line the CLI wrote
 * (empty when it wrote none).
 */
export function taskErrorNotice(
  taskName: string,
  exitCode: number,
  errorLine: string,
): TaskErrorNotice {
  const said = withoutPrefix(errorLine);
  const message =
    said === ''
      ? `Task "${taskName}" failed (exit code ${exitCode}): see its output.`
      : `Task "${taskName}" failed: ${said}`;
  const image = /^image (\S+) is not present\b/.exec(said);
  if (image) {
    const command = /`((?:docker|podman) import [^`]+)`/.exec(said);
    return {
      kind: 'image-missing',
      message,
      setting: 'apkbuild.image',
      importCommand: command ? command[1] : null,
    };
  }
  const engine = ENGINE_PROBLEMS.find((p) => p.pattern.test(said));
  if (engine)
    return { kind: engine.kind, message, setting: 'apkbuild.containerEngine', importCommand: null };
  return { kind: 'other', message, setting: null, importCommand: null };
}
