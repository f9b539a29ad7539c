import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readInputFile, type InputFileLimits } from './input-file';

export type WriteResult = { ok: true } | { ok: false; message: string };

export interface AtomicWriteOptions {
  /** The permission bits of the new file. */
  mode: number;
  /** Give the new file this owner when allowed (only root may give a file away). */
  owner?: { uid: number; gid: number };
  /** Last word before the rename: a reason not to replace the file, or null to go on. */
  beforeRename?: () => string | null;
  /** The file's name in messages; `target` by default. */
  name?: string;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'read-only file system';
  return String((error as Error).message);
}

/**
 * Replaces `target` with `bytes` so that a reader sees the old file or the new one, never half
 * of one: the bytes go to a new file beside it (same file system, so the rename is atomic)
 * with a random name created exclusively, which refuses any entry already there (a symbolic
 * link planted at a guessable name included), then the new file is renamed over `target`.
 */
export function writeFileAtomically(
  target: string,
  bytes: Uint8Array,
  options: AtomicWriteOptions,
): WriteResult {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(temp, 'wx', 0o600);
    created = true;
    try {
      writeSync(fd, bytes);
      fchmodSync(fd, options.mode & 0o7777);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.owner) {
      try {
        chownSync(temp, options.owner.uid, options.owner.gid);
      } catch {
        // Not root: the new file belongs to whoever writes it.
      }
    }
    const refusal = options.beforeRename?.() ?? null;
    if (refusal !== null) {
      unlinkSync(temp);
      return { ok: false, message: refusal };
    }
    renameSync(temp, target);
    return { ok: true };
  } catch (error) {
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // Renamed already, or gone: nothing left to clean up.
      }
    }
    return { ok: false, message: `${options.name ?? target}: cannot write: ${reasonOf(error)}` };
  }
}

/**
 * writeFileAtomically for a large file written off the calling thread (a cache of megabytes,
 * whose write and fsync would hold the language server's thread for tens of milliseconds):
 * the same exclusive create under a random name, then a rename.
 */
export async function writeFileAtomicallyInBackground(
  target: string,
  bytes: Uint8Array,
  mode: number,
): Promise<WriteResult> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const file = await open(temp, 'wx', 0o600);
    created = true;
    try {
      await file.writeFile(bytes);
      await file.chmod(mode & 0o7777);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    return { ok: true };
  } catch (error) {
    if (created) await unlink(temp).catch(() => undefined);
    return { ok: false, message: `${target}: cannot write: ${reasonOf(error)}` };
  }
}

/** A file as it was read: what a later write compares the file on disk with. */
export interface FileSnapshot {
  /** The path as the user named it, for messages. */
  path: string;
  bytes: Buffer;
  stat: Pick<Stats, 'size' | 'mtimeMs' | 'mode' | 'uid' | 'gid'>;
}

export type SnapshotRead = { ok: true; snapshot: FileSnapshot } | { ok: false; message: string };

/**
 * Reads a file (see readInputFile) and its status. Should the file change between the two,
 * the bytes still tell: a write compares them.
 */
export function snapshotFile(path: string, limits: InputFileLimits): SnapshotRead {
  const read = readInputFile(path, limits);
  if (!read.ok) return read;
  try {
    return { ok: true, snapshot: { path, bytes: read.bytes, stat: statSync(path) } };
  } catch (error) {
    return { ok: false, message: `${path}: cannot read: ${reasonOf(error)}` };
  }
}

/** Whether the file holds what was read: its bytes, and (cheaper to see) its size and mtime. */
function sameAsRead(snapshot: FileSnapshot, target: string, limits: InputFileLimits): boolean {
  const now = snapshotFile(target, limits);
  return (
    now.ok &&
    now.snapshot.stat.size === snapshot.stat.size &&
    now.snapshot.stat.mtimeMs === snapshot.stat.mtimeMs &&
    now.snapshot.bytes.equals(snapshot.bytes)
  );
}

/**
 * Replaces the file of `snapshot` with `bytes` unless it changed since it was read: its size,
 * mtime and bytes are compared before the new file is written and again just before the
 * rename, so an edit saved meanwhile is never overwritten. The file keeps its mode (and owner,
 * when allowed); a symbolic link is followed, so the link stays a link. `write` is for tests
 * that change the file while it is written.
 */
export function replaceIfUnchanged(
  snapshot: FileSnapshot,
  bytes: Uint8Array,
  limits: InputFileLimits,
  write: typeof writeFileAtomically = writeFileAtomically,
): WriteResult {
  let target: string;
  try {
    target = realpathSync(snapshot.path);
  } catch (error) {
    return { ok: false, message: `${snapshot.path}: cannot write: ${reasonOf(error)}` };
  }
  const changed = `${snapshot.path}: changed on disk since it was read; nothing written (run the fix again)`;
  if (!sameAsRead(snapshot, target, limits)) return { ok: false, message: changed };
  return write(target, bytes, {
    mode: snapshot.stat.mode,
    owner: { uid: snapshot.stat.uid, gid: snapshot.stat.gid },
    beforeRename: () => (sameAsRead(snapshot, target, limits) ? null : changed),
    name: snapshot.path,
  });
}
