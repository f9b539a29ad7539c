import type { Role, TlsUse } from './build-knowledge';
import builtinData from './catalogue.json';

/** A feature an option can switch on: what it is called in option names and what it pulls in. */
export interface Feature {
  name: string;
  capability: string;
  /** Words that name it inside option names (`with_ldap`, `--with-ssl`, `ENABLE_OPENSSL`). */
  tokens: string[];
  /** Build dependencies it needs; `*` matches any run of characters. */
  makedepends: string[];
  /** Origins (source packages) it brings into the build and the SBOM. */
  origins: string[];
  /** Libraries a binary links when it is on; `*` matches any run of characters. */
  sonames: string[];
}

export interface Capability {
  name: string;
  description: string;
  /** Narrower capabilities it stands for: providing `authentication` covers ldap, sasl, ... */
  includes: string[];
  /**
   * Where a profile's `provided:` applies: only to packages of these roles, and (for TLS) only
   * to this use of the library. A sidecar terminates a server's inbound TLS, not a client's;
   * an API gateway authenticates the users of an HTTP service, not of a mail server.
   */
  providedFor: { roles?: Role[]; tlsUse?: TlsUse[] } | null;
  /** Origins that are this capability's provider: it is their core, never "provided". */
  providers: string[];
  /** Words in subpackage names that stand for it (`mod_auth` for authentication). */
  subpackageTokens: string[];
  /**
   * Subpackage suffixes that hold its files (`lang` for translations): a profile that drops
   * them also switches the capability off where the build has a switch for it.
   */
  subpackageSuffixes: string[];
}

/** The shape of catalogue.json, and of a profile's `catalogue:` additions. */
export interface CatalogueData {
  noiseTokens?: string[];
  /** Words that are one name, joined before an option name is split: `gtk_doc` is gtkdoc, not gtk. */
  compounds?: Record<string, string>;
  capabilities?: Record<
    string,
    {
      description?: string;
      includes?: string[];
      providedFor?: { roles?: Role[]; tlsUse?: TlsUse[] };
      providers?: string[];
      subpackageTokens?: string[];
      subpackageSuffixes?: string[];
    }
  >;
  features?: Record<string, Partial<Omit<Feature, 'name'>>>;
}

function globRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

const NO_TOKENS: ReadonlySet<string> = new Set();
/** Package names whose features are remembered: aports has about 30,000 package names. */
const MAX_CACHED_PACKAGES = 50_000;

export class Catalogue {
  readonly capabilities = new Map<string, Capability>();
  readonly features = new Map<string, Feature>();
  private readonly noise = new Set<string>();
  private readonly compounds: [RegExp, string][] = [];
  private readonly byToken = new Map<string, Feature[]>();
  /** Makedepends written as plain names, looked up; only the few globs are tested one by one. */
  private readonly makedependNames = new Map<string, Feature[]>();
  private readonly makedependPatterns: { regex: RegExp; feature: Feature }[] = [];
  /** Answers of capabilityChain: asked for every pair of features a fix plan compares. */
  private readonly chains = new Map<string, string[]>();
  /** Answers of featuresOfPackage: the same few hundred package names come up in every file. */
  private readonly byPackage = new Map<string, Feature[]>();

  constructor(...layers: CatalogueData[]) {
    for (const layer of layers) this.add(layer);
  }

  /** Adds (or overrides, by name) capabilities and features. */
  private add(data: CatalogueData): void {
    for (const token of data.noiseTokens ?? []) this.noise.add(token);
    for (const [words, joined] of Object.entries(data.compounds ?? {}))
      this.compounds.push([new RegExp(words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), joined]);
    for (const [name, c] of Object.entries(data.capabilities ?? {})) {
      const existing = this.capabilities.get(name);
      this.capabilities.set(name, {
        name,
        description: c.description ?? existing?.description ?? name,
        includes: c.includes ?? existing?.includes ?? [],
        providedFor: c.providedFor ?? existing?.providedFor ?? null,
        providers: c.providers ?? existing?.providers ?? [],
        subpackageTokens: c.subpackageTokens ?? existing?.subpackageTokens ?? [],
        subpackageSuffixes: c.subpackageSuffixes ?? existing?.subpackageSuffixes ?? [],
      });
    }
    for (const [name, f] of Object.entries(data.features ?? {})) {
      const existing = this.features.get(name);
      const feature: Feature = {
        name,
        capability: f.capability ?? existing?.capability ?? name,
        tokens: f.tokens ?? existing?.tokens ?? [name],
        makedepends: f.makedepends ?? existing?.makedepends ?? [],
        origins: f.origins ?? existing?.origins ?? [],
        sonames: f.sonames ?? existing?.sonames ?? [],
      };
      this.features.set(name, feature);
      if (!this.capabilities.has(feature.capability))
        this.capabilities.set(feature.capability, {
          name: feature.capability,
          description: feature.capability,
          includes: [],
          providedFor: null,
          providers: [],
          subpackageTokens: [],
          subpackageSuffixes: [],
        });
    }
    this.byToken.clear();
    this.byPackage.clear();
    this.chains.clear();
    this.makedependPatterns.length = 0;
    this.makedependNames.clear();
    for (const feature of this.features.values()) {
      for (const token of feature.tokens) {
        const list = this.byToken.get(token) ?? [];
        list.push(feature);
        this.byToken.set(token, list);
      }
      for (const pattern of feature.makedepends) {
        if (!pattern.includes('*')) {
          const list = this.makedependNames.get(pattern) ?? [];
          list.push(feature);
          this.makedependNames.set(pattern, list);
        } else this.makedependPatterns.push({ regex: globRegex(pattern), feature });
      }
    }
  }

  /** Lower-case words of an option name: `ENABLE_OPENSSL` -> enable, openssl; `webdav-props` -> webdav, props. */
  tokensOf(optionName: string): string[] {
    let name = optionName.toLowerCase();
    for (const [words, joined] of this.compounds) name = name.replace(words, joined);
    return name.split(/[^a-z0-9]+/).filter((t) => t !== '' && !this.noise.has(t));
  }

  /** Features an option name mentions. */
  featuresOfOption(optionName: string, ignore: ReadonlySet<string> = NO_TOKENS): Feature[] {
    const found = new Set<Feature>();
    for (const token of this.tokensOf(optionName))
      if (!ignore.has(token))
        for (const feature of this.byToken.get(token) ?? []) found.add(feature);
    return [...found];
  }

  /** Features and capabilities a subpackage's suffix names: `ldap`, `mod_webdav`, `gssapiv2`. */
  meaningOfSubpackage(suffix: string): { features: Feature[]; capabilities: Capability[] } {
    const features = new Set<Feature>();
    const capabilities = new Set<Capability>();
    for (const token of this.tokensOf(suffix)) {
      for (const t of new Set([token, token.replace(/v?\d+$/, '')])) {
        for (const f of this.byToken.get(t) ?? []) features.add(f);
        for (const c of this.capabilities.values())
          if (c.subpackageTokens.includes(t)) capabilities.add(c);
      }
    }
    return { features: [...features], capabilities: [...capabilities] };
  }

  /** Features that need a build dependency (a package name, version constraint stripped). */
  featuresOfPackage(packageName: string): Feature[] {
    const name = packageName.replace(/[<>=~].*$/, '');
    let found = this.byPackage.get(name);
    if (!found) {
      const features = new Set<Feature>(this.makedependNames.get(name));
      for (const { regex, feature } of this.makedependPatterns)
        if (regex.test(name)) features.add(feature);
      // In catalogue order, as when every pattern was tested in turn.
      found =
        features.size < 2
          ? [...features]
          : [...this.features.values()].filter((f) => features.has(f));
      // A server lives long and a file may name 100,000 made-up packages: the cache is bounded.
      if (this.byPackage.size >= MAX_CACHED_PACKAGES) this.byPackage.clear();
      this.byPackage.set(name, found);
    }
    return found;
  }

  /** The capability and every capability that includes it, narrowest first. */
  capabilityChain(name: string): string[] {
    const known = this.chains.get(name);
    if (known) return known;
    const chain = [name];
    for (let i = 0; i < chain.length; i++) {
      for (const capability of this.capabilities.values()) {
        if (capability.includes.includes(chain[i]) && !chain.includes(capability.name))
          chain.push(capability.name);
      }
    }
    this.chains.set(name, chain);
    return chain;
  }

  isKnownName(name: string): boolean {
    return this.features.has(name) || this.capabilities.has(name);
  }
}

export const BUILTIN_CATALOGUE_DATA: CatalogueData = builtinData as CatalogueData;

const compiledGlobs = new Map<string, RegExp>();

/** Whether a soname matches a catalogue glob (`libssl.so.*`); each glob is compiled once. */
export function sonameMatches(pattern: string, soname: string): boolean {
  let regex = compiledGlobs.get(pattern);
  if (!regex) compiledGlobs.set(pattern, (regex = globRegex(pattern)));
  return regex.test(soname);
}
