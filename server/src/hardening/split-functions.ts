import type { ApkbuildModel, FunctionInfo, ListItem } from '../apkbuild';
import { forEachCommandOf } from '../apkbuild/visit';
import { splitFunctionOf } from '../apkbuild';

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * For each removed subpackage entry, the function defined in the file that only removed
 * subpackages use. Any other mention of its name (a call, another subpackage, a string) keeps
 * it. One scan of the text covers every candidate.
 */
export function splitFunctionsToRemove(
  model: ApkbuildModel,
  removed: readonly { entry: string; item: ListItem }[],
): Map<string, FunctionInfo> {
  const defined = new Map<string, FunctionInfo>();
  for (const fn of model.functions) if (fn.node !== null) defined.set(fn.name, fn);
  const candidates = new Map<string, { fn: FunctionInfo; items: ListItem[] }>();
  for (const { entry, item } of removed) {
    const name = splitFunctionOf(entry);
    const fn = defined.get(name);
    if (!fn) continue;
    const candidate = candidates.get(name) ?? { fn, items: [] };
    candidate.items.push(item);
    candidates.set(name, candidate);
  }
  const result = new Map<string, FunctionInfo>();
  if (candidates.size === 0) return result;
  const used = new Set<string>();
  const word = new RegExp(
    `(^|[^\\w-])(${[...candidates.keys()].map(escape).join('|')})(?=$|[^\\w-])`,
    'g',
  );
  const inComment = (at: number): boolean =>
    model.comments.some((c) => c.start <= at && at < c.end);
  for (const match of model.text.matchAll(word)) {
    const name = match[2];
    const at = match.index + match[1].length;
    // A comment that mentions it calls nothing.
    if (inComment(at)) continue;
    const { fn, items } = candidates.get(name)!;
    if (at >= fn.range.start && at < fn.range.end) continue;
    if (items.some((item) => at >= item.range.start && at < item.range.end)) continue;
    used.add(name);
  }
  for (const { entry } of removed) {
    const name = splitFunctionOf(entry);
    const candidate = candidates.get(name);
    if (candidate && !used.has(name)) result.set(entry, candidate.fn);
  }
  return result;
}

const PKGDIR = /^\$\{?pkgdir\}?\/*/;
/** Folders other than the main package's: a move from them takes nothing out of it. */
const ELSEWHERE = /^\$\{?(subpkgdir|srcdir|builddir|startdir)\}?(\/|$)/;

/**
 * Paths a custom split function moves out of the main package that lie outside `folders`.
 * Without the entry those files stay in the main package, so stopping `folders` alone would
 * not stop shipping them. `amove` paths are relative to `$pkgdir`; an `mv` from `$srcdir`,
 * `$builddir` or `$subpkgdir` takes nothing from it (those files are simply not made). A path
 * that cannot be read statically, or one relative to wherever the function has cd'd, is stray.
 */
export function strayMoves(
  model: ApkbuildModel,
  entry: string,
  folders: readonly string[],
): string[] {
  const fn = model.functions.find((f) => f.name === splitFunctionOf(entry) && f.node);
  if (!fn?.node) return [];
  const stray: string[] = [];
  const inside = (path: string): boolean =>
    folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
  // Where a relative `mv` source lies: the last `cd` before it says (in the order written).
  let cwd: 'pkgdir' | 'elsewhere' | 'unknown' = 'unknown';
  forEachCommandOf(fn.node, (command) => {
    if (command.kind !== 'simple') return;
    const words = command.words.map((w) => model.text.slice(w.start, w.end).replace(/["']/g, ''));
    const tool = words[0];
    if (tool === 'cd') {
      const to = words[1] ?? '';
      cwd =
        PKGDIR.test(to) && to.replace(PKGDIR, '') === ''
          ? 'pkgdir'
          : ELSEWHERE.test(to)
            ? 'elsewhere'
            : 'unknown';
      return;
    }
    if (tool !== 'amove' && tool !== 'mv') return;
    const args = words.slice(1).filter((w) => !w.startsWith('-'));
    const sources = tool === 'mv' ? args.slice(0, -1) : args;
    for (const source of sources) {
      if (tool === 'mv' && ELSEWHERE.test(source)) continue;
      // amove's paths are relative to $pkgdir; a relative mv source to the last cd.
      const relativeMv = tool === 'mv' && !/^[$/]/.test(source);
      if (relativeMv && cwd === 'elsewhere') continue;
      if (relativeMv && cwd === 'unknown') {
        stray.push(source);
        continue;
      }
      const path = source.replace(PKGDIR, '').replace(/^\/+/, '');
      const value = model.expand(path);
      const clean = (value.known ? value.value : path).replace(/\/+/g, '/').replace(/\/$/, '');
      if (!value.known || !inside(clean)) stray.push(path);
    }
  });
  return stray;
}
