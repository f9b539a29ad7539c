import type { Feature } from './catalogue';
import type { Profile } from './profile';

/** The part of the profile that makes something removable. */
export type ProfileRule =
  | { kind: 'provided'; capability: string; by: string }
  | { kind: 'unused'; name: string }
  | { kind: 'drop-subpackage'; suffix: string };

export function describeRule(rule: ProfileRule): string {
  switch (rule.kind) {
    case 'provided':
      return `the profile says ${rule.capability} is provided by ${rule.by}`;
    case 'unused':
      return `the profile lists ${rule.name} as unused`;
    case 'drop-subpackage':
      return `the profile drops -${rule.suffix} subpackages`;
  }
}

/** Why the profile makes a feature removable, or null when it does not. */
export function featureRule(profile: Profile, feature: Feature): ProfileRule | null {
  if (profile.unused.has(feature.name)) return { kind: 'unused', name: feature.name };
  for (const capability of profile.catalogue.capabilityChain(feature.capability)) {
    if (profile.unused.has(capability)) return { kind: 'unused', name: capability };
    const by = profile.provided.get(capability);
    if (by !== undefined) return { kind: 'provided', capability, by };
  }
  return null;
}

/** `keep` wins over every rule: it may name a package, an option, a feature or a capability. */
export function isKept(
  profile: Profile,
  names: readonly string[],
  features: readonly Feature[],
): boolean {
  if (names.some((n) => profile.keep.has(n))) return true;
  return features.some(
    (f) =>
      profile.keep.has(f.name) ||
      profile.catalogue.capabilityChain(f.capability).some((c) => profile.keep.has(c)),
  );
}
