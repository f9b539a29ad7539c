import type { Closure, PackageIndex } from './closure';
import { indexPackages } from './closure';

/**
 * bomresolver's "secondary" map of a closure: origin -> consumer -> sonames. Each `so:`
 * dependency of a package in the closure (base included) was satisfied by a provider package;
 * the provider's origin is where the library comes from, the consumer the package that links it.
 */
export type RuntimeMap = Record<string, Record<string, string[]>>;

export interface RuntimeMapOptions {
  /** Origins to leave out, e.g. the desired SBOM: only the others need a decision. */
  exclude?: Iterable<string>;
}

function sortedRecord<T>(entries: Map<string, T>): Record<string, T> {
  const record: Record<string, T> = {};
  for (const key of [...entries.keys()].sort()) record[key] = entries.get(key) as T;
  return record;
}

/**
 * The secondary map of `closure`. A library a package takes from its own origin (libldap
 * linking liblber, both from openldap) is no cross-origin dependency and is left out.
 */
export function runtimeMap(closure: Closure, options: RuntimeMapOptions = {}): RuntimeMap {
  const exclude = new Set(options.exclude ?? []);
  const originOf = new Map<string, string>();
  for (const pkg of [...closure.base, ...closure.packages]) originOf.set(pkg.name, pkg.origin);
  const map = new Map<string, Map<string, Set<string>>>();
  for (const r of closure.resolutions) {
    if (!r.name.startsWith('so:') || exclude.has(r.providerOrigin)) continue;
    if (originOf.get(r.consumer) === r.providerOrigin) continue;
    let consumers = map.get(r.providerOrigin);
    if (!consumers) map.set(r.providerOrigin, (consumers = new Map<string, Set<string>>()));
    let sonames = consumers.get(r.consumer);
    if (!sonames) consumers.set(r.consumer, (sonames = new Set()));
    sonames.add(r.name.slice('so:'.length));
  }
  const result = new Map<string, Record<string, string[]>>();
  for (const [origin, consumers] of map) {
    const byConsumer = new Map<string, string[]>();
    for (const [consumer, sonames] of consumers) byConsumer.set(consumer, [...sonames].sort());
    result.set(origin, sortedRecord(byConsumer));
  }
  return sortedRecord(result);
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
