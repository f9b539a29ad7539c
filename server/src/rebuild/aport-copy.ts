import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

/** A throwaway copy of an aport holding one variant's APKBUILD; the user's folder is only read. */
export interface AportCopy {
  /** The copy, mounted read-only into the container. */
  dir: string;
  /** Repository and folder name as abuild will see them (main, lighttpd). */
  repo: string;
  name: string;
  remove(): void;
}

/** What the in-container script accepts as a repository or aport folder name. */
const SAFE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;

/**
 * Why the aport folder of `apkbuild` cannot be built, or null. Other odd names fall back to
 * the package name, but one starting with `-` is refused: tools given it as an argument read
 * it as an option, and a silent rename would hide a folder that breaks them elsewhere too.
 */
export function aportFolderProblem(apkbuild: string): string | null {
  const folder = basename(dirname(apkbuild));
  if (!folder.startsWith('-')) return null;
  return `${dirname(apkbuild)}: the aport folder name '${folder}' begins with '-': rename the folder`;
}

/** abuild's work folders, VCS data and earlier packages are not part of the aport. */
const SKIPPED_TOP = new Set(['src', 'pkg', '.git', '.hg', '.svn']);

/**
 * Copies the folder of `apkbuild` (patches, init scripts, local sources) into a temp folder and
 * writes `text` as its APKBUILD. Names that the container could not use (a folder called
 * `my aport`) fall back to the package name, then to `aport`.
 */
export function copyAport(apkbuild: string, text: string, pkgname: string | null): AportCopy {
  const problem = aportFolderProblem(apkbuild);
  if (problem !== null) throw new Error(problem);
  const source = dirname(apkbuild);
  const repoGuess = basename(dirname(source));
  const repo = SAFE_NAME.test(repoGuess) ? repoGuess : 'main';
  const folder = basename(source);
  const name = SAFE_NAME.test(folder)
    ? folder
    : pkgname !== null && SAFE_NAME.test(pkgname)
      ? pkgname
      : 'aport';
  const root = mkdtempSync(join(tmpdir(), 'apkharden-aport-'));
  const dir = join(root, name);
  try {
    cpSync(source, dir, {
      recursive: true,
      dereference: false,
      filter: (path) => {
        const inside = relative(source, path);
        if (inside === '') return true;
        const top = inside.split('/')[0];
        return !SKIPPED_TOP.has(top) && !inside.endsWith('.apk') && inside !== 'APKBUILD';
      },
    });
    writeFileSync(join(dir, 'APKBUILD'), text);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`${source}: cannot copy the aport: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { dir, repo, name, remove: () => rmSync(root, { recursive: true, force: true }) };
}
