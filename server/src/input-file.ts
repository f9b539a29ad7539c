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

/**
 * Reads a regular file of bounded size. The file is opened without blocking (a FIFO would
 * otherwise wait for a writer forever), checked on the open descriptor (so a swap between
 * check and read cannot slip a device in), and read no further than the limit even if it
 * grows meanwhile.
 */
export function readInputFile(path: string, limits: InputFileLimits): InputFileRead {
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
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      return { ok: false, message: `${path}: is ${kindOf(stat)}, not ${limits.what}` };
    if (stat.size > limits.maxBytes) {
      return {
        ok: false,
        message: `${path}: too large for ${limits.what} (${stat.size} bytes; the limit is ${limits.maxBytes})`,
      };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limits.maxBytes + 1 - total));
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
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, message: `${path}: cannot read: ${reasonOf(error)}` };
  } finally {
    closeSync(fd);
  }
}
