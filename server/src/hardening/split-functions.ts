import type { ApkbuildModel, FunctionInfo } from '../apkbuild';
import { parseSubpackage } from '../apkbuild';

/** abuild calls `name:func`'s func, or for `$pkgname-foo` the function named after the last `-`. */
export function splitFunctionName(entry: string): string {
  const spec = parseSubpackage(entry);
  return spec.splitFunction ?? spec.name.slice(spec.name.lastIndexOf('-') + 1);
}

/**
 * The function defined in the file that only the removed subpackages use, or null. Any other
 * mention of its name (a call, another subpackage, a string) keeps it.
 */
export function splitFunctionToRemove(
  model: ApkbuildModel,
  entry: string,
  removedEntries: readonly string[],
): FunctionInfo | null {
  const name = splitFunctionName(entry);
  const fn = model.functions.find((f) => f.name === name && f.node !== null);
  if (!fn) return null;
  const removedItems = model.assignments
    .filter((a) => a.name === 'subpackages')
    .flatMap((a) => a.items ?? [])
    .filter(
      (item) =>
        removedEntries.some((e) => splitFunctionName(e) === name) &&
        model.expand(item.text).known &&
        removedEntries.includes((model.expand(item.text) as { value: string }).value),
    );
  const word = new RegExp(
    `(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`,
    'g',
  );
  for (const match of model.text.matchAll(word)) {
    const at = match.index + match[1].length;
    if (at >= fn.range.start && at < fn.range.end) continue;
    if (removedItems.some((item) => at >= item.range.start && at < item.range.end)) continue;
    return null;
  }
  return fn;
}
