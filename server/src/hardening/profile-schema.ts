import { ROLES, type KnowledgeData, type TlsUse } from './build-knowledge';
import type { CatalogueData } from './catalogue';
import type { ProfileSpec } from './profile';
import {
  boolean,
  convert,
  list,
  mapOf,
  nullable,
  number,
  oneOf,
  record,
  refine,
  text,
  type Shape,
} from './yaml-shape';

/**
 * The shape of `.apkharden.yaml`, every key and every type: the one place that says what a
 * profile may hold. The types it reads are held to ProfileSpec, CatalogueData and KnowledgeData
 * below, so the schema and the code that uses a profile cannot drift apart.
 */

const TLS_USES: readonly TlsUse[] = ['inbound', 'client', 'in-protocol', 'crypto'];

const name = text('a name');
const nameList = list(name, 'a list of names');
const words = list(text('a word'), 'a list of words');
const globs = list(text('a name or glob (* matches any run of characters)'), 'a list of globs');

export const CATALOGUE_SHAPE: Shape<CatalogueData> = record(
  'a catalogue (features:, capabilities:, noiseTokens:, compounds:, shaped like the built-in catalogue.json)',
  {
    noiseTokens: words,
    compounds: mapOf(text('the one word they stand for'), 'a mapping of words to one word'),
    capabilities: mapOf(
      record('a capability', {
        description: text('a description', { empty: true }),
        includes: list(text('a capability name'), 'a list of capability names'),
        providedFor: record('a mapping with roles: and tlsUse:', {
          roles: list(oneOf(ROLES), `a list of roles (${ROLES.join(', ')})`),
          tlsUse: list(oneOf(TLS_USES), `a list of TLS uses (${TLS_USES.join(', ')})`),
        }),
        providers: list(text('an origin'), 'a list of origins'),
        subpackageTokens: words,
        subpackageSuffixes: list(text('a subpackage suffix'), 'a list of subpackage suffixes'),
      }),
      'a mapping of capability names to capabilities',
    ),
    features: mapOf(
      record('a feature', {
        capability: text('a capability name'),
        tokens: words,
        makedepends: globs,
        origins: list(text('an origin'), 'a list of origins'),
        sonames: globs,
      }),
      'a mapping of feature names to features (capability:, tokens:, makedepends:, origins:, sonames:)',
    ),
  },
);

const OPTION_SHAPE = record('the facts of an option', {
  default: oneOf(['on', 'off'] as const),
  off: nullable(text('the option as written to switch it off', { empty: true })),
  mandatory: boolean('true or false'),
  features: list(text('a feature name'), 'a list of feature names'),
  tls: oneOf(TLS_USES),
  requires: list(text('an option key'), 'a list of option keys'),
  subpackages: list(text('a subpackage entry'), 'a list of subpackage entries'),
  companions: words,
  implicit: boolean('true or false'),
  advice: text('a sentence'),
  note: text('a sentence', { empty: true }),
});

const PACKAGE_SHAPE = record('the build facts of a package', {
  role: oneOf(ROLES),
  tls: oneOf(TLS_USES),
  configure: oneOf(['autoconf', 'configure-script', 'waf'] as const),
  grammar: oneOf(['symmetric', 'nginx-modules'] as const),
  options: mapOf(OPTION_SHAPE, 'a mapping of switch keys (--with-x, with_x, USE_X) to their facts'),
  choices: list(
    record(
      'a choice (options:, off:)',
      {
        options: list(text('an option key'), 'a list of option keys'),
        off: nullable(text('the option as written to switch them all off')),
        note: text('a sentence', { empty: true }),
      },
      ['options', 'off'],
    ),
    'a list of choices',
  ),
  mandatory: list(text('a feature name'), 'a list of feature names'),
  autodetect: list(text('a feature name'), 'a list of feature names'),
  makedepends: mapOf(
    list(text('a feature name'), 'a list of feature names'),
    'a mapping of makedepends to their features',
  ),
  docsRemain: text('a sentence'),
  subpackages: mapOf(
    list(text('a switch key or feature'), 'a list of switch keys or features'),
    'a mapping of subpackage entries to the switches whose files they hold',
  ),
  source: text('where the facts were read'),
});

export const KNOWLEDGE_SHAPE: Shape<KnowledgeData> = record(
  'build knowledge (packages:, as in build-knowledge.json)',
  {
    packages: mapOf(PACKAGE_SHAPE, 'a mapping of origins to their build facts'),
  },
);

/** What the profile's other keys need to know: which names the catalogue knows. */
export interface ProfileNames {
  extendable: readonly string[];
  /** Null when the name is a capability (or feature) of the catalogue, else what is wrong. */
  capability: (name: string) => string | null;
  featureOrCapability: (name: string) => string | null;
}

/** The profile's shape; `catalogue` is read before the rest, since names depend on it. */
export function profileShape(
  names: ProfileNames,
  catalogue: Shape<CatalogueData>,
): Shape<ProfileSpec> {
  // Held in a constant: as a return value, the record's types would be inferred from ProfileSpec.
  const shape = record('a mapping of keys such as provided:, unused:, keep:', {
    extends: oneOf(names.extendable, `a built-in profile (${names.extendable.join(', ')})`),
    provided: mapOf(
      // `tls:` with nothing after it: the platform provides it, whoever that is.
      convert(nullable(text('who provides it, such as sidecar')), (by) => by ?? 'the platform'),
      'a mapping of capabilities to who provides them, e.g. tls: sidecar',
      names.capability,
    ),
    unused: list(
      refine(text('a feature or capability'), names.featureOrCapability),
      'a list of features or capabilities',
    ),
    keep: list(
      name,
      'a list of names (packages, options, features, capabilities or subpackage suffixes)',
    ),
    subpackages: record('a mapping with drop:', {
      drop: list(text('a subpackage suffix'), 'a list of subpackage suffixes such as dbg, openrc'),
    }),
    reference: text('a package name, such as alpine-base'),
    prices: record('a mapping with default:, tax: and packages:', {
      default: number('a number of 0 or more', 0),
      tax: number('a percentage of 0 or more', 0),
      packages: mapOf(number('a price of 0 or more', 0), 'a mapping of package names to prices'),
    }),
    catalogue,
    knowledge: KNOWLEDGE_SHAPE,
    packages: nameList,
  });
  return shape;
}
