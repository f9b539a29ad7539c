import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import type { Span } from '../apkbuild';
import { ROLES, type KnowledgeData, type PackageKnowledge } from './build-knowledge';
import { BUILTIN_CATALOGUE_DATA, Catalogue, type CatalogueData } from './catalogue';
import { BUILTIN_PROFILES, PROFILE_KEYS, type ProfileSpec } from './profile';

/** A problem in a profile file, at the offsets of the YAML text that holds it. */
export interface ProfileDiagnostic {
  range: Span;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedProfile {
  spec: ProfileSpec;
  diagnostics: ProfileDiagnostic[];
}

function spanOf(node: Node | null | undefined, fallback: Span): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}

/**
 * Reads `.apkharden.yaml` text. Whatever is wrong is reported where it is, and left out of the
 * spec, so analysis goes on with the rest and the defaults.
 */
export function parseProfileYaml(text: string): ParsedProfile {
  const diagnostics: ProfileDiagnostic[] = [];
  const whole: Span = { start: 0, end: Math.min(text.length, Math.max(1, text.indexOf('\n'))) };
  const doc = parseDocument(text, { prettyErrors: false });
  for (const error of [...doc.errors, ...doc.warnings]) {
    diagnostics.push({
      range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) },
      message: error.message.split('\n')[0],
      severity: doc.errors.includes(error) ? 'error' : 'warning',
    });
  }
  const spec: ProfileSpec = {};
  if (doc.errors.length > 0 || doc.contents === null) return { spec, diagnostics };
  const root = doc.contents;
  if (!isMap(root)) {
    diagnostics.push({
      range: spanOf(root, whole),
      message: 'a profile is a mapping of keys such as provided:, unused:, keep:',
      severity: 'error',
    });
    return { spec, diagnostics };
  }
  const report = (node: Node | null | undefined, message: string): void => {
    diagnostics.push({ range: spanOf(node, whole), message, severity: 'error' });
  };
  const strings = (node: unknown, key: string): string[] | undefined => {
    if (!isSeq(node) || !node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
      report(node as Node, `${key} must be a list of names`);
      return undefined;
    }
    return node.items.map((i) => String((i as { value: unknown }).value));
  };
  const pairs = root.items as Pair<Node, Node>[];
  const catalogueNode = pairs.find((p) => isScalar(p.key) && p.key.value === 'catalogue')?.value;
  if (catalogueNode) {
    if (isMap(catalogueNode)) spec.catalogue = catalogueNode.toJSON() as CatalogueData;
    else
      report(
        catalogueNode,
        'catalogue has features: and capabilities:, shaped like the built-in catalogue',
      );
  }
  const catalogue = new Catalogue(BUILTIN_CATALOGUE_DATA, spec.catalogue ?? {});
  const checkName = (node: Node, name: string, what: string): boolean => {
    if (catalogue.isKnownName(name)) return true;
    report(
      node,
      `unknown ${what} '${name}': known ones are ${[...catalogue.capabilities.keys()].join(', ')} and the features of the catalogue (add new ones under catalogue:)`,
    );
    return false;
  };
  for (const pair of pairs) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'extends':
        if (isScalar(value) && typeof value.value === 'string' && value.value in BUILTIN_PROFILES)
          spec.extends = value.value;
        else
          report(
            value ?? pair.key,
            `extends must name a built-in profile: ${Object.keys(BUILTIN_PROFILES).join(', ')}`,
          );
        break;
      case 'reference':
        if (isScalar(value) && typeof value.value === 'string') spec.reference = value.value;
        else report(value ?? pair.key, 'reference must be a package name, such as alpine-base');
        break;
      case 'provided':
        if (!isMap(value)) {
          report(
            value ?? pair.key,
            'provided maps a capability to what provides it, e.g. tls: sidecar',
          );
          break;
        }
        spec.provided = {};
        for (const item of value.items as Pair<Node, Node>[]) {
          const capability = isScalar(item.key) ? String(item.key.value) : '';
          if (!checkName(item.key, capability, 'capability')) continue;
          const by = isScalar(item.value) ? item.value.value : null;
          spec.provided[capability] =
            typeof by === 'string' || typeof by === 'number' ? String(by) : 'the platform';
        }
        break;
      case 'unused':
      case 'keep': {
        const names = strings(value, key);
        if (!names) break;
        if (key === 'unused')
          spec.unused = names.filter((n, i) =>
            checkName((value as { items: Node[] }).items[i], n, 'feature or capability'),
          );
        else spec.keep = names;
        break;
      }
      case 'subpackages': {
        const drop = isMap(value)
          ? value.items.find((p) => isScalar(p.key) && p.key.value === 'drop')
          : undefined;
        const names = drop ? strings(drop.value, 'subpackages.drop') : undefined;
        if (!isMap(value) || value.items.length !== (drop ? 1 : 0))
          report(
            value ?? pair.key,
            'subpackages takes one key, drop: a list of suffixes such as dbg, openrc',
          );
        if (names) spec.subpackages = { drop: names };
        break;
      }
      case 'prices':
        spec.prices = readPrices(value, report);
        break;
      case 'packages': {
        const names = strings(value, key);
        if (names) spec.packages = names;
        break;
      }
      case 'knowledge':
        spec.knowledge = readKnowledge(value, report);
        break;
      case 'catalogue':
        break;
      default:
        report(pair.key, `unknown key '${key}': a profile has ${PROFILE_KEYS.join(', ')}`);
    }
  }
  return { spec, diagnostics };
}

const TLS_USES = ['inbound', 'client', 'in-protocol', 'crypto'];

/**
 * `knowledge: packages: NAME: {role, tls, configure, grammar, options, choices, mandatory}`:
 * upstream build facts a profile adds for its own packages. The shape is checked; what is
 * wrong is reported and left out.
 */
function readKnowledge(
  node: Node | null,
  report: (node: Node | null | undefined, message: string) => void,
): KnowledgeData | undefined {
  const packages = isMap(node)
    ? (node.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && p.key.value === 'packages')
    : undefined;
  if (!packages || !isMap(packages.value)) {
    report(
      node,
      'knowledge has packages:, a map of origin to its build facts (see build-knowledge.json)',
    );
    return undefined;
  }
  const out: KnowledgeData = { packages: {} };
  for (const item of packages.value.items as Pair<Node, Node>[]) {
    const name = isScalar(item.key) ? String(item.key.value) : '';
    if (!isMap(item.value)) {
      report(item.value ?? item.key, `knowledge for ${name} must be a map (role:, options:, ...)`);
      continue;
    }
    const entry = item.value.toJSON() as PackageKnowledge;
    const role = entry.role as string | undefined;
    if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
      report(item.value, `unknown role '${role}' for ${name}: one of ${ROLES.join(', ')}`);
      delete entry.role;
    }
    if (entry.tls !== undefined && !TLS_USES.includes(entry.tls)) {
      report(item.value, `tls of ${name} is one of ${TLS_USES.join(', ')}`);
      delete entry.tls;
    }
    if (
      entry.options !== undefined &&
      (typeof entry.options !== 'object' || Array.isArray(entry.options))
    ) {
      report(item.value, `options of ${name} maps a switch (--with-x, with_x, USE_X) to its facts`);
      delete entry.options;
    }
    out.packages![name] = entry;
  }
  return out;
}

function readPrices(
  node: Node | null,
  report: (node: Node | null | undefined, message: string) => void,
): ProfileSpec['prices'] {
  if (!isMap(node)) {
    report(node, 'prices has default:, tax: and packages: (name: price)');
    return undefined;
  }
  const prices: NonNullable<ProfileSpec['prices']> = {};
  for (const pair of node.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    if (key === 'default' || key === 'tax') {
      if (isScalar(value) && typeof value.value === 'number' && value.value >= 0)
        prices[key] = value.value;
      else report(value ?? pair.key, `prices.${key} must be a number of 0 or more`);
    } else if (key === 'packages' && isMap(value)) {
      prices.packages = {};
      for (const item of value.items as Pair<Node, Node>[]) {
        if (isScalar(item.value) && typeof item.value.value === 'number')
          prices.packages[String((item.key as { value: unknown }).value)] = item.value.value;
        else report(item.value ?? item.key, 'a package price must be a number');
      }
    } else report(pair.key, `unknown key '${key}' in prices: default, tax, packages`);
  }
  return prices;
}
