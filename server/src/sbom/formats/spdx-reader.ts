/**
 * Reads SPDX 2.3 JSON into the neutral model: `packages` (SPDXID, name, versionInfo, and the
 * purl among externalRefs) and `relationships`: `A DEPENDS_ON B` is the edge A -> B,
 * `A DEPENDENCY_OF B` the edge B -> A, and `SPDXRef-DOCUMENT DESCRIBES A` (or
 * `documentDescribes`) makes A the root. Other relationship types are ignored.
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
  type SbomDocument,
} from './model';
import { componentFromFields } from './purl';

/** Values SPDX uses for "no element" in relationships and fields. */
const NO_VALUE = new Set(['NONE', 'NOASSERTION']);

class SpdxReader {
  readonly document: SbomDocument = emptyDocument();
  /** SPDXID -> package name */
  private readonly ids = new Map<string, string>();

  constructor(private readonly log: ProblemLog) {}

  read(root: Record<string, unknown>): void {
    const packages = root.packages;
    if (Array.isArray(packages)) packages.forEach((p, i) => this.package(p, at('packages', i)));
    else if (packages !== undefined) {
      this.log.add('packages', `expected an array, found ${describeJson(packages)}`);
    }
    const describes = root.documentDescribes;
    if (Array.isArray(describes) && describes.length > 0) {
      this.document.root = this.resolve(describes[0], at('documentDescribes', 0));
    }
    const relationships = root.relationships;
    if (Array.isArray(relationships)) {
      relationships.forEach((r, i) => this.relationship(r, at('relationships', i)));
    } else if (relationships !== undefined) {
      this.log.add('relationships', `expected an array, found ${describeJson(relationships)}`);
    }
  }

  private package(value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.log.add(path, `expected a package object, found ${describeJson(value)}`);
      return;
    }
    const name = optionalString(value, 'name', path, this.log);
    if (name === null || name === '') {
      this.log.add(at(path, 'name'), 'package has no name; skipped');
      return;
    }
    const version = optionalString(value, 'versionInfo', path, this.log);
    const purl = this.purl(value.externalRefs, at(path, 'externalRefs'));
    const fields = {
      name,
      version: version !== null && NO_VALUE.has(version) ? null : version,
      purl: purl.text,
    };
    this.document.components.push(componentFromFields(fields, purl.place, this.document, this.log));
    const id = optionalString(value, 'SPDXID', path, this.log);
    if (id === null) this.log.add(at(path, 'SPDXID'), `package ${name} has no SPDXID`);
    else if (this.ids.has(id)) this.log.add(at(path, 'SPDXID'), `SPDXID ${id} is used twice`);
    else this.ids.set(id, name);
  }

  private purl(value: unknown, path: string): { text: string | null; place: string } {
    const none = { text: null, place: path };
    if (value === undefined) return none;
    if (!Array.isArray(value)) {
      this.log.add(path, `expected an array, found ${describeJson(value)}`);
      return none;
    }
    const index = value.findIndex((ref) => isRecord(ref) && ref.referenceType === 'purl');
    if (index < 0) return none;
    const ref = value[index] as Record<string, unknown>;
    const place = at(at(path, index), 'referenceLocator');
    if (typeof ref.referenceLocator !== 'string') {
      this.log.add(place, `expected a purl, found ${describeJson(ref.referenceLocator)}`);
      return none;
    }
    return { text: ref.referenceLocator, place };
  }

  private relationship(value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.log.add(path, `expected a relationship object, found ${describeJson(value)}`);
      return;
    }
    const type = value.relationshipType;
    if (type !== 'DEPENDS_ON' && type !== 'DEPENDENCY_OF' && type !== 'DESCRIBES') return;
    const fromId = value.spdxElementId;
    const toId = value.relatedSpdxElement;
    if (typeof toId === 'string' && NO_VALUE.has(toId)) return;
    if (type === 'DESCRIBES') {
      if (fromId === 'SPDXRef-DOCUMENT' && (this.document.root ?? null) === null) {
        this.document.root = this.resolve(toId, at(path, 'relatedSpdxElement'));
      }
      return;
    }
    const from = this.resolve(fromId, at(path, 'spdxElementId'));
    const to = this.resolve(toId, at(path, 'relatedSpdxElement'));
    if (from === null || to === null) return;
    if (type === 'DEPENDS_ON') addEdge(this.document, from, to);
    else addEdge(this.document, to, from);
  }

  private resolve(id: unknown, path: string): string | null {
    if (typeof id !== 'string') {
      this.log.add(path, `expected an SPDXID, found ${describeJson(id)}`);
      return null;
    }
    const name = this.ids.get(id);
    if (name === undefined) this.log.add(path, `${id} names no package`);
    return name ?? null;
  }
}

/** Reads SPDX 2.3 JSON; never throws: problems are returned with whatever could be read. */
export function readSpdx(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const root = parseJsonText(text, log);
  const empty = (): ReadResult => ({ document: emptyDocument(), problems: log.problems });
  if (root === undefined) return empty();
  if (!isRecord(root)) {
    log.add('', `not SPDX 2.3: expected a JSON object, found ${describeJson(root)}`);
    return empty();
  }
  const version = root.spdxVersion;
  if (version === undefined) {
    const looks = guessFormat(root);
    log.add(
      '',
      `not SPDX 2.3: spdxVersion is missing${looks === null ? '' : ` (this looks like ${looks})`}`,
    );
    return empty();
  }
  if (typeof version !== 'string' || !version.startsWith('SPDX-2.')) {
    log.add('spdxVersion', `not SPDX 2.3: spdxVersion is ${JSON.stringify(version)}`);
    return empty();
  }
  if (version !== 'SPDX-2.3') log.add('spdxVersion', `spdxVersion is ${version}; read as SPDX-2.3`);
  const reader = new SpdxReader(log);
  reader.read(root);
  return { document: reader.document, problems: log.problems };
}
