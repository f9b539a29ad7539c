import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { snapshotFile, type FileSnapshot } from '../atomic-write';
import { decodeBytes } from '../byte-text';
import type { InputFileLimits } from '../input-file';

/** Where CLI commands write; tests pass their own. */
export interface CliIo {
  print(text: string): void;
  /**
   * Writes to stdout as it is, with no newline added (`fix` prints a whole file): text as
   * UTF-8, bytes untouched.
   */
  write(text: string | Uint8Array): void;
  error(text: string): void;
  /** Reports a usage error and returns the exit code for it. */
  usage(message: string): number;
}

export const MAX_APKBUILD_BYTES = 64 * 1024 * 1024;

/** How an APKBUILD is read, and read again before `fix --write` replaces it. */
export const APKBUILD_LIMITS: InputFileLimits = {
  what: 'an APKBUILD',
  maxBytes: MAX_APKBUILD_BYTES,
};

export type LoadedFile =
  | {
      ok: true;
      /** The file's text; bytes that are not UTF-8 are kept as escapes (see byte-text.ts). */
      text: string;
      startdir: string;
      /** The APKBUILD read: `file`, or `file/APKBUILD` for a folder. */
      path: string;
      /** The bytes and status read, for a write to check the file did not change since. */
      snapshot: FileSnapshot;
    }
  | { ok: false; message: string };

/**
 * Reads an APKBUILD for analysis, bounded and without blocking (a FIFO or a device is
 * refused); failures name the file and say what is wrong.
 */
export function readApkbuildFile(file: string): LoadedFile {
  const path = statSync(file, { throwIfNoEntry: false })?.isDirectory()
    ? `${file.replace(/\/+$/, '')}/APKBUILD`
    : file;
  const read = snapshotFile(path, APKBUILD_LIMITS);
  if (!read.ok) return read;
  const { snapshot } = read;
  return {
    ok: true,
    text: decodeBytes(snapshot.bytes),
    startdir: dirname(resolve(path)),
    path,
    snapshot,
  };
}
