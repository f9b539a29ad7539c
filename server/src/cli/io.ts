import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where CLI commands write; tests pass their own. */
export interface CliIo {
  print(text: string): void;
  /** Writes text to stdout as it is, with no newline added (`fix` prints a whole file). */
  write(text: string): void;
  error(text: string): void;
  /** Reports a usage error and returns the exit code for it. */
  usage(message: string): number;
}

export const MAX_APKBUILD_BYTES = 64 * 1024 * 1024;

export type LoadedFile =
  | {
      ok: true;
      text: string;
      startdir: string;
      /** The APKBUILD read: `file`, or `file/APKBUILD` for a folder. */ path: string;
    }
  | { ok: false; message: string };

/** Reads an APKBUILD for analysis; failures name the file and say what is wrong. */
export function readApkbuildFile(file: string): LoadedFile {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return readApkbuildFile(`${file.replace(/\/+$/, '')}/APKBUILD`);
    if (stat.size > MAX_APKBUILD_BYTES)
      return { ok: false, message: `${file}: too large for an APKBUILD (${stat.size} bytes)` };
    const text = readFileSync(file, 'utf8');
    return { ok: true, text, startdir: dirname(resolve(file)), path: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : String((error as Error).message);
    return { ok: false, message: `${file}: cannot read: ${why}` };
  }
}
