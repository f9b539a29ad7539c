// The notification of a failed apkbuild task (issue 14): which message and actions for which
// error the CLI printed. The texts are the CLI's own: from server/src/rebuild/engine-errors.ts,
// and from real `apkharden rebuild` runs that write their last error line to
// APKHARDEN_ERROR_FILE, as a task run by the extension does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskErrorNotice } from '../../client/src/task-error-notice';
import {
  classifyVersionFailure,
  imageMissing,
  notInstalled,
} from '../../server/src/rebuild/engine-errors';
import { lighttpdExample } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';

const TASK = 'rebuild lighttpd (both)';

/** The last error line a real rebuild wrote to its error file, and its exit code. */
function failedRebuild(args: string[], env: NodeJS.ProcessEnv): { status: number; line: string } {
  const file = join(scratchDir('task-error-'), 'error.txt');
  const run = runCli(['rebuild', ...args, lighttpdExample], {
    env: { ...env, APKHARDEN_ERROR_FILE: file },
  });
  return { status: run.status ?? -1, line: readFileSync(file, 'utf8').trim() };
}

describe('the notification of a failed apkbuild task', () => {
  it('offers the image setting and how to import it when the image is missing', () => {
    const line = imageMissing('docker', 'alpine:3.19.4').message;
    const notice = taskErrorNotice(TASK, 2, line);
    expect(notice).toEqual({
      kind: 'image-missing',
      message: `Task "${TASK}" failed: ${line}`,
      setting: 'apkbuild.image',
      importCommand: 'docker import alpine-minirootfs-3.19.4-x86_64.tar.gz alpine:3.19.4',
    });
  });

  it('offers the engine setting when the engine is missing, refused or down', () => {
    const texts = {
      'engine-missing': notInstalled('podman').message,
      'engine-denied': classifyVersionFailure(
        'docker',
        'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
        {},
      ).message,
      'engine-down': classifyVersionFailure(
        'docker',
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
        {},
      ).message,
      'engine-broken': classifyVersionFailure('podman', 'Error: cannot re-exec process', {})
        .message,
    };
    for (const [kind, line] of Object.entries(texts))
      expect(taskErrorNotice(TASK, 2, line)).toEqual({
        kind,
        message: `Task "${TASK}" failed: ${line}`,
        setting: 'apkbuild.containerEngine',
        importCommand: null,
      });
  });

  it("drops the CLI's prefix, and offers no setting for other errors or none said", () => {
    expect(
      taskErrorNotice(TASK, 2, 'apkharden rebuild: /x/APKBUILD: cannot read: no such file'),
    ).toEqual({
      kind: 'other',
      message: `Task "${TASK}" failed: /x/APKBUILD: cannot read: no such file`,
      setting: null,
      importCommand: null,
    });
    expect(taskErrorNotice(TASK, 1, '').message).toBe(
      `Task "${TASK}" failed (exit code 1): see its output.`,
    );
  });

  it('reads what a real rebuild wrote: an engine with no daemon, and one not installed', () => {
    const down = failedRebuild(['--engine', 'docker'], {
      ...process.env,
      DOCKER_HOST: `unix://${join(scratchDir('no-daemon-'), 'docker.sock')}`,
    });
    expect(down.status).toBe(2);
    expect(taskErrorNotice(TASK, down.status, down.line)).toMatchObject({
      kind: 'engine-down',
      setting: 'apkbuild.containerEngine',
    });
    // No podman on PATH (node is found by its own path): "podman is not installed".
    const missing = failedRebuild(['--engine', 'podman'], {
      PATH: scratchDir('empty-path-'),
      HOME: process.env.HOME,
    });
    expect(missing.line).toBe(notInstalled('podman').message);
    expect(taskErrorNotice(TASK, missing.status, missing.line).kind).toBe('engine-missing');
  });
});
