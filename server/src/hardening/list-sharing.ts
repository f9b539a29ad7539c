import type { ApkbuildModel, Word } from '../apkbuild';
import { walk } from '../apkbuild/visit';

/**
 * Where a list is shared with other variables, which makes removing an item from it unsafe:
 * another variable that reads the list would change too (`depends_dev="$makedepends"`), and a
 * package that also arrives through another variable (`makedepends="$depends_dev"`) would stay.
 */
export interface ListSharing {
  /** List variable -> a variable outside the family that reads it. */
  readBy: Map<string, string>;
  /** Package name -> the variable it also arrives through. */
  arrivesVia: Map<string, string>;
}

function parameterNames(word: Word | null): string[] {
  const names: string[] = [];
  if (word) walk(word, (n) => void (n.kind === 'parameter' && names.push(n.name)));
  return names;
}

const packageName = (word: string): string => word.replace(/[<>=~].*$/, '');

export function listSharing(model: ApkbuildModel, family: ReadonlySet<string>): ListSharing {
  const readBy = new Map<string, string>();
  const arrivesVia = new Map<string, string>();
  for (const assignment of model.assignments) {
    const read = parameterNames(assignment.node.value);
    if (!family.has(assignment.name)) {
      for (const name of read)
        if (family.has(name) && !readBy.has(name)) readBy.set(name, assignment.name);
      continue;
    }
    for (const item of assignment.items ?? []) {
      if (!item.hasExpansion) continue;
      const via = [...item.text.matchAll(/\$\{?([A-Za-z_]\w*)/g)]
        .map((m) => m[1])
        .find((n) => !family.has(n));
      if (via === undefined) continue;
      const expanded = model.expand(item.text);
      if (!expanded.known) continue;
      for (const word of expanded.value.split(/\s+/))
        if (word !== '' && !arrivesVia.has(packageName(word)))
          arrivesVia.set(packageName(word), via);
    }
  }
  return { readBy, arrivesVia };
}
