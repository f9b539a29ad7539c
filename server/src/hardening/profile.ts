import { BUILTIN_KNOWLEDGE_DATA, BuildKnowledge, type KnowledgeData } from './build-knowledge';
import { BUILTIN_CATALOGUE_DATA, Catalogue, type CatalogueData } from './catalogue';

/** A profile as written in `.apkharden.yaml` (every key optional). */
export interface ProfileSpec {
  extends?: string;
  provided?: Record<string, string>;
  unused?: string[];
  keep?: string[];
  subpackages?: { drop?: string[] };
  reference?: string;
  prices?: { default?: number; tax?: number; packages?: Record<string, number> };
  catalogue?: CatalogueData;
  /** Upstream build facts to add to the built-in ones (see build-knowledge.json). */
  knowledge?: KnowledgeData;
  /** The packages (origins) of the deployment, for a profile that sits above their aports. */
  packages?: string[];
}

export interface Prices {
  /** Cost of one component that has no price of its own. */
  default: number;
  /** Percentage added to every invoice. */
  tax: number;
  packages: Record<string, number>;
}

/** A profile with its `extends` chain applied: what the analyzer reads. */
export interface Profile {
  /** Where it came from: a file path, or `builtin:kubernetes`. */
  source: string;
  provided: Map<string, string>;
  unused: Set<string>;
  keep: Set<string>;
  dropSubpackages: Set<string>;
  reference: string;
  prices: Prices;
  catalogue: Catalogue;
  knowledge: BuildKnowledge;
  /** The deployment's packages when the profile names them; null: every package it judges. */
  packages: Set<string> | null;
}

export const PROFILE_KEYS = [
  'extends',
  'provided',
  'unused',
  'keep',
  'subpackages',
  'reference',
  'prices',
  'catalogue',
  'knowledge',
  'packages',
] as const;

/** What a pod never uses (capabilities of the catalogue). */
const KUBERNETES_UNUSED = [
  'x11',
  'wayland',
  'gui',
  'gpu',
  'audio',
  'bluetooth',
  'mdns',
  'usb',
  'smartcard',
  'fido',
  'video-capture',
  'hardware-clock',
  'systemd',
  'udev',
  'dbus',
];

/** The built-in profiles a file can extend, and the default when no profile is found. */
export const BUILTIN_PROFILES: Record<string, ProfileSpec> = {
  // A network service in a pod behind a service mesh and an API gateway: the sidecar terminates
  // inbound TLS, the gateway authenticates HTTP users; a pod has no display, sound, local
  // hardware, init system or desktop bus; no debug symbols are shipped.
  kubernetes: {
    extends: 'none',
    provided: { tls: 'sidecar', authentication: 'api-gateway' },
    unused: KUBERNETES_UNUSED,
    subpackages: { drop: ['dbg', 'openrc'] },
  },
  // The same features, with nothing built that a minimal image never installs: no debug
  // symbols, init scripts, translations or shell completions, and no documentation where the
  // build can leave it out (the -doc entry stays: only abuild's default_doc compresses man
  // pages).
  minimal: {
    extends: 'none',
    unused: ['docs'],
    subpackages: {
      drop: ['dbg', 'openrc', 'lang', 'bash-completion', 'zsh-completion', 'fish-completion'],
    },
  },
  // Flags nothing: a starting point for a profile that lists everything itself.
  none: {},
};

export const DEFAULT_PROFILE = 'kubernetes';

function emptyProfile(source: string): Profile {
  return {
    source,
    provided: new Map(),
    unused: new Set(),
    keep: new Set(),
    dropSubpackages: new Set(),
    reference: 'alpine-base',
    prices: { default: 1, tax: 0, packages: {} },
    catalogue: new Catalogue(BUILTIN_CATALOGUE_DATA),
    knowledge: new BuildKnowledge(BUILTIN_KNOWLEDGE_DATA),
    packages: null,
  };
}

/**
 * Applies a spec over its base: `provided` and `prices.packages` merge by key, `unused` and
 * `keep` add up, `subpackages.drop` replaces the base's list (so a profile can keep -dbg).
 */
export function resolveProfile(spec: ProfileSpec, source: string, seen: string[] = []): Profile {
  const baseName = spec.extends ?? (source.startsWith('builtin:') ? undefined : DEFAULT_PROFILE);
  const base =
    baseName !== undefined && BUILTIN_PROFILES[baseName] && !seen.includes(baseName)
      ? resolveProfile(BUILTIN_PROFILES[baseName], `builtin:${baseName}`, [...seen, baseName])
      : emptyProfile(source);
  const profile: Profile = { ...base, source };
  if (spec.provided)
    profile.provided = new Map([...base.provided, ...Object.entries(spec.provided)]);
  if (spec.unused) profile.unused = new Set([...base.unused, ...spec.unused]);
  if (spec.keep) profile.keep = new Set([...base.keep, ...spec.keep]);
  if (spec.subpackages?.drop) profile.dropSubpackages = new Set(spec.subpackages.drop);
  if (spec.reference) profile.reference = spec.reference;
  if (spec.prices) {
    profile.prices = {
      default: spec.prices.default ?? base.prices.default,
      tax: spec.prices.tax ?? base.prices.tax,
      packages: { ...base.prices.packages, ...spec.prices.packages },
    };
  }
  if (spec.catalogue) profile.catalogue = new Catalogue(BUILTIN_CATALOGUE_DATA, spec.catalogue);
  if (spec.knowledge)
    profile.knowledge = new BuildKnowledge(BUILTIN_KNOWLEDGE_DATA, spec.knowledge);
  if (spec.packages) profile.packages = new Set(spec.packages);
  return profile;
}

export function builtinProfile(name: string): Profile | null {
  const spec = BUILTIN_PROFILES[name];
  return spec ? resolveProfile(spec, `builtin:${name}`, [name]) : null;
}
