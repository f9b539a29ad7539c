/**
 * Reads a bomresolver (Nordix/bomres) result: the runtime map `secondary[origin][consumer] =
 * [sonames]`, either wrapped as `{ "secondary": {...} }` or bare (the form DESIGN.md §1 shows),
 * and an optional `packages` list, either an array of `{ name, version, origin }` or an object
 * keyed by name whose values are `{ version, origin }` (or just the version string). Packages
 * may also give `arch`, `provides` (sonames) and `dependsOn` (package names). Anything else is
 * reported as a problem and skipped.
 */
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
  type ReadResult,
  type SbomComponent,
  type SbomDocument,
} from './model';

const PACKAGE_KEYS = new Set(['name', 'version', 'origin', 'arch', 'provides', 'dependsOn']);

/** A bare secondary map: every value an object whose values are all arrays. */
function isBareSecondary(root: Record<string, unknown>): boolean {
  return Object.values(root).every((v) => isRecord(v) && Object.values(v).every(Array.isArray));
}

function stringList(value: unknown, path: string, log: ProblemLog): string[] {
  if (!Array.isArray(value)) {
    log.add(path, `expected an array of strings, found ${describeJson(value)}`);
    return [];
  }
  return value.filter((item, i) => {
    if (typeof item === 'string') return true;
    log.add(at(path, i), `expected a string, found ${describeJson(item)}`);
    return false;
  }) as string[];
}

function readSecondary(
  value: unknown,
  path: string,
  log: ProblemLog,
): Record<string, Record<string, string[]>> {
  const secondary: Record<string, Record<string, string[]>> = {};
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

function readPackage(
  value: unknown,
  keyName: string | null,
  path: string,
  document: SbomDocument,
  log: ProblemLog,
): void {
  const record: Record<string, unknown> | null =
    typeof value === 'string' && keyName !== null
      ? { version: value }
      : isRecord(value)
        ? value
        : null;
  if (record === null) {
    log.add(path, `expected a package object, found ${describeJson(value)}`);
    return;
  }
  for (const key of Object.keys(record)) {
    if (!PACKAGE_KEYS.has(key)) log.add(at(path, key), `unexpected field ${key}; ignored`);
  }
  const name = optionalString(record, 'name', path, log) ?? keyName;
  if (name === null || name === '') {
    log.add(at(path, 'name'), 'package has no name; skipped');
    return;
  }
  const component: SbomComponent = {
    name,
    version: optionalString(record, 'version', path, log),
    arch: optionalString(record, 'arch', path, log),
    origin: optionalString(record, 'origin', path, log),
    purl: null,
  };
  if (record.provides !== undefined) {
    component.provides = stringList(record.provides, at(path, 'provides'), log);
  }
  document.components.push(component);
  if (record.dependsOn !== undefined) {
    for (const provider of stringList(record.dependsOn, at(path, 'dependsOn'), log)) {
      addEdge(document, name, provider);
    }
  }
}

function readPackages(value: unknown, document: SbomDocument, log: ProblemLog): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => readPackage(item, null, at('packages', i), document, log));
  } else if (isRecord(value)) {
    for (const [name, item] of Object.entries(value)) {
      readPackage(item, name, at('packages', name), document, log);
    }
  } else {
    log.add(
      'packages',
      `expected an array or an object keyed by name, found ${describeJson(value)}`,
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
  if ('secondary' in root || 'packages' in root) {
    if (root.secondary !== undefined)
      document.secondary = readSecondary(root.secondary, 'secondary', log);
    else log.add('', 'not a bomresolver result: secondary is missing');
    if (root.packages !== undefined) readPackages(root.packages, document, log);
    for (const key of Object.keys(root)) {
      if (key !== 'secondary' && key !== 'packages')
        log.add(key, `unexpected field ${key}; ignored`);
    }
  } else if (isBareSecondary(root)) {
    document.secondary = readSecondary(root, '', log);
  } else {
    const looks = guessFormat(root);
    const hint = looks === null ? '' : ` (this looks like ${looks})`;
    log.add('', `not a bomresolver result: no secondary map${hint}`);
  }
  return { document, problems: log.problems };
}
