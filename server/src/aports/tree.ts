/** The index of an aports tree and its lookups; reading a tree, updating one file. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Turns, WORTH_A_WORKER } from '../threads';
import { readAportFile } from './aport-file';
import { ORDINARY_BUILD, readEntry, type AportsEntry, type EntryOptions } from './entry';
import { indexWorkerScript, readEntriesOffThread } from './off-thread-index';
import { readTreeTexts } from './read-ahead';

export interface IndexOptions extends EntryOptions {
  /** Called after each file (from a cache: after each file read again). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Parse on a worker thread too (the language server: its thread must keep answering); the
   * CLI parses on its own thread while a worker reads ahead, which is faster.
   */
  offThread?: boolean;
}

/** How an index came to be: how many files were read and parsed, how many came from a cache. */
export interface IndexStats {
  files: number;
  parsed: number;
  fromCache: number;
}

/** `repo/name/APKBUILD` paths of a tree, sorted by repo, then name. */
export function listApkbuilds(root: string): string[] {
  return listAportFolders(root).filter((path) => existsSync(join(root, path)));
}

/**
 * `repo/name/APKBUILD` for every aport folder of a tree, sorted by repo, then name, without
 * looking whether the file is there: reading it tells (readTreeEntries), and checking
 * first was a system call per aport.
 */
export function listAportFolders(root: string): string[] {
  const paths: string[] = [];
  for (const repo of readdirSync(root, { withFileTypes: true })) {
    if (!repo.isDirectory() || repo.name.startsWith('.')) continue;
    for (const aport of readdirSync(join(root, repo.name), { withFileTypes: true }))
      if (aport.isDirectory()) paths.push(`${repo.name}/${aport.name}/APKBUILD`);
  }
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads `repo/name/APKBUILD` under root; throws when it is missing or not a file to read (the
 * message names it).
 */
export function readTreeEntry(root: string, path: string, options: EntryOptions = {}): AportsEntry {
  const text = readAportFile(join(root, path));
  if (text === null) throw new Error(`${join(root, path)}: no such file`);
  if (typeof text !== 'string') throw new Error(text.problem);
  return treeEntryOfText(root, path, text, options);
}

/** The entry of `repo/name/APKBUILD` under root, from its text. */
export function treeEntryOfText(
  root: string,
  path: string,
  text: string,
  options: EntryOptions,
): AportsEntry {
  return entryOfText(folderPrefix(root), path, text, options);
}

/** `prefix` is folderPrefix(root): the entry's startdir is the prefix, the repo and the folder. */
function entryOfText(
  prefix: string,
  path: string,
  text: string,
  options: EntryOptions,
): AportsEntry {
  const [repo = '', folder = ''] = path.split('/');
  return readEntry(text, { repo, folder, startdir: `${prefix}${repo}/${folder}` }, options);
}

/**
 * root normalized, with one slash after it: join(root, repo, folder) equals the prefix plus
 * `repo/folder` for the plain names listAportFolders gives, without normalizing the whole
 * path again for each of 12,000 files.
 */
function folderPrefix(root: string): string {
  const base = join(root);
  return base.endsWith('/') ? base : `${base}/`;
}

/** The entries read from a tree, and the files left out (by path, the message naming the file). */
export interface TreeEntriesRead {
  entries: (AportsEntry | null)[];
  unread: Map<string, string>;
}

/**
 * The entries of `paths` (`repo/name/APKBUILD` under root), in order; null for a missing file,
 * and for one that is not a file to read (a FIFO, a device, too large), which `unread` names.
 * A worker thread reads the files ahead (see readTreeTexts). The event loop gets a turn every
 * few dozen milliseconds, so a language server keeps answering while a tree loads.
 */
export async function readTreeEntries(
  root: string,
  paths: readonly string[],
  settings: IndexSettings,
  onProgress?: (done: number, total: number) => void,
  offThread = false,
): Promise<TreeEntriesRead> {
  const script = offThread && paths.length >= WORTH_A_WORKER ? indexWorkerScript() : null;
  if (script === null) return readHere(root, paths, settings, onProgress);
  const { read, missing } = await readEntriesOffThread(script, root, paths, settings, onProgress);
  if (missing.length === 0) return read;
  // The worker stopped short: what it did not post is read here.
  const rest = await readHere(
    root,
    missing.map((i) => paths[i]),
    settings,
  );
  missing.forEach((slot, i) => (read.entries[slot] = rest.entries[i]));
  for (const [path, problem] of rest.unread) read.unread.set(path, problem);
  return read;
}

/** Parsing here, reading ahead on a worker (see readTreeTexts), a turn for others every few ms. */
async function readHere(
  root: string,
  paths: readonly string[],
  settings: IndexSettings,
  onProgress?: (done: number, total: number) => void,
): Promise<TreeEntriesRead> {
  const entries: (AportsEntry | null)[] = [];
  const unread = new Map<string, string>();
  const texts = readTreeTexts(root, paths);
  const prefix = folderPrefix(root);
  try {
    const turns = new Turns();
    for (const path of paths) {
      const text = texts.take(entries.length);
      if (text !== null && typeof text !== 'string') unread.set(path, text.problem);
      entries.push(typeof text === 'string' ? entryOfText(prefix, path, text, settings) : null);
      onProgress?.(entries.length, paths.length);
      await turns.take();
    }
  } finally {
    texts.close();
  }
  return { entries, unread };
}

/** What the entries were read with: the CARCH and the environment of the build. */
export interface IndexSettings {
  carch: string;
  environment: Readonly<Record<string, string>>;
}

export function settingsOf(options: EntryOptions): IndexSettings {
  return { carch: options.carch ?? 'x86_64', environment: options.environment ?? ORDINARY_BUILD };
}

interface Lookups {
  origins: Map<string, AportsEntry>;
  names: Map<string, string>;
}

function emptyLookups(): Lookups {
  return { origins: new Map(), names: new Map() };
}

/**
 * Fills `lookups` from `entries` in tree order: origins first, then subpackage names, then
 * provided names, the first claim of a name winning. Yields after each entry so a caller may
 * let other work run.
 */
function* buildLookups(entries: AportsEntry[], { origins, names }: Lookups): Generator<void> {
  for (const entry of entries) if (!origins.has(entry.origin)) origins.set(entry.origin, entry);
  for (const origin of origins.keys()) names.set(origin, origin);
  for (const field of ['subpackages', 'provides'] as const)
    for (const entry of entries) {
      const listed = entry[field];
      if (listed.known)
        for (const name of listed.value) if (!names.has(name)) names.set(name, entry.origin);
      yield;
    }
}

/** Whether two entries of one path claim the same names (so the lookups stand). */
function sameNames(a: AportsEntry, b: AportsEntry): boolean {
  const same = (x: AportsEntry['provides'], y: AportsEntry['provides']): boolean =>
    x.known === y.known &&
    (!x.known ||
      (y.known && x.value.length === y.value.length && x.value.every((v, i) => v === y.value[i])));
  return (
    a.origin === b.origin && same(a.subpackages, b.subpackages) && same(a.provides, b.provides)
  );
}

export class AportsIndex {
  /** Entries by path (`repo/name/APKBUILD`), in the tree's sorted order. */
  private readonly byPath = new Map<string, AportsEntry>();
  private lookups: Lookups | null = null;

  constructor(
    readonly root: string,
    readonly settings: IndexSettings,
    entries: Iterable<AportsEntry>,
    public stats: IndexStats = { files: 0, parsed: 0, fromCache: 0 },
    /** Files left out, by path: each message names the file and says why. */
    private readonly unread = new Map<string, string>(),
  ) {
    for (const entry of entries) this.byPath.set(entry.path, entry);
  }

  /** Why files of the tree were left out (a FIFO, a device, too large), one message each. */
  problems(): string[] {
    return [...this.unread.values()];
  }

  /** Leaves the file at `path` out, saying why. */
  leaveOut(path: string, problem: string): void {
    this.set(path, null);
    this.unread.set(path, problem);
  }

  get carch(): string {
    return this.settings.carch;
  }

  get size(): number {
    return this.byPath.size;
  }

  entries(): AportsEntry[] {
    return [...this.byPath.values()];
  }

  /** The entry whose pkgname is `origin`; the first in tree order (main, community, testing). */
  entry(origin: string): AportsEntry | undefined {
    return this.maps().origins.get(origin);
  }

  entryAt(path: string): AportsEntry | undefined {
    return this.byPath.get(path);
  }

  /**
   * The origin that builds a package name: an origin's own name, a subpackage (`openldap-dev`
   * -> `openldap`) or a provided name. Version constraints are ignored (`openssl-dev>3`).
   * `so:`, `cmd:` and `pc:` names need a binary index (APKINDEX): null here, as for any
   * name no aport builds. Origins win over subpackages, subpackages over provides; among
   * equals the first in tree order wins.
   */
  originOf(packageName: string): string | null {
    const cut = packageName.search(/[<>=~]/);
    const name = cut < 0 ? packageName : packageName.slice(0, cut);
    if (name.includes(':')) return null;
    return this.maps().names.get(name) ?? null;
  }

  /** Replaces (or adds) an entry, or removes the one at `path` when `entry` is null. */
  set(path: string, entry: AportsEntry | null): void {
    this.unread.delete(path);
    const before = this.byPath.get(path);
    if (entry === null) this.byPath.delete(path);
    else this.byPath.set(path, entry);
    // An edit that keeps the names keeps the lookups: rebuilding them for a whole tree holds
    // the thread for tens of milliseconds, on every keystroke in a tree file.
    if (!(before && entry && sameNames(before, entry))) this.lookups = null;
    else if (this.lookups?.origins.get(entry.origin) === before)
      this.lookups.origins.set(entry.origin, entry);
  }

  /**
   * Builds the lookups now, a turn at a time, so the first originOf() after indexing does not
   * hold the thread for the whole tree. Returns the index.
   */
  async prepared(): Promise<this> {
    const turns = new Turns();
    const lookups = emptyLookups();
    const entries = [...this.byPath.values()];
    const steps = buildLookups(entries, lookups);
    while (!steps.next().done) await turns.take();
    // An edit while this ran left lookups of its own (or none): those are the current ones.
    if (this.lookups === null && entries.every((entry) => this.byPath.get(entry.path) === entry))
      this.lookups = lookups;
    return this;
  }

  private maps(): Lookups {
    if (this.lookups) return this.lookups;
    const lookups = emptyLookups();
    const steps = buildLookups([...this.byPath.values()], lookups);
    while (!steps.next().done);
    this.lookups = lookups;
    return lookups;
  }
}
