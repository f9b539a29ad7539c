import builtinData from './build-knowledge.json';

/**
 * What a package is, which decides what a deployment's providers replace: a sidecar terminates
 * the inbound TLS of a server, not the TLS a client opens or a mail server negotiates.
 */
export const ROLES = [
  'http-server',
  'proxy',
  'mail-server',
  'directory-server',
  'auth-server',
  'dns-server',
  'database-server',
  'message-broker',
  'file-server',
  'vpn',
  'service',
  'client',
  'library',
  'tool',
  'desktop',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * How a package uses a TLS library: on its own listeners (`inbound`), to reach servers
 * (`client`), negotiated inside its protocol (`in-protocol`: STARTTLS, PostgreSQL's SSLRequest),
 * or for cryptography only (`crypto`: hashes, signatures, DNSSEC, SSH).
 */
export type TlsUse = 'inbound' | 'client' | 'in-protocol' | 'crypto';

/** Upstream facts about one option, keyed by its switch key (`--with-ldap`, `with_ldap`, `USE_OPENSSL`). */
export interface OptionKnowledge {
  /** What upstream does when the option is not given. */
  default?: 'on' | 'off';
  /** The explicit "off" as written (`WITH_TLS=no`, `--without-ssl`); null: upstream has none. */
  off?: string | null;
  /** Upstream refuses to build without it. */
  mandatory?: boolean;
  /** Catalogue features it switches on, instead of those its name's words suggest. */
  features?: string[];
  /** How this option uses TLS, where it differs from the package's. */
  tls?: TlsUse;
  /** Options (keys) it forces on: nginx's `--with-http_v3_module` needs the ssl module. */
  requires?: string[];
  /** Subpackage entries (`$pkgname-x`) whose files exist only while it is on. */
  subpackages?: string[];
  /** Words that belong to it and go with it (postfix: `-lssl`, `-lcrypto` with `-DUSE_TLS`). */
  companions?: string[];
  /**
   * Not written in the APKBUILD and on by upstream's default: a fix writes `off` into every
   * build command of the package's build system that already sets a switch.
   */
  implicit?: boolean;
  /** Why a fix of it is advice only, where upstream's build or the APKBUILD needs more than a switch. */
  advice?: string;
  note?: string;
}

export interface PackageKnowledge {
  role?: Role;
  /** How the package uses TLS where no option says otherwise; from the role by default. */
  tls?: TlsUse;
  /** What its `./configure` is. */
  configure?: 'autoconf' | 'configure-script' | 'waf';
  /**
   * The off spellings a hand-written script or a waf build accepts: `symmetric` (every
   * `--enable-x`/`--with-x` has `--disable-x`/`--without-x`), `nginx-modules` (`--with-*_module`
   * turns on a module that is off by default; `--without-*_module` turns off one that is on).
   */
  grammar?: 'symmetric' | 'nginx-modules';
  options?: Record<string, OptionKnowledge>;
  /** Exactly one of `options` stays on, or `off` is written instead (curl's TLS backends). */
  choices?: { options: string[]; off: string | null; note?: string }[];
  /** Catalogue features the build cannot do without. */
  mandatory?: string[];
  /** Features the build detects by itself and goes without when their library is missing. */
  autodetect?: string[];
  /** Features of a makedepend in this package, where the catalogue's are wrong for it. */
  makedepends?: Record<string, string[]>;
  /** What still lands in -doc when documentation is switched off (so -doc is not left empty). */
  docsRemain?: string;
  /** Subpackage entries as written -> switch keys or features whose files they hold ([]: always built). */
  subpackages?: Record<string, string[]>;
  /** Where the facts were read (upstream file and release). */
  source?: string;
}

export interface KnowledgeData {
  packages?: Record<string, PackageKnowledge>;
}

/** Upstream build facts, by origin; a profile's `knowledge:` adds to (or replaces) entries. */
export class BuildKnowledge {
  private readonly packages = new Map<string, PackageKnowledge>();

  constructor(...layers: KnowledgeData[]) {
    for (const layer of layers)
      for (const [name, entry] of Object.entries(layer.packages ?? {})) {
        const existing = this.packages.get(name);
        this.packages.set(name, existing ? mergePackage(existing, entry) : entry);
      }
  }

  of(origin: string | null): PackageKnowledge {
    return (origin !== null && this.packages.get(origin)) || {};
  }

  names(): string[] {
    return [...this.packages.keys()];
  }
}

function mergePackage(base: PackageKnowledge, over: PackageKnowledge): PackageKnowledge {
  return {
    ...base,
    ...over,
    options: { ...base.options, ...over.options },
    makedepends: { ...base.makedepends, ...over.makedepends },
    subpackages: { ...base.subpackages, ...over.subpackages },
    choices: over.choices ?? base.choices,
    mandatory: over.mandatory ?? base.mandatory,
    autodetect: over.autodetect ?? base.autodetect,
  };
}

export const BUILTIN_KNOWLEDGE_DATA: KnowledgeData = builtinData as KnowledgeData;

/** How a role uses TLS when nothing more specific is known. */
export function tlsUseOfRole(role: Role): TlsUse {
  switch (role) {
    case 'http-server':
    case 'proxy':
    case 'message-broker':
    case 'service':
      return 'inbound';
    case 'mail-server':
    case 'directory-server':
    case 'database-server':
    case 'file-server':
      return 'in-protocol';
    case 'auth-server':
    case 'dns-server':
    case 'vpn':
      return 'crypto';
    default:
      return 'client';
  }
}
