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
}

/** The shape of catalogue.json, and of a profile's `catalogue:` additions. */
export interface CatalogueData {
  noiseTokens?: string[];
  capabilities?: Record<string, { description?: string; includes?: string[] }>;
  features?: Record<string, Partial<Omit<Feature, 'name'>>>;
}

function globRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

export class Catalogue {
  readonly capabilities = new Map<string, Capability>();
  readonly features = new Map<string, Feature>();
  private readonly noise = new Set<string>();
  private readonly byToken = new Map<string, Feature[]>();
  private readonly makedependPatterns: { regex: RegExp; feature: Feature }[] = [];
  /** Answers of featuresOfPackage: the same few hundred package names come up in every file. */
  private readonly byPackage = new Map<string, Feature[]>();

  constructor(...layers: CatalogueData[]) {
    for (const layer of layers) this.add(layer);
  }

  /** Adds (or overrides, by name) capabilities and features. */
  private add(data: CatalogueData): void {
    for (const token of data.noiseTokens ?? []) this.noise.add(token);
    for (const [name, c] of Object.entries(data.capabilities ?? {})) {
      const existing = this.capabilities.get(name);
      this.capabilities.set(name, {
        name,
        description: c.description ?? existing?.description ?? name,
        includes: c.includes ?? existing?.includes ?? [],
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
        });
    }
    this.byToken.clear();
    this.byPackage.clear();
    this.makedependPatterns.length = 0;
    for (const feature of this.features.values()) {
      for (const token of feature.tokens) {
        const list = this.byToken.get(token) ?? [];
        list.push(feature);
        this.byToken.set(token, list);
      }
      for (const pattern of feature.makedepends)
        this.makedependPatterns.push({ regex: globRegex(pattern), feature });
    }
  }

  /** Lower-case words of an option name: `ENABLE_OPENSSL` -> enable, openssl; `webdav-props` -> webdav, props. */
  tokensOf(optionName: string): string[] {
    return optionName
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((t) => t !== '' && !this.noise.has(t));
  }

  /** Features an option name mentions. */
  featuresOfOption(optionName: string): Feature[] {
    const found = new Set<Feature>();
    for (const token of this.tokensOf(optionName))
      for (const feature of this.byToken.get(token) ?? []) found.add(feature);
    return [...found];
  }

  /** Features that need a build dependency (a package name, version constraint stripped). */
  featuresOfPackage(packageName: string): Feature[] {
    const name = packageName.replace(/[<>=~].*$/, '');
    let found = this.byPackage.get(name);
    if (!found) {
      const features = new Set<Feature>();
      for (const { regex, feature } of this.makedependPatterns)
        if (regex.test(name)) features.add(feature);
      found = [...features];
      this.byPackage.set(name, found);
    }
    return found;
  }

  /** The capability and every capability that includes it, narrowest first. */
  capabilityChain(name: string): string[] {
    const chain = [name];
    for (let i = 0; i < chain.length; i++) {
      for (const capability of this.capabilities.values()) {
        if (capability.includes.includes(chain[i]) && !chain.includes(capability.name))
          chain.push(capability.name);
      }
    }
    return chain;
  }

  isKnownName(name: string): boolean {
    return this.features.has(name) || this.capabilities.has(name);
  }
}

export const BUILTIN_CATALOGUE_DATA: CatalogueData = builtinData;

export function sonameMatches(pattern: string, soname: string): boolean {
  return globRegex(pattern).test(soname);
}
