import type { Closure, PackageIndex } from './closure';
import { indexPackages } from './closure';

/**
 * A map of library links: origin -> consumer -> sonames. The origin is where the library comes
 * from, the consumer the package that links it. bomresolver's secondary map (secondary-map.ts)
 * is one; `runtimeMap` gives every link.
 */
export type RuntimeMap = Record<string, Record<string, string[]>>;

export interface RuntimeMapOptions {
  /** Origins to leave out, e.g. the desired SBOM: only the others need a decision. */
  exclude?: Iterable<string>;
}

/** One library link: the consumer package uses a soname (null: unknown) of `origin`. */
export interface Link {
  origin: string;
  consumer: string;
  soname: string | null;
}

/** origin -> consumer -> sonames of the links, sorted at each level. */
export function linkMap(links: Iterable<Link>): RuntimeMap {
  const map = new Map<string, Map<string, Set<string>>>();
  for (const { origin, consumer, soname } of links) {
    let consumers = map.get(origin);
    if (!consumers) map.set(origin, (consumers = new Map<string, Set<string>>()));
    let sonames = consumers.get(consumer);
    if (!sonames) consumers.set(consumer, (sonames = new Set<string>()));
    if (soname !== null) sonames.add(soname);
  }
  const result: RuntimeMap = {};
  for (const origin of [...map.keys()].sort()) {
    const consumers = map.get(origin) as Map<string, Set<string>>;
    const record: Record<string, string[]> = {};
    for (const consumer of [...consumers.keys()].sort())
      record[consumer] = [...(consumers.get(consumer) as Set<string>)].sort();
    result[origin] = record;
  }
  return result;
}

/**
 * Every cross-origin library link of `closure` (base included): each `so:` dependency with the
 * origin of the package that satisfied it; what the package really links, for the analyzer's
 * evidence. A library a package takes from its own origin (libldap linking liblber, both from
 * openldap) is no cross-origin dependency and is left out.
 */
export function runtimeMap(closure: Closure, options: RuntimeMapOptions = {}): RuntimeMap {
  const exclude = new Set(options.exclude ?? []);
  const originOf = new Map<string, string>();
  for (const pkg of [...closure.base, ...closure.packages]) originOf.set(pkg.name, pkg.origin);
  const links: Link[] = [];
  for (const r of closure.resolutions) {
    if (!r.name.startsWith('so:') || exclude.has(r.providerOrigin)) continue;
    if (originOf.get(r.consumer) === r.providerOrigin) continue;
    links.push({ origin: r.providerOrigin, consumer: r.consumer, soname: r.name.slice(3) });
  }
  return linkMap(links);
}

/**
 * The index as it would be if `packageName` no longer linked `removedSonames` (with or without
 * the `so:` prefix): its `D:` line loses those `so:` entries. The closure computed on the result
 * is the hardened package's, without a rebuild.
 */
export function withoutSonames(
  index: PackageIndex,
  packageName: string,
  removedSonames: Iterable<string>,
): PackageIndex {
  const removed = new Set([...removedSonames].map((s) => (s.startsWith('so:') ? s : `so:${s}`)));
  return indexPackages(
    index.packages.map((pkg) =>
      pkg.name === packageName
        ? { ...pkg, depends: pkg.depends.filter((d) => !removed.has(d.name)) }
        : pkg,
    ),
  );
}
