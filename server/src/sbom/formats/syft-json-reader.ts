/**
 * Reads syft's own JSON (`syft -o json`, schema 1.x to 16.x) into the neutral model:
 * `artifacts` keyed by id, with name, version, purl and licences (strings in old schemas,
 * `{ value, spdxExpression }` in new ones); for apk packages (`metadataType` `ApkMetadata` or
 * `apk-db-entry`) the db entry in `metadata`: originPackage, architecture, maintainer,
 * description, installedSize, license, pullDependencies (one string in old schemas, an array
 * in new ones), provides and pullChecksum. `artifactRelationships` of type `dependency-of`
 * say that the parent is a dependency of the child: the edge child -> parent. `contains`,
 * `evident-by` and the like point at files and are not dependencies.
 */
import {
  componentFromFields,
  distinct,
  hashFromApkChecksum,
  sonameOf,
  tokens,
} from './component-fields';
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
import { alpineDistro } from './purl';

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function tokenList(value: unknown): string[] {
  if (typeof value === 'string') return tokens(value);
  return Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' ? tokens(v) : [])) : [];
}

function licensesOf(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const found = distinct(
    value.flatMap((l) => {
      if (typeof l === 'string') return [l];
      if (!isRecord(l)) return [];
      const text = textOf(l.spdxExpression) ?? textOf(l.value);
      return text === null ? [] : [text];
    }),
  );
  if (found.length <= 1) return found[0] ?? null;
  return found.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

/** Fills what an apk db entry adds to the component. */
function addApkMetadata(component: SbomComponent, metadata: Record<string, unknown>): void {
  const depends = metadata.pullDependencies;
  if (depends !== undefined) component.depends = tokenList(depends);
  const provideTokens = tokenList(metadata.provides);
  if (provideTokens.length > 0) component.provideTokens = provideTokens;
  const provides = provideTokens.flatMap((t) => sonameOf(t) ?? []);
  if (provides.length > 0) component.provides = distinct(provides);
  const license = textOf(metadata.license);
  if (license !== null) component.license = license;
  const maintainer = textOf(metadata.maintainer);
  if (maintainer !== null) component.maintainer = maintainer;
  const description = textOf(metadata.description);
  if (description !== null) component.description = description;
  if (typeof metadata.installedSize === 'number') component.installedSize = metadata.installedSize;
  const checksum = textOf(metadata.pullChecksum);
  const hash = checksum === null ? null : hashFromApkChecksum(checksum);
  if (hash !== null) component.hashes = [hash];
}

class SyftJsonReader {
  readonly document: SbomDocument = emptyDocument();
  private readonly refs = new RefAllocator();
  /** artifact id -> component ref */
  private readonly ids = new Map<string, string>();

  constructor(private readonly log: ProblemLog) {}

  read(root: Record<string, unknown>): void {
    const descriptor = root.descriptor;
    this.document.producer = isRecord(descriptor) ? textOf(descriptor.name) : null;
    const distro = root.distro;
    if (isRecord(distro) && (distro.id === 'alpine' || distro.name === 'alpine')) {
      this.document.distro = alpineDistro(textOf(distro.versionID) ?? textOf(distro.version));
    }
    (root.artifacts as unknown[]).forEach((a, i) => this.artifact(a, at('artifacts', i)));
    const relationships = root.artifactRelationships;
    if (Array.isArray(relationships)) {
      relationships.forEach((r, i) => this.relationship(r, at('artifactRelationships', i)));
    } else if (relationships !== undefined && relationships !== null) {
      const found = describeJson(relationships);
      this.log.add('artifactRelationships', `expected an array, found ${found}`);
    }
  }

  private artifact(value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.log.add(path, `expected an artifact object, found ${describeJson(value)}`);
      return;
    }
    const name = optionalString(value, 'name', path, this.log);
    if (name === null || name === '') {
      this.log.add(at(path, 'name'), 'artifact has no name; skipped');
      return;
    }
    const id = optionalString(value, 'id', path, this.log);
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    const type = value.metadataType;
    const apk = value.type === 'apk' || type === 'ApkMetadata' || type === 'apk-db-entry';
    const fields = {
      ref: this.refs.claim(id ?? name),
      name,
      version: optionalString(value, 'version', path, this.log),
      purl: textOf(value.purl),
      origin: apk ? textOf(metadata.originPackage) : null,
      arch: apk ? textOf(metadata.architecture) : null,
    };
    if (id === null) this.log.add(path, `artifact ${name} has no id`);
    else if (this.ids.has(id)) this.log.add(at(path, 'id'), `id ${id} is used twice`);
    else this.ids.set(id, fields.ref);
    const component = componentFromFields(fields, at(path, 'purl'), this.document, this.log);
    if (apk) addApkMetadata(component, metadata);
    if (component.license === undefined) {
      const license = licensesOf(value.licenses);
      if (license !== null) component.license = license;
    }
    this.document.components.push(component);
  }

  private relationship(value: unknown, path: string): void {
    if (!isRecord(value) || value.type !== 'dependency-of') return;
    const provider = this.resolve(value.parent, at(path, 'parent'));
    const consumer = this.resolve(value.child, at(path, 'child'));
    if (provider !== null && consumer !== null) addEdge(this.document, consumer, provider);
  }

  private resolve(id: unknown, path: string): string | null {
    const ref = typeof id === 'string' ? this.ids.get(id) : undefined;
    if (ref === undefined) this.log.add(path, `${JSON.stringify(id)} names no artifact`);
    return ref ?? null;
  }
}

/** Reads syft JSON; never throws: problems are returned with whatever could be read. */
export function readSyftJson(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const root = parseJsonText(text, log);
  if (root === undefined) return { document: emptyDocument(), problems: log.problems };
  if (!isRecord(root) || !Array.isArray(root.artifacts)) {
    const looks = isRecord(root) ? guessFormat(root) : null;
    const hint = looks === null ? '' : ` (this looks like ${looks})`;
    log.add('', `not syft JSON: no artifacts array${hint}`);
    return { document: emptyDocument(), problems: log.problems };
  }
  const reader = new SyftJsonReader(log);
  reader.read(root);
  return { document: reader.document, problems: log.problems };
}
