/**
 * A small neutral SBOM model shared by the format readers and writers in this folder
 * (CycloneDX, SPDX, bomresolver, desired-SBOM text), plus the helpers they all use to
 * report problems and look into parsed JSON without trusting its shape.
 */

export interface SbomComponent {
  name: string;
  version: string | null;
  arch: string | null;
  /** The origin (source package, aport) it was built from; the purl's `upstream`. */
  origin: string | null;
  purl: string | null;
  /** sonames it provides */
  provides?: string[];
}

export interface SbomDocument {
  components: SbomComponent[];
  /** dependency edges by component name: consumer -> providers */
  dependsOn: Map<string, string[]>;
  /** optional bomresolver secondary map: origin -> consumer -> sonames */
  secondary?: Record<string, Record<string, string[]>>;
  /** The purl `distro` qualifier, e.g. `alpine-3.24`. */
  distro?: string | null;
  /** Name of the component the document describes (CycloneDX metadata.component, SPDX DESCRIBES). */
  root?: string | null;
}

export interface FormatProblem {
  /** The file (or other input) the problem was found in. */
  source: string;
  /** The place inside it: a JSON path such as `components[3].name`, or `line 4`; empty for the whole input. */
  where: string;
  message: string;
}

export interface ReadResult {
  document: SbomDocument;
  problems: FormatProblem[];
}

export type SbomReader = (text: string, source: string) => ReadResult;

export function emptyDocument(): SbomDocument {
  return { components: [], dependsOn: new Map() };
}

/** `bom.json: components[2].name: component has no name`, or without the place when there is none. */
export function formatProblem(problem: FormatProblem): string {
  const where = problem.where === '' ? '' : `${problem.where}: `;
  return `${problem.source}: ${where}${problem.message}`;
}

/** Adds the edge consumer -> provider once. */
export function addEdge(document: SbomDocument, consumer: string, provider: string): void {
  const providers = document.dependsOn.get(consumer);
  if (providers === undefined) document.dependsOn.set(consumer, [provider]);
  else if (!providers.includes(provider)) providers.push(provider);
}

/** Collects problems for one source. */
export class ProblemLog {
  readonly problems: FormatProblem[] = [];

  constructor(readonly source: string) {}

  add(where: string, message: string): void {
    this.problems.push({ source: this.source, where, message });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON document that is not the expected format looks like, for problem messages. */
export function guessFormat(root: Record<string, unknown>): string | null {
  if (root.bomFormat === 'CycloneDX') return 'CycloneDX';
  if (typeof root.spdxVersion === 'string') return `SPDX (${root.spdxVersion})`;
  if (isRecord(root.secondary)) return 'a bomresolver result';
  return null;
}

/** `a string`, `an array`, `null`... for messages about unexpected JSON values. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
}

/**
 * Parses JSON text; on failure logs `not JSON: ...` (with the line and column when the
 * engine gives a position) and returns undefined.
 */
export function parseJsonText(text: string, log: ProblemLog): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const lines = before.split('\n');
      where = `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
    }
    log.add(where, `not JSON: ${message}`);
    return undefined;
  }
}

/**
 * A string field: the string, or null when absent. Anything else is logged as a problem
 * and read as null.
 */
export function optionalString(
  record: Record<string, unknown>,
  key: string,
  path: string,
  log: ProblemLog,
): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  log.add(at(path, key), `expected a string, found ${describeJson(value)}`);
  return null;
}

/** Joins a JSON path: `at('components', 2)` is `components[2]`, `at('', 'x')` is `x`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
