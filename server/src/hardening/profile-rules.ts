import type { Role, TlsUse } from './build-knowledge';
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

/** The rule as a clause of a short message: "tls is provided by sidecar", "lua is unused". */
export function ruleClause(rule: ProfileRule): string {
  switch (rule.kind) {
    case 'provided':
      return `${rule.capability} is provided by ${rule.by}`;
    case 'unused':
      return `${rule.name} is unused`;
    case 'drop-subpackage':
      return `-${rule.suffix} subpackages are dropped`;
  }
}

/** How the package in front of the analyzer uses a feature. */
export interface FeatureUse {
  origin: string | null;
  role: Role | null;
  /** For TLS features: how this switch (or the package) uses the library; null when not known. */
  tlsUse: TlsUse | null;
  /** Upstream cannot build without it. */
  mandatory: boolean;
}

/** The profile's verdict on one feature: a rule that removes it, or why it stays. */
export interface FeatureVerdict {
  rule: ProfileRule | null;
  /** Why no rule applies although the profile names the feature (core, mandatory, another use). */
  stays: string | null;
}

const TLS_USE_TEXT: Record<TlsUse, string> = {
  inbound: 'TLS on its own listeners',
  client: 'TLS as a client',
  'in-protocol': 'TLS negotiated inside its protocol (STARTTLS and the like)',
  crypto: 'the library for cryptography, not for TLS',
};

function providerOf(profile: Profile, feature: Feature, origin: string | null): string | null {
  if (origin === null) return null;
  if (feature.origins.includes(origin)) return feature.name;
  for (const name of profile.catalogue.capabilityChain(feature.capability))
    if (profile.catalogue.capabilities.get(name)?.providers.includes(origin)) return name;
  return null;
}

/** Why a profile's `provided:` does not reach this use, or null when it does. */
function outsideProvided(
  profile: Profile,
  capability: string,
  feature: Feature,
  use: FeatureUse,
  by: string,
): string | null {
  const scope = profile.catalogue.capabilities.get(capability)?.providedFor;
  if (!scope) return null;
  const who = use.origin ?? 'this package';
  if (scope.roles && (use.role === null || !scope.roles.includes(use.role)))
    return use.role === null
      ? `${by} provides ${capability} for ${scope.roles.join(', ')} packages, and what ${who} is is not known`
      : `${by} provides ${capability} for ${scope.roles.join(', ')} packages; ${who} is a ${use.role}`;
  const isTls = profile.catalogue.capabilityChain(feature.capability).includes('tls');
  if (scope.tlsUse && isTls && (use.tlsUse === null || !scope.tlsUse.includes(use.tlsUse)))
    return use.tlsUse === null
      ? `${by} terminates ${scope.tlsUse.join(', ')} TLS, and how ${who} uses TLS is not known`
      : `${by} terminates ${scope.tlsUse.join(', ')} TLS; ${who} uses ${TLS_USE_TEXT[use.tlsUse]}`;
  return null;
}

/** Why the profile makes a feature removable in this package, or why it stays. */
export function featureVerdict(
  profile: Profile,
  feature: Feature,
  use: FeatureUse,
): FeatureVerdict {
  const core = providerOf(profile, feature, use.origin);
  if (core !== null) return { rule: null, stays: `${core} is what ${use.origin} provides` };
  if (use.mandatory)
    return {
      rule: null,
      stays: `upstream cannot build ${use.origin ?? 'it'} without ${feature.name}`,
    };
  const chain = profile.catalogue.capabilityChain(feature.capability);
  if (profile.unused.has(feature.name))
    return { rule: { kind: 'unused', name: feature.name }, stays: null };
  let stays: string | null = null;
  for (const capability of chain) {
    if (profile.unused.has(capability))
      return { rule: { kind: 'unused', name: capability }, stays: null };
    const suffix = profile.catalogue.capabilities
      .get(capability)
      ?.subpackageSuffixes.find((s) => profile.dropSubpackages.has(s));
    if (suffix !== undefined) return { rule: { kind: 'drop-subpackage', suffix }, stays: null };
    const by = profile.provided.get(capability);
    if (by === undefined) continue;
    const outside = outsideProvided(profile, capability, feature, use, by);
    if (outside === null) return { rule: { kind: 'provided', capability, by }, stays: null };
    stays ??= outside;
  }
  return { rule: null, stays };
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
