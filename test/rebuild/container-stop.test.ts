import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RebuildSandbox } from '../helpers/rebuild-sandbox';
import { missingDockerTools } from '../helpers/stand-in-image';

/**
 * A build that fails, one cancelled while it runs and one past --timeout, each on the real
 * Docker daemon with the stand-in image: the message says what went wrong and where the log
 * is, and no container is left behind.
 */
let sandbox: RebuildSandbox;

const missing = missingDockerTools();

beforeAll(() => {
  if (missing === undefined) sandbox = RebuildSandbox.open();
});

afterAll(() => sandbox?.close());

/** The part of `docker inspect` the cancel test looks at. */
interface ContainerState {
  State: { Running: boolean };
  HostConfig: { NetworkMode: string };
  Mounts: { Destination: string; RW: boolean }[];
}

describe.skipIf(missing !== undefined)(
  `rebuild failures and stops${missing ? `: ${missing}` : ''}`,
  () => {
    it('reports an abuild failure with its >>> ERROR: line and the log', () => {
      const file = sandbox.aport('broken', 'echo "compiling broken"\nfalse');
      const out = join(sandbox.temp, 'out-broken');
      const run = sandbox.rebuildInto(file, out, ['--variant', 'original']);
      const log = join(out, 'original/build.log');
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `apkharden rebuild: [original] build failed: >>> ERROR: broken: build failed (log: ${log})\n`,
      );
      expect(readFileSync(log, 'utf8')).toContain(
        'compiling broken\n>>> ERROR: broken: build failed\n',
      );
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`output: ${out}`);
      expect(readdirSync(join(out, 'original')).filter((f) => f.endsWith('.apk'))).toEqual([]);
      expect(sandbox.containersOf('broken')).toEqual([]);
    });

    it('says so when the engine cannot start the container, and does not go on', async () => {
      const file = sandbox.aport('unstarted', 'echo "never runs"');
      const lines: string[] = [];
      const result = await sandbox.rebuildOriginal(file, {
        signal: new AbortController().signal,
        onLine: (line) => lines.push(line),
        // A bind mount whose source does not exist: the daemon refuses it with exit 125.
        scriptDir: join(sandbox.temp, 'no-such-folder'),
      });
      expect(result.ok).toBe(false);
      expect(result.variants.map((v) => v.status)).toEqual(['engine-failed']);
      expect(result.variants[0].error).toMatch(
        /^\[original\] fetch: the container engine could not start the container: .*no-such-folder/,
      );
      expect(lines.join('\n')).not.toContain('never runs');
      expect(sandbox.containersOf('unstarted')).toEqual([]);
    });

    it('stops and removes the container when the build is cancelled', async () => {
      const file = sandbox.aport('sleepy', 'echo "sleepy: compiling"\nsleep 600');
      const controller = new AbortController();
      const seen: string[] = [];
      let running: ContainerState | null = null;
      const result = await sandbox.rebuildOriginal(file, {
        signal: controller.signal,
        onLine(line) {
          seen.push(line);
          if (line !== 'sleepy: compiling') return;
          // Streamed while the build runs: look at the live container, then cancel.
          const [name] = sandbox.containersOf('sleepy');
          const inspected = JSON.parse(
            execFileSync('docker', ['inspect', name], { env: sandbox.env, encoding: 'utf8' }),
          ) as ContainerState[];
          running = inspected[0];
          controller.abort();
        },
      });
      expect(seen).toContain('sleepy: compiling');
      expect(running).not.toBeNull();
      expect(running!.State.Running).toBe(true);
      expect(running!.HostConfig.NetworkMode).toBe('none');
      expect(Object.fromEntries(running!.Mounts.map((m) => [m.Destination, m.RW]))).toEqual({
        '/aport': false,
        '/out': true,
        '/var/cache/distfiles': true,
        '/etc/apk/cache': true,
        '/opt/apkbuild-hardening': false,
      });
      expect(result.ok).toBe(false);
      expect(result.variants.map((v) => [v.status, v.error])).toEqual([
        ['cancelled', '[original] cancelled during build; the container was removed'],
      ]);
      expect(sandbox.containersOf('sleepy')).toEqual([]);
    });

    it('stops a build that outlives --timeout', () => {
      const file = sandbox.aport('stuck', 'echo "stuck: compiling"\nsleep 600');
      const out = join(sandbox.temp, 'out-stuck');
      const run = sandbox.rebuildInto(file, out, ['--variant', 'original', '--timeout', '3']);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^apkharden rebuild: \[original\] timed out after 3 s during (fetch|build); the container was removed \(log: .*\/out-stuck\/original\/build.log\)\n$/,
      );
      expect(sandbox.containersOf('stuck')).toEqual([]);
    });
  },
);
