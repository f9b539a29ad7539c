import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nextTurn } from './threads';
import type { ApkbuildModel } from './apkbuild';
import {
  updateEntry,
  buildPasses,
  indexThroughCache,
  readEntry,
  referenceClosure,
  type AportsEntry,
  type AportsIndex,
  type BuildPasses,
} from './aports';

/** A folder is an aports tree when it has the repository folders. */
export function isAportsTree(folder: string): boolean {
  return ['main', 'community', 'testing'].some((repo) => existsSync(join(folder, repo)));
}

/** The tree an APKBUILD at `<root>/<repo>/<name>/APKBUILD` sits in, if any. */
export function treeOf(apkbuildPath: string): string | null {
  const root = dirname(dirname(dirname(apkbuildPath)));
  return isAportsTree(root) ? root : null;
}

export interface LoadedTree {
  root: string;
  index: AportsIndex;
  reference: Set<string>;
  millis: number;
}

/**
 * aports trees, loaded in the background (the first load reads thousands of files; later ones
 * come from a disk cache and re-read only what changed), and build passes per document.
 */
export class AportsContext {
  private readonly trees = new Map<string, LoadedTree | 'loading'>();
  private readonly passCache = new Map<
    string,
    { passes: BuildPasses; without: Map<string, string[]> }
  >();

  constructor(
    /** Runs a load, reporting progress to the client; resolves when done. */
    private readonly load: (root: string, run: () => Promise<LoadedTree>) => Promise<void>,
    /** Called when a tree finished loading, so documents are analysed again with it. */
    private readonly onReady: () => void,
    /** Where to say why a tree is indexed without its disk cache. */
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** The loaded tree for a document, or null (a load starts in the background when needed). */
  tree(apkbuildPath: string | null, setting: string, referenceName: string): LoadedTree | null {
    const root = setting !== '' ? setting : apkbuildPath ? treeOf(apkbuildPath) : null;
    if (!root || !isAportsTree(root)) return null;
    const state = this.trees.get(root);
    if (state && state !== 'loading') return state;
    if (!state) {
      this.trees.set(root, 'loading');
      void this.load(root, () => this.read(root, referenceName)).then(
        () => this.onReady(),
        () => this.trees.delete(root),
      );
    }
    return null;
  }

  private async read(root: string, referenceName: string): Promise<LoadedTree> {
    const { index, millis } = await indexThroughCache(root, { offThread: true }, this.warn);
    // The closure of the reference image walks the whole index: a turn for requests first.
    await nextTurn();
    const loaded = {
      root,
      index,
      reference: referenceClosure(index, referenceName),
      millis,
    };
    this.trees.set(root, loaded);
    return loaded;
  }

  /** An APKBUILD of a loaded tree changed on disk: re-read its entry (or drop it if deleted). */
  fileChanged(path: string): boolean {
    for (const [root, state] of this.trees) {
      if (state === 'loading' || !path.startsWith(`${root}/`)) continue;
      updateEntry(state.index, path);
      this.passCache.clear();
      return true;
    }
    return false;
  }

  /** The document's own entry: its current text, placed where it sits in (or beside) the tree. */
  entryOf(model: ApkbuildModel, apkbuildPath: string): AportsEntry {
    const folder = dirname(apkbuildPath);
    return readEntry(model.text, {
      repo: basename(dirname(folder)),
      folder: basename(folder),
      startdir: folder,
    });
  }

  /** Build passes of the document, memoized by what they depend on: its dependency lists. */
  passes(
    tree: LoadedTree,
    entry: AportsEntry,
  ): { passes: BuildPasses; without: (makedepends: readonly string[]) => string[] } {
    const key = JSON.stringify([
      tree.root,
      entry.origin,
      entry.makedepends,
      entry.depends,
      entry.dependsDev,
    ]);
    let cached = this.passCache.get(key);
    if (!cached) {
      if (this.passCache.size > 64) this.passCache.clear();
      cached = { passes: buildPasses(tree.index, entry, tree.reference), without: new Map() };
      this.passCache.set(key, cached);
    }
    const { passes, without } = cached;
    return {
      passes,
      without: (makedepends) => {
        const removed = [...makedepends].sort().join(' ');
        let lost = without.get(removed);
        if (!lost) {
          const all = new Set(passes.passes.flat());
          const kept = entry.makedepends.known
            ? entry.makedepends.value.filter((m) => !makedepends.includes(m))
            : [];
          const after = buildPasses(
            tree.index,
            { ...entry, makedepends: { known: true, value: kept } },
            tree.reference,
          );
          const still = new Set(after.passes.flat());
          // Earliest pass first: openldap before what openldap needs.
          const passOf = new Map(
            passes.passes.flatMap((pass, i) => pass.map((o) => [o, i] as const)),
          );
          lost = [...all]
            .filter((o) => !still.has(o))
            .sort((a, b) => passOf.get(a)! - passOf.get(b)! || a.localeCompare(b));
          without.set(removed, lost);
        }
        return lost;
      },
    };
  }
}
