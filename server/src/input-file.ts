import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file read whole, or why it was not: the message names the file. */
export type InputFileRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

export interface InputFileLimits {
  /** What the file should be, for the message ("an APKBUILD", "an APKINDEX"). */
  what: string;
  /** Files larger than this are refused before any byte is read. */
  maxBytes: number;
  /** Refuse a symbolic link instead of reading what it points to (a file in a cache folder). */
  noFollow?: boolean;
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return String((error as Error).message);
}

/** An open regular file of bounded size, or why it is not: the message names the file. */
export type InputFileOpen = { ok: true; fd: number; size: number } | { ok: false; message: string };

/**
 * Opens a regular file of bounded size without blocking (a FIFO would otherwise wait for a
 * writer forever), checked on the open descriptor (so a swap between check and read cannot
 * slip a device in). The caller owns the descriptor: for files read as a stream (an .apk) where
 * readInputFile would hold the whole file in memory.
 */
export function openInputFile(path: string, limits: InputFileLimits): InputFileOpen {
  let fd: number;
  const noFollow = limits.noFollow === true ? (constants.O_NOFOLLOW ?? 0) : 0;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | noFollow);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      return { ok: false, message: `${path}: is a folder, not ${limits.what}` };
    if (code === 'ELOOP' && noFollow !== 0)
      return { ok: false, message: `${path}: is a symbolic link, not ${limits.what}` };
    return { ok: false, message: `${path}: cannot read: ${reasonOf(error)}` };
  }
  const refuse = (message: string): InputFileOpen => {
    closeSync(fd);
    return { ok: false, message };
  };
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse(`${path}: is ${kindOf(stat)}, not ${limits.what}`);
    if (stat.size > limits.maxBytes) {
      return refuse(
        `${path}: too large for ${limits.what} (${stat.size} bytes; the limit is ${limits.maxBytes})`,
      );
    }
    return { ok: true, fd, size: stat.size };
  } catch (error) {
    return refuse(`${path}: cannot read: ${reasonOf(error)}`);
  }
}

/**
 * Reads a regular file of bounded size (see openInputFile), no further than the limit even if
 * it grows meanwhile.
 */
export function readInputFile(path: string, limits: InputFileLimits): InputFileRead {
  const opened = openInputFile(path, limits);
  if (!opened.ok) return opened;
  const { fd } = opened;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // One read for the whole file and a byte more, so a file that grew shows; more reads, in
    // small steps, only when it did (or a read came back short before the stat's size).
    let want = Math.min(opened.size + 1, limits.maxBytes + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(want);
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
      if (total > limits.maxBytes) {
        return {
          ok: false,
          message: `${path}: too large for ${limits.what} (it grew past ${limits.maxBytes} bytes while read)`,
        };
      }
      if (count < chunk.length && total >= opened.size) break;
      want = Math.min(64 * 1024, limits.maxBytes + 1 - total);
    }
    // One chunk (the usual case) is returned as it is: concatenating would copy the file.
    return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, message: `${path}: cannot read: ${reasonOf(error)}` };
  } finally {
    closeSync(fd);
  }
}
