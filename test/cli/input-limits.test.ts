// The CLI on inputs that used to hang it, exhaust its memory or pass for empty: a FIFO, a gzip
// bomb, an index that is none, an SBOM nested too deep or too large; and --timeout values a
// Node timer cannot hold. Each exits 2 with a message naming the file (or the flag).
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipBomb } from '../helpers/archives';
import { makeFifo } from '../helpers/fifo';
import { lighttpdExample, sharedRoot } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';

const dir = scratchDir('cli-input-limits-');
const fifo = makeFifo(join(dir, 'fifo'));
const realApk = join(sharedRoot, 'alpine/packages-3.19.1/x86_64/alpine-base-3.19.1-r0.apk');
const cli = (args: string[]) => runCli(args, { env: { ...process.env, TMPDIR: dir } });

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

describe('inputs that are refused with exit 2, naming the file', () => {
  it('resolve --index FIFO', () => {
    const run = cli(['resolve', '--index', fifo, lighttpdExample]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${fifo}: is a FIFO, not an APKINDEX\n`);
  });

  it('resolve --index with a gzip bomb, and with an empty tar', () => {
    const bomb = file('bomb.tar.gz', gzipBomb(130));
    const run = cli(['resolve', '--index', bomb, lighttpdExample]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `${bomb}: gzip data inflates to more than 134217728 bytes (the limit); not read\n`,
    );
    const empty = file('empty.tar', Buffer.alloc(10240));
    const none = cli(['resolve', '--index', empty, lighttpdExample]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(`${empty}: not an APKINDEX: an empty tar\n`);
  });

  it('check --sbom with a bomb: nested past the readers, or larger than the limit', () => {
    const open = '{"type":"library","name":"n","version":"1","components":[';
    const deep = file(
      'bomb.json',
      `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${open.repeat(100_000)}${']}'.repeat(100_000)}]}`,
    );
    const run = cli(['check', '--sbom', deep, lighttpdExample]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${deep}: cannot be read: nested too deeply or too large`);
    const huge = file('huge.json', '');
    truncateSync(huge, 200 * 1024 * 1024); // sparse: never written, never read
    const big = cli(['check', '--sbom', huge, lighttpdExample]);
    expect(big.status).toBe(2);
    expect(big.stderr).toContain(`${huge}: too large for an SBOM file (209715200 bytes;`);
  });

  it('compare with a FIFO on either side', () => {
    for (const sides of [
      [fifo, realApk],
      [realApk, fifo],
    ]) {
      const run = cli(['compare', ...sides]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`${fifo}: is a FIFO, not an .apk package\n`);
    }
  });
});

describe('rebuild --timeout: what a Node timer can wait, else a usage error', () => {
  it.each(['Infinity', '99999999999', '2147484', '0', '0.5', '-5', '1e3', 'NaN', ''])(
    '--timeout=%s is refused before any engine is asked',
    (value) => {
      const run = cli(['rebuild', `--timeout=${value}`, lighttpdExample]);
      expect(run.status).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(
        `apkharden: --timeout '${value}' is not a number of seconds from 1 to 2147483 (about 24.8 days)`,
      );
    },
  );
});
