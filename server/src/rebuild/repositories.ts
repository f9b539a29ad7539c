/**
 * The repositories a rebuild installs from (`--repository URL|DIR`, `--keys DIR`): a URL goes
 * into the container's /etc/apk/repositories as it is, a folder is mounted read-only at a
 * fixed point and listed by it, and the keys folder's .pub files are copied into
 * /etc/apk/keys. The in-container script reads the list from the environment.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Mount points of folder repositories: /repositories/1, /repositories/2, ... */
export const REPOSITORY_MOUNT_ROOT = '/repositories';
/** Where the keys folder is mounted; the script copies its .pub files to /etc/apk/keys. */
export const KEYS_MOUNT = '/repository-keys';

export interface FolderMount {
  source: string;
  target: string;
}

export interface ContainerRepositories {
  /** The lines of the container's /etc/apk/repositories, in the order given; empty: the image's own. */
  lines: string[];
  /** Folder repositories and where they are mounted (read-only). */
  folders: FolderMount[];
  /** The keys folder (absolute), or null for the image's own keys only. */
  keys: string | null;
}

export const NO_REPOSITORIES: ContainerRepositories = { lines: [], folders: [], keys: null };

/** `scheme://`: a URL, which apk takes only over http(s) (or a local path). */
const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function urlLine(value: string): string {
  if (!/^https?:\/\//i.test(value))
    throw new Error(
      `repository '${value}': only http:// and https:// URLs, or a folder, can be repositories`,
    );
  // One line of /etc/apk/repositories, and one word of the script's list.
  if (/\s/.test(value)) throw new Error(`repository '${value}': a URL may not hold white space`);
  return value;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder repository: REPOSITORY/<arch>/APKINDEX.tar.gz is what apk reads. */
function folderSource(value: string): string {
  const path = resolve(value);
  if (!existsSync(path)) throw new Error(`repository folder ${path} does not exist`);
  if (!isFolder(path)) throw new Error(`repository ${path} is not a folder`);
  if (existsSync(join(path, 'APKINDEX.tar.gz')))
    throw new Error(
      `repository folder ${path} holds APKINDEX.tar.gz itself: apk reads REPOSITORY/<arch>/APKINDEX.tar.gz, so give its parent folder`,
    );
  return path;
}

function keysSource(value: string): string {
  const path = resolve(value);
  if (!isFolder(path)) throw new Error(`keys folder ${path} does not exist or is not a folder`);
  const keys = readdirSync(path).filter((name) => name.endsWith('.pub'));
  if (keys.length === 0)
    throw new Error(`keys folder ${path} holds no .pub file (apk's public keys end in .pub)`);
  return path;
}

/**
 * Checks `values` and `keys` and places them in the container; throws with a message naming
 * the value that cannot be used.
 */
export function containerRepositories(values: string[], keys?: string): ContainerRepositories {
  const lines: string[] = [];
  const folders: FolderMount[] = [];
  for (const value of values) {
    if (value.trim() === '') throw new Error('--repository needs a URL or a folder');
    if (URL_LIKE.test(value)) {
      lines.push(urlLine(value));
      continue;
    }
    const target = `${REPOSITORY_MOUNT_ROOT}/${folders.length + 1}`;
    folders.push({ source: folderSource(value), target });
    lines.push(target);
  }
  return { lines, folders, keys: keys === undefined || keys === '' ? null : keysSource(keys) };
}

/** How the repositories are described to the user: the folders by their host paths. */
export function describeRepositories(repositories: ContainerRepositories): string {
  if (repositories.lines.length === 0) return "the image's own /etc/apk/repositories";
  return repositories.lines
    .map((line) => repositories.folders.find((f) => f.target === line)?.source ?? line)
    .join(', ');
}
