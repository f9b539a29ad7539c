/**
 * Reads a bomresolver (Nordix/bomres) result. The runtime map `secondary[origin][consumer] =
 * [sonames]` is found where the resolver writes it, at `stats.resolver.secondary` of its
 * resolved document (DESIGN.md §10; the document's packages are read by
 * bomresolver-resolved.ts), or in the two short forms: wrapped as `{ "secondary": {...} }`
 * or bare (the form DESIGN.md §1 shows). The short forms may carry a `packages` list, an
 * array of `{ name, version, origin }` or an object keyed by name whose values are
 * `{ version, origin }` (or just the version string), with optional `arch`, `provides`
 * (sonames) and `dependsOn` (package names). Anything else is reported and skipped.
 */
import { readResolvedPackages, resolvedDependencies } from './bomresolver-resolved';
import {
  addEdge,
  at,
  describeJson,
  emptyDocument,
  guessFormat,
  isRecord,
  optionalString,
  parseJsonText,
  ProblemLog,
  RefAllocator,
  type ReadResult,
  type SbomComponent,
  type SbomDocument,
} from './model';

type Secondary = Record<string, Record<string, string[]>>;

const PACKAGE_KEYS = new Set(['name', 'version', 'origin', 'arch', 'provides', 'dependsOn']);
/** Top-level keys of the resolved document and of the short forms. */
const KNOWN_KEYS = new Set(['secondary', 'packages', 'stats', 'dependencies', 'data', 'metadata']);
const RESOLVED_KEYS = new Set(['modelVersion', 'tools']);

/** A bare secondary map: every value an object whose values are all arrays. */
function isBareSecondary(root: Record<string, unknown>): boolean {
  const values = Object.values(root);
  return (
    values.length > 0 &&
    values.every((v) => isRecord(v) && Object.values(v).every((s) => Array.isArray(s)))
  );
}

/** The resolved document's package list: entries with a `pipeline`. */
function hasPipelines(root: Record<string, unknown>): boolean {
  const list = resolvedDependencies(root);
  return Array.isArray(list) && list.some((item) => isRecord(item) && isRecord(item.pipeline));
}

/** True for JSON that is one of the forms this reads (so a format detector can choose it). */
export function looksLikeBomresolver(root: Record<string, unknown>): boolean {
  return (
    hasPipelines(root) ||
    isRecord(root.secondary) ||
    (isRecord(root.stats) && isRecord(root.stats.resolver)) ||
    isBareSecondary(root)
  );
}

function stringList(value: unknown, path: string, log: ProblemLog): string[] {
  if (!Array.isArray(value)) {
    log.add(path, `expected an array of strings, found ${describeJson(value)}`);
    return [];
  }
  return value.filter((item, i): item is string => {
    if (typeof item === 'string') return true;
    log.add(at(path, i), `expected a string, found ${describeJson(item)}`);
    return false;
  });
}

function readSecondary(value: unknown, path: string, log: ProblemLog): Secondary {
  const secondary: Secondary = {};
  if (!isRecord(value)) {
    log.add(path, `expected an object origin -> consumer -> sonames, found ${describeJson(value)}`);
    return secondary;
  }
  for (const [origin, consumers] of Object.entries(value)) {
    const originPath = at(path, origin);
    if (!isRecord(consumers)) {
      log.add(
        originPath,
        `expected an object consumer -> sonames, found ${describeJson(consumers)}`,
      );
      continue;
    }
    secondary[origin] = {};
    for (const [consumer, sonames] of Object.entries(consumers)) {
      secondary[origin][consumer] = stringList(sonames, at(originPath, consumer), log);
    }
  }
  return secondary;
}

class ShortFormPackages {
  private readonly refs = new RefAllocator();
  private readonly byName = new Map<string, string>();
  private readonly edges: { consumer: string; provider: string; place: string }[] = [];

  constructor(
    private readonly document: SbomDocument,
    private readonly log: ProblemLog,
  ) {}

  read(value: unknown): void {
    if (Array.isArray(value)) value.forEach((item, i) => this.one(item, null, at('packages', i)));
    else if (isRecord(value)) {
      for (const [name, item] of Object.entries(value)) this.one(item, name, at('packages', name));
    } else {
      const found = describeJson(value);
      this.log.add('packages', `expected an array or an object keyed by name, found ${found}`);
    }
    for (const { consumer, provider, place } of this.edges) {
      const ref = this.byName.get(provider);
      if (ref === undefined) this.log.add(place, `${provider} names no package`);
      else addEdge(this.document, consumer, ref);
    }
  }

  private one(value: unknown, keyName: string | null, path: string): void {
    const record: Record<string, unknown> | null =
      typeof value === 'string' && keyName !== null
        ? { version: value }
        : isRecord(value)
          ? value
          : null;
    if (record === null) {
      this.log.add(path, `expected a package object, found ${describeJson(value)}`);
      return;
    }
    for (const key of Object.keys(record)) {
      if (!PACKAGE_KEYS.has(key)) this.log.add(at(path, key), `unexpected field ${key}; ignored`);
    }
    const name = optionalString(record, 'name', path, this.log) ?? keyName;
    if (name === null || name === '') {
      this.log.add(at(path, 'name'), 'package has no name; skipped');
      return;
    }
    const ref = this.refs.claim(name);
    if (!this.byName.has(name)) this.byName.set(name, ref);
    const component: SbomComponent = {
      ref,
      name,
      version: optionalString(record, 'version', path, this.log),
      arch: optionalString(record, 'arch', path, this.log),
      origin: optionalString(record, 'origin', path, this.log),
      purl: null,
    };
    if (record.provides !== undefined) {
      component.provides = stringList(record.provides, at(path, 'provides'), this.log);
    }
    this.document.components.push(component);
    if (record.dependsOn === undefined) return;
    stringList(record.dependsOn, at(path, 'dependsOn'), this.log).forEach((provider, i) =>
      this.edges.push({ consumer: ref, provider, place: at(at(path, 'dependsOn'), i) }),
    );
  }
}

/** Reads a bomresolver result; never throws: problems are returned with whatever could be read. */
export function readBomresolver(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const document = emptyDocument();
  const root = parseJsonText(text, log);
  if (root === undefined) return { document, problems: log.problems };
  if (!isRecord(root)) {
    log.add('', `not a bomresolver result: expected a JSON object, found ${describeJson(root)}`);
    return { document, problems: log.problems };
  }
  const list = resolvedDependencies(root);
  const resolved = hasPipelines(root) || isRecord(root.stats);
  if (!resolved && !('secondary' in root) && !('packages' in root)) {
    if (isBareSecondary(root)) {
      document.producer = 'bomres';
      document.secondary = readSecondary(root, '', log);
    } else {
      const looks = guessFormat(root);
      const hint = looks === null ? '' : ` (this looks like ${looks})`;
      log.add('', `not a bomresolver result: no secondary map${hint}`);
    }
    return { document, problems: log.problems };
  }
  document.producer = 'bomres';
  for (const key of Object.keys(root)) {
    if (!KNOWN_KEYS.has(key) && !(resolved && RESOLVED_KEYS.has(key))) {
      log.add(key, `unexpected field ${key}; ignored`);
    }
  }
  const inStats = isRecord(root.stats) && isRecord(root.stats.resolver) ? root.stats.resolver : {};
  if (inStats.secondary !== undefined) {
    document.secondary = readSecondary(inStats.secondary, 'stats.resolver.secondary', log);
  } else if (root.secondary !== undefined) {
    document.secondary = readSecondary(root.secondary, 'secondary', log);
  } else if (resolved) {
    log.add('stats', 'no runtime map: stats.resolver.secondary is missing; read the packages only');
  } else log.add('', 'not a bomresolver result: secondary is missing');
  if (root.packages !== undefined) new ShortFormPackages(document, log).read(root.packages);
  if (resolved && list !== undefined) readResolvedPackages(root, document, log);
  return { document, problems: log.problems };
}
