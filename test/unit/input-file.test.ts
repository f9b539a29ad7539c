import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../server/src/input-file';

const dir = mkdtempSync(join(tmpdir(), 'input-file-'));
const limits = { what: 'an APKBUILD', maxBytes: 16 };

describe('bounded input reads', () => {
  it('reads a regular file whole, and through a symlink', () => {
    writeFileSync(join(dir, 'small'), 'pkgname=x\n');
    symlinkSync(join(dir, 'small'), join(dir, 'link'));
    for (const name of ['small', 'link']) {
      const read = readInputFile(join(dir, name), limits);
      expect(read.ok && read.bytes.toString()).toBe('pkgname=x\n');
    }
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(readInputFile(fifo, limits)).toEqual({
      ok: false,
      message: `${fifo}: is a FIFO, not an APKBUILD`,
    });
  });

  it('refuses devices, folders, missing and oversized files, naming each', () => {
    expect(readInputFile('/dev/zero', limits)).toEqual({
      ok: false,
      message: '/dev/zero: is a device, not an APKBUILD',
    });
    mkdirSync(join(dir, 'folder'));
    expect(readInputFile(join(dir, 'folder'), limits)).toEqual({
      ok: false,
      message: `${join(dir, 'folder')}: is a folder, not an APKBUILD`,
    });
    expect(readInputFile(join(dir, 'none'), limits)).toEqual({
      ok: false,
      message: `${join(dir, 'none')}: cannot read: no such file`,
    });
    writeFileSync(join(dir, 'big'), 'x'.repeat(17));
    expect(readInputFile(join(dir, 'big'), limits)).toEqual({
      ok: false,
      message: `${join(dir, 'big')}: too large for an APKBUILD (17 bytes; the limit is 16)`,
    });
  });
});
