import type { ApkbuildModel, FunctionInfo, ListItem } from '../apkbuild';
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
