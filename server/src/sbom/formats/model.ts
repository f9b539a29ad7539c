/**
 * A small neutral SBOM model shared by the format readers and writers in this folder
 * (CycloneDX, SPDX, bomresolver, desired-SBOM text), plus the helpers they all use to
 * report problems and look into parsed JSON without trusting its shape.
 */
import { jsonErrorPosition } from './json-position';

export interface SbomHash {
  /** CycloneDX's spelling: `SHA-1`, `SHA-256`, `SHA-512`. */
  alg: string;
  /** Lowercase hex. */
  content: string;
}

export interface SbomComponent {
  /**
   * Unique within the document: the CycloneDX bom-ref, the SPDXID, or (for formats without
   * ids) the name. Edges and the root refer to components by it, so two components of one
   * name (two versions, two arches) keep their own edges.
   */
  ref: string;
  name: string;
  version: string | null;
  arch: string | null;
  /** The origin (source package, aport) it was built from; the purl's `upstream`. */
  origin: string | null;
  purl: string | null;
  /** sonames it provides */
  provides?: string[];
  /**
   * Its apk `p:` tokens as written (`so:libssl.so.3=3.3.2`, `cmd:bash=5.2.21-r0`, `/bin/sh`),
   * when the producer recorded them; `provides` keeps only the sonames.
   */
  provideTokens?: string[];
  /**
   * Its apk dependency tokens (`D:`: `so:libc.musl-x86_64.so.1`, `pcre2>=10`), when the
   * producer recorded them (an installed db, an APKINDEX, this project's own CycloneDX).
   * Without them only the edges say what it needs, and not which of them are libraries.
   */
  depends?: string[];
  /** Its apk `i:` (install_if) tokens: installed by itself once all of them hold. */
  installIf?: string[];
  /** SPDX licence expression (`L:`). */
  license?: string | null;
  /** From the APKINDEX `C:` checksum (SHA-1 of the control segment) or the SBOM. */
  hashes?: SbomHash[];
  /** Who distributes it: `Alpine Linux` for packages of its repositories. */
  supplier?: string | null;
  /** `T:` */
  description?: string | null;
  /** `m:`, as `Name <mail>` */
  maintainer?: string | null;
  /** Installed size in bytes (`I:`). */
  installedSize?: number | null;
  /** True when the reference image (alpine-base) already has it. */
  inReference?: boolean;
}

export interface SbomDocument {
  components: SbomComponent[];
  /** Dependency edges by component ref: consumer ref -> provider refs. */
  dependsOn: Map<string, string[]>;
  /** optional bomresolver secondary map: origin -> consumer -> sonames */
  secondary?: Record<string, Record<string, string[]>>;
  /** The purl `distro` qualifier, e.g. `alpine-3.24`. */
  distro?: string | null;
  /** Ref of the component the document describes (CycloneDX metadata.component, SPDX DESCRIBES). */
  root?: string | null;
  /** What wrote it, when the document says: `syft`, `trivy`, `bomres`, `apkharden`... */
  producer?: string | null;
  /**
   * Set when the document predicts what a text would build (a hardened APKBUILD not yet
   * rebuilt): says what the prediction rests on. Writers mark the document accordingly.
   */
  prediction?: string | null;
}

/** The component with this ref. */
export function componentByRef(document: SbomDocument, ref: string): SbomComponent | undefined {
  return document.components.find((c) => c.ref === ref);
}

/**
 * Hands out refs unique within one document: the wanted one, else `wanted#2`, `wanted#3`...
 * Readers use it for ids a file repeats or leaves out, so no two components share a ref.
 */
export class RefAllocator {
  private readonly taken = new Set<string>();

  has(ref: string): boolean {
    return this.taken.has(ref);
  }

  claim(wanted: string): string {
    let ref = wanted;
    for (let n = 2; this.taken.has(ref); n++) ref = `${wanted}#${n}`;
    this.taken.add(ref);
    return ref;
  }
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

/** Adds the edge consumer -> provider (both component refs) once. */
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
  if (Array.isArray(root.artifacts)) return "syft's own JSON";
  if (isRecord(root.secondary)) return 'a bomresolver result';
  const aggregator = isRecord(root.metadata) ? root.metadata.aggregator : undefined;
  if (isRecord(root.stats) || isRecord(aggregator)) return 'a bomresolver resolved document';
  if (isRecord(root.detector) && isRecord(root.manifests)) {
    return 'a GitHub dependency snapshot (trivy --format github)';
  }
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
 * Parses JSON text; on failure logs `not JSON: ...` with the line and column where the text
 * stops being JSON, and returns undefined.
 */
export function parseJsonText(text: string, log: ProblemLog): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = jsonErrorPosition(text);
    const where = position === null ? '' : `line ${position.line}, column ${position.column}`;
    log.add(where, `not JSON: ${message.replace(/\s+/g, ' ')}`);
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
