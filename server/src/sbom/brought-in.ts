import { dependencyName, type AportsIndex } from '../aports';
import { installClosure, type PackageIndex } from './closure';

/**
 * What build dependencies bring with them. `apk add` of a makedepend installs its whole
 * closure: curl-dev brings openssl-dev, libpq-dev brings openssl-dev. Removing a makedepend
 * that another one brings removes nothing. The answer maps each package brought in to the
 * listed name that brings it (the first, in list order).
 */
export type BroughtIn = (names: readonly string[]) => Map<string, string>;

const bare = (token: string): string => dependencyName(token) ?? token;

/** From an APKINDEX: the install closure of each name. */
export function broughtInByIndex(index: PackageIndex): BroughtIn {
  const closures = new Map<string, string[]>();
  const closureOf = (name: string): string[] => {
    let found = closures.get(name);
    if (!found) {
      found = installClosure(index, [name]).packages.map((p) => p.name);
      closures.set(name, found);
    }
    return found;
  };
  return (names) => {
    const out = new Map<string, string>();
    for (const name of names)
      for (const pkg of closureOf(name))
        if (pkg !== bare(name) && !out.has(pkg)) out.set(pkg, bare(name));
    return out;
  };
}

/**
 * From an aports tree, where there is no index: a -dev package brings the `depends_dev` of the
 * aport that builds it, and what those bring in turn.
 */
export function broughtInByTree(tree: AportsIndex): BroughtIn {
  const direct = (name: string): string[] => {
    const origin = tree.originOf(name);
    if (origin === null || !bare(name).endsWith('-dev')) return [];
    const entry = tree.entry(origin);
    return entry?.dependsDev.known ? entry.dependsDev.value.map(bare) : [];
  };
  return (names) => {
    const out = new Map<string, string>();
    for (const name of names) {
      const root = bare(name);
      const queue = direct(root);
      const seen = new Set([root]);
      while (queue.length > 0) {
        const next = queue.shift()!;
        if (seen.has(next)) continue;
        seen.add(next);
        if (!out.has(next)) out.set(next, root);
        if (seen.size < 200) queue.push(...direct(next));
      }
    }
    return out;
  };
}

/** The first source's answer, completed by the next ones for names it does not know. */
export function combineBroughtIn(sources: readonly BroughtIn[]): BroughtIn {
  return (names) => {
    const out = new Map<string, string>();
    for (const source of sources)
      for (const [pkg, by] of source(names)) if (!out.has(pkg)) out.set(pkg, by);
    return out;
  };
}
