import type { ApkbuildModel } from '../apkbuild';
import { sonameMatches, type Feature } from './catalogue';

/**
 * What the analyzer can take from a resolved SBOM (issue: the resolver lands separately):
 * bomresolver's secondary map, origin -> consumer package -> sonames it links.
 */
export interface SbomInput {
  secondary?: Record<string, Record<string, string[]>>;
}

/** What a finding stands on: packages and libraries that go away with it. */
export interface Evidence {
  makedepends: string[];
  origins: string[];
  /** Real sonames from the SBOM when one is given, else the catalogue's patterns. */
  sonames: string[];
  options: string[];
  /** True when origins and sonames come from a resolved SBOM rather than the catalogue. */
  fromSbom?: boolean;
}

const unique = (values: Iterable<string>): string[] => [...new Set(values)];

export function gatherEvidence(
  features: readonly Feature[],
  makedepends: string[],
  options: string[],
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Evidence {
  const all = unique(features.flatMap((f) => f.origins));
  // The origin a package comes from is usually its name without -dev (lua5.4-dev: lua5.4).
  const named = unique(
    makedepends.map((m) => m.replace(/-dev$/, '')).filter((o) => all.includes(o)),
  );
  const origins = named.length > 0 ? named : all;
  const patterns = unique(features.flatMap((f) => f.sonames));
  const secondary = sbom?.secondary;
  if (!secondary) return { makedepends: unique(makedepends), origins, sonames: patterns, options };
  const pkgname = model.value('pkgname');
  const consumers = (origin: string): string[][] => {
    const byConsumer = secondary[origin] ?? {};
    const own = pkgname?.known ? byConsumer[pkgname.value] : undefined;
    return own ? [own] : Object.values(byConsumer);
  };
  const linked = origins.filter((o) => o in secondary);
  const sonames = unique(
    linked
      .flatMap((o) => consumers(o).flat())
      .filter((s) => patterns.some((p) => sonameMatches(p, s))),
  ).sort();
  return { makedepends: unique(makedepends), origins: linked, sonames, options, fromSbom: true };
}

/** "It needs openldap-dev and brings openldap (liblber.so.2, libldap.so.2)." */
export function describeEvidence(evidence: Evidence): string {
  const parts: string[] = [];
  if (evidence.makedepends.length > 0) parts.push(`needs ${evidence.makedepends.join(', ')}`);
  if (evidence.origins.length > 0)
    parts.push(
      `brings ${evidence.origins.join(', ')}${evidence.sonames.length > 0 ? ` (${evidence.sonames.join(', ')})` : ''}`,
    );
  return parts.length === 0 ? '' : `It ${parts.join(' and ')}.`;
}
