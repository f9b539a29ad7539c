import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  replaceIfUnchanged,
  snapshotFile,
  writeFileAtomically,
  writeFileAtomicallyInBackground,
  type FileSnapshot,
} from '../../server/src/atomic-write';
import { scratchDir } from '../helpers/scratch';

const limits = { what: 'an APKBUILD', maxBytes: 1 << 20 };

/** The file as `fix` reads it: its bytes and status. */
function snapshotOf(path: string): FileSnapshot {
  const read = snapshotFile(path, limits);
  if (!read.ok) throw new Error(read.message);
  return read.snapshot;
}

describe('atomic writes', () => {
  it('writes the bytes under the name, with the mode asked for, and leaves no temporary file', () => {
    const dir = scratchDir('atomic-write-');
    const target = join(dir, 'cache.json');
    writeFileSync(target, 'old');
    expect(writeFileAtomically(target, Buffer.from('new'), { mode: 0o600 })).toEqual({ ok: true });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['cache.json']);
  });

  it('writes off the thread the same way: the bytes, the mode, no link followed, no temporary file', async () => {
    const dir = scratchDir('atomic-write-');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    const target = join(dir, 'cache.json');
    symlinkSync(victim, target);
    const bytes = Buffer.from('{"a":1}\n[2]');
    expect(await writeFileAtomicallyInBackground(target, bytes, 0o600)).toEqual({ ok: true });
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}\n[2]');
    expect(lstatSync(target).isFile()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(dir).sort()).toEqual(['cache.json', 'victim']);
    const refused = await writeFileAtomicallyInBackground('/nonexistent/dir/c.json', bytes, 0o600);
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/^\/nonexistent\/dir\/c\.json: cannot write: /) as unknown,
    });
  });

  it('replaces a symbolic link at the name itself, and never writes through it', () => {
    const dir = scratchDir('atomic-write-');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    const target = join(dir, 'cache.json');
    symlinkSync(victim, target);
    expect(writeFileAtomically(target, Buffer.from('cache'), { mode: 0o600 }).ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('cache');
  });

  it('does not rename when the last check says no, and removes what it wrote', () => {
    const dir = scratchDir('atomic-write-');
    const target = join(dir, 'APKBUILD');
    writeFileSync(target, 'old');
    const result = writeFileAtomically(target, Buffer.from('new'), {
      mode: 0o644,
      beforeRename: () => 'APKBUILD: changed',
    });
    expect(result).toEqual({ ok: false, message: 'APKBUILD: changed' });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['APKBUILD']);
  });

  it('names the file and the reason when the folder cannot be written', () => {
    const result = writeFileAtomically('/nonexistent/dir/APKBUILD', Buffer.from('x'), {
      mode: 0o644,
      name: 'pkg/APKBUILD',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^pkg\/APKBUILD: cannot write: ENOENT/);
  });
});

describe('replacing a file only when it did not change since it was read', () => {
  it('replaces an unchanged file, keeping its mode', () => {
    const dir = scratchDir('replace-');
    const file = join(dir, 'APKBUILD');
    writeFileSync(file, 'pkgname=a\n');
    chmodSync(file, 0o640);
    const snapshot = snapshotOf(file);
    expect(replaceIfUnchanged(snapshot, Buffer.from('pkgname=b\n'), limits)).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe('pkgname=b\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('refuses when the file was saved again after it was read, even with the same size and mtime', () => {
    const dir = scratchDir('replace-');
    const file = join(dir, 'APKBUILD');
    writeFileSync(file, 'pkgname=a\n');
    const snapshot = snapshotOf(file);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'pkgname=c\n'); // the user's edit: same length
    utimesSync(file, atime, mtime);
    expect(replaceIfUnchanged(snapshot, Buffer.from('pkgname=b\n'), limits)).toEqual({
      ok: false,
      message: `${file}: changed on disk since it was read; nothing written (run the fix again)`,
    });
    expect(readFileSync(file, 'utf8')).toBe('pkgname=c\n');
    expect(readdirSync(dir)).toEqual(['APKBUILD']);
  });

  it('refuses when the file is saved while the new one is being written', () => {
    const dir = scratchDir('replace-');
    const file = join(dir, 'APKBUILD');
    writeFileSync(file, 'pkgname=a\n');
    const snapshot = snapshotOf(file);
    // The user saves between the first check and the rename.
    const savingMeanwhile: typeof writeFileAtomically = (target, bytes, options) =>
      writeFileAtomically(target, bytes, {
        ...options,
        beforeRename: () => {
          writeFileSync(file, 'pkgname=user\n');
          return options.beforeRename?.() ?? null;
        },
      });
    const result = replaceIfUnchanged(
      snapshot,
      Buffer.from('pkgname=b\n'),
      limits,
      savingMeanwhile,
    );
    expect(result.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('pkgname=user\n');
    expect(readdirSync(dir)).toEqual(['APKBUILD']);
  });

  it('follows a symbolic link to the file, and the link stays a link', () => {
    const dir = scratchDir('replace-');
    const file = join(dir, 'APKBUILD');
    writeFileSync(file, 'pkgname=a\n');
    symlinkSync(file, join(dir, 'link'));
    const snapshot = snapshotOf(join(dir, 'link'));
    expect(replaceIfUnchanged(snapshot, Buffer.from('pkgname=b\n'), limits).ok).toBe(true);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('pkgname=b\n');
  });
});
