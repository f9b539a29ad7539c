import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RebuildSandbox } from '../helpers/rebuild-sandbox';
import { missingDockerTools } from '../helpers/stand-in-image';

/**
 * The `--mount` quoting on the real Docker daemon: an output folder and a temp folder (where
 * the aport copy is made) whose names hold commas, quotes and a newline are mounted as they
 * are, and the build writes its package where it was asked to. The argument lists themselves
 * are checked with a stand-in engine in test/cli/rebuild-engine-args.test.ts.
 */
let sandbox: RebuildSandbox;

const missing = missingDockerTools();

beforeAll(() => {
  if (missing === undefined) sandbox = RebuildSandbox.open();
});

afterAll(() => sandbox?.close());

describe.skipIf(missing !== undefined)(
  `mount paths on a real engine${missing ? `: ${missing}` : ''}`,
  () => {
    it('builds from and into folders whose names hold commas, quotes and a newline', () => {
      const file = sandbox.aport('commas', 'echo "commas: compiling"');
      const out = join(sandbox.temp, `out,readonly "x"'y`);
      const tmp = join(sandbox.temp, 'tmp,readonly\n"q"');
      mkdirSync(tmp, { recursive: true });
      const run = sandbox.cli(
        [file, '--image', sandbox.image, `--out=${out}`, '--variant', 'original'],
        {
          TMPDIR: tmp,
        },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('commas: compiling\n');
      expect(readdirSync(join(out, 'original/x86_64')).filter((f) => f.endsWith('.apk'))).toEqual([
        'commas-1.0-r0.apk',
      ]);
      // The aport copy is gone again; nothing else was made in the temp folder.
      expect(readdirSync(tmp)).toEqual([]);
    });
  },
);
