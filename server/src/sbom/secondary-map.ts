/**
 * bomresolver's runtime "secondary" map (DESIGN.md §10). In an install closure, a package whose
 * name is its origin's (`openssl`, `lighttpd`) is that origin's *primary* package; an origin is
 * *secondary* when the closure holds some of its packages (libssl3, libcrypto3) but not its
 * primary one: the closure uses a library of an aport it does not otherwise install, and
 * that aport must be built for the libraries to exist. Only primary packages count as
 * consumers, and only their library (`so:`) dependencies are links.
 */
import type { Closure, ClosurePackage, PackageIndex } from './closure';
import { linkMap, type Link, type RuntimeMap } from './runtime-map';

/** origin -> consumer -> sonames, sorted at each level. */
export type SecondaryMap = RuntimeMap;

export interface SecondaryOptions {
  /**
   * Package names whose dependencies came from SBOM edges that do not say which are
   * libraries: every cross-origin dependency of such a consumer counts, with no soname.
   */
  untypedConsumers?: ReadonlySet<string>;
}

const isPrimary = (pkg: Pick<ClosurePackage, 'name' | 'origin'>): boolean =>
  pkg.name === pkg.origin;

/** The secondary map of a closure, base (reference) packages included. */
export function secondaryMap(closure: Closure, options: SecondaryOptions = {}): SecondaryMap {
  const all = [...closure.base, ...closure.packages];
  const primaries = new Set(all.filter(isPrimary).map((p) => p.name));
  const byName = new Map(all.map((p) => [p.name, p]));
  const untyped = options.untypedConsumers ?? new Set<string>();
  const links: Link[] = [];
  for (const r of closure.resolutions) {
    const consumer = byName.get(r.consumer);
    if (consumer === undefined || !isPrimary(consumer)) continue;
    const link = r.name.startsWith('so:');
    if (!link && !untyped.has(r.consumer)) continue;
    const origin = r.providerOrigin;
    if (origin === consumer.origin || primaries.has(origin)) continue;
    links.push({ origin, consumer: r.consumer, soname: link ? r.name.slice(3) : null });
  }
  return linkMap(links);
}

/** Names of the index's packages whose dependencies are SBOM edges of unknown kind. */
export function untypedConsumersOf(index: PackageIndex): Set<string> {
  return new Set(index.packages.filter((p) => p.linksUnknown === true).map((p) => p.name));
}
