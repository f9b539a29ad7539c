import type { SbomInput } from './evidence';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';

/**
 * How far a profile judges the package in front of it. A profile describes one deployment:
 * with a `packages:` list it judges those packages in full; a package outside it is judged
 * only as far as the deployment needs it, which is its packaging (debug symbols, init
 * scripts), never its features, which the named packages may use.
 */
export interface ProfileScope {
  features: boolean;
  subpackages: boolean;
  /** Why the package is judged less, for hovers and reports; null when judged in full. */
  note: string | null;
}

export function profileScope(
  profile: Profile,
  ctx: PackageContext,
  sbom: SbomInput | undefined,
): ProfileScope {
  const named = profile.packages;
  if (named === null || (ctx.origin !== null && named.has(ctx.origin)))
    return { features: true, subpackages: true, note: null };
  const list = [...named].join(', ');
  const who = ctx.origin ?? 'this package';
  const needers = ctx.origin !== null ? sbom?.neededBy?.(ctx.origin) : undefined;
  if (needers === undefined)
    return {
      features: false,
      subpackages: false,
      note: `${who} is not among the profile's packages (${list}), and without an index or an aports tree nothing tells whether they need it`,
    };
  if (needers.length === 0)
    return {
      features: false,
      subpackages: false,
      note: `${who} is not among the profile's packages (${list}) and none of them needs it`,
    };
  return {
    features: false,
    subpackages: true,
    note: `${who} is judged only for its packaging: ${needers.join(', ')} of the profile's packages need${needers.length === 1 ? 's' : ''} it, and may use any of its features`,
  };
}
