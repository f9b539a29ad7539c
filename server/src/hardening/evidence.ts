import type { ApkbuildModel } from '../apkbuild';
import type { BroughtIn } from '../sbom/brought-in';
import { sonameMatches, type Feature } from './catalogue';

/**
 * What the analyzer can take from a resolved SBOM. The resolver lives in sbom/ and aports/;
 * the caller that has an APKINDEX or an aports tree passes what they answer.
 */
export interface SbomInput {
  /** bomresolver's secondary map: origin -> consumer package -> sonames it links. */
  secondary?: Record<string, Record<string, string[]>>;
  /** Packages the install closure loses when the package stops linking these sonames (patterns). */
  closureWithout?(sonamePatterns: readonly string[]): string[];
  /** Origins the rebuild passes lose without these makedepends. */
  passesWithout?(makedepends: readonly string[]): string[];
  /** What build dependencies bring with them, from an APKINDEX or the aports tree's depends_dev. */
  broughtIn?: BroughtIn;
  /**
   * For a package outside the profile's `packages:`: which of the deployment's packages need
   * it (their build or install closure). Undefined when no index or tree can tell.
   */
  neededBy?(origin: string): string[] | undefined;
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
  /** Packages the install closure would lose, when an APKINDEX is known. */
  closureDrops?: string[];
  /** Origins the rebuild passes would lose, when an aports tree is known. */
  passDrops?: string[];
}

const unique = (values: Iterable<string>): string[] => [...new Set(values)];

function linkEvidence(
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

/** Links and, when the resolver is at hand, what the install closure and rebuild passes lose. */
export function gatherEvidence(
  features: readonly Feature[],
  makedepends: string[],
  options: string[],
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Evidence {
  const evidence = linkEvidence(features, makedepends, options, model, sbom);
  if (sbom?.closureWithout)
    evidence.closureDrops = sbom.closureWithout(unique(features.flatMap((f) => f.sonames)));
  if (sbom?.passesWithout && makedepends.length > 0)
    evidence.passDrops = sbom.passesWithout(makedepends);
  return evidence;
}

/** "Removing it drops 7 packages from the install closure (...) and 4 origins from ...". */
export function describeImpact(evidence: Evidence): string {
  // A diagnostic names a few; the evidence (hover, JSON) keeps the whole list.
  const counted = (names: string[], noun: string, where: string): string => {
    const shown =
      names.length > 8
        ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`
        : names.join(', ');
    return `${names.length} ${noun}${names.length === 1 ? '' : 's'} from ${where} (${shown})`;
  };
  const parts: string[] = [];
  if (evidence.closureDrops?.length)
    parts.push(counted(evidence.closureDrops, 'package', 'the install closure'));
  if (evidence.passDrops?.length)
    parts.push(counted(evidence.passDrops, 'origin', 'the rebuild passes'));
  return parts.length === 0 ? '' : `Removing it drops ${parts.join(' and ')}.`;
}
