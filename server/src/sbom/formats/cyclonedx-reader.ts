/**
 * Reads CycloneDX 1.5/1.6 JSON into the neutral model: `metadata.component` (the root),
 * `components` (nested ones too) with name, version, purl, bom-ref and properties, and the
 * `dependencies` graph, whose refs are bom-refs mapped back to component names.
 * Sonames a component provides travel as repeated `apk:provides` properties.
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

/** The CycloneDX property under which a component lists a soname it provides. */
export const PROVIDES_PROPERTY = 'apk:provides';

const SPEC_VERSIONS = ['1.5', '1.6'];

function checkHeader(root: Record<string, unknown>, log: ProblemLog): boolean {
  const looks = guessFormat(root);
  const hint = looks === null ? '' : ` (this looks like ${looks})`;
  if (root.bomFormat === undefined) {
    log.add('', `not CycloneDX: bomFormat is missing${hint}`);
    return false;
  }
  if (root.bomFormat !== 'CycloneDX') {
    log.add('bomFormat', `not CycloneDX: bomFormat is ${JSON.stringify(root.bomFormat)}${hint}`);
    return false;
  }
  const spec = root.specVersion;
  if (spec === undefined) log.add('specVersion', 'specVersion is missing; read as 1.6');
  else if (typeof spec !== 'string' || !SPEC_VERSIONS.includes(spec)) {
    log.add('specVersion', `specVersion ${JSON.stringify(spec)} is not 1.5 or 1.6; read as 1.6`);
  }
  return true;
}

class CycloneDxReader {
  readonly document: SbomDocument = emptyDocument();
  /** bom-ref -> component name */
  private readonly refs = new Map<string, string>();
  private readonly names = new Set<string>();

  constructor(private readonly log: ProblemLog) {}

  read(root: Record<string, unknown>): void {
    const metadata = root.metadata;
    if (isRecord(metadata)) {
      if (metadata.component !== undefined) {
        this.document.root = this.component(metadata.component, 'metadata.component');
      }
    } else if (metadata !== undefined) {
      this.log.add('metadata', `expected an object, found ${describeJson(metadata)}`);
    }
    this.components(root.components, 'components');
    this.dependencies(root.dependencies);
  }

  private components(value: unknown, path: string): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.log.add(path, `expected an array, found ${describeJson(value)}`);
      return;
    }
    value.forEach((item, index) => this.component(item, at(path, index)));
  }

  /** Reads one component (and those nested in it); returns its name, or null when skipped. */
  private component(value: unknown, path: string): string | null {
    if (!isRecord(value)) {
      this.log.add(path, `expected a component object, found ${describeJson(value)}`);
      return null;
    }
    const name = optionalString(value, 'name', path, this.log);
    if (name === null || name === '') {
      this.log.add(at(path, 'name'), 'component has no name; skipped');
      this.components(value.components, at(path, 'components'));
      return null;
    }
    if (this.names.has(name)) this.log.add(at(path, 'name'), `component ${name} is listed twice`);
    this.names.add(name);
    const fields = {
      name,
      version: optionalString(value, 'version', path, this.log),
      purl: optionalString(value, 'purl', path, this.log),
    };
    const component = componentFromFields(fields, at(path, 'purl'), this.document, this.log);
    const provides = this.provides(value.properties, at(path, 'properties'));
    if (provides.length > 0) component.provides = provides;
    this.document.components.push(component);
    const ref = optionalString(value, 'bom-ref', path, this.log);
    if (ref !== null) {
      if (this.refs.has(ref)) this.log.add(at(path, 'bom-ref'), `bom-ref ${ref} is used twice`);
      else this.refs.set(ref, name);
    }
    this.components(value.components, at(path, 'components'));
    return name;
  }

  private provides(value: unknown, path: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.log.add(path, `expected an array, found ${describeJson(value)}`);
      return [];
    }
    const sonames: string[] = [];
    value.forEach((property, index) => {
      if (!isRecord(property) || typeof property.name !== 'string') {
        this.log.add(at(path, index), 'expected a property with a name');
      } else if (property.name === PROVIDES_PROPERTY) {
        if (typeof property.value === 'string') sonames.push(...property.value.split(/\s+/));
        else this.log.add(at(at(path, index), 'value'), 'expected a soname');
      }
    });
    return [...new Set(sonames.filter((s) => s !== ''))];
  }

  private dependencies(value: unknown): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.log.add('dependencies', `expected an array, found ${describeJson(value)}`);
      return;
    }
    value.forEach((entry, index) => {
      const path = at('dependencies', index);
      if (!isRecord(entry)) {
        this.log.add(path, `expected a dependency object, found ${describeJson(entry)}`);
        return;
      }
      const consumer = this.resolve(entry.ref, at(path, 'ref'));
      if (consumer === null) return;
      const providers = entry.dependsOn;
      if (providers === undefined) return;
      if (!Array.isArray(providers)) {
        this.log.add(at(path, 'dependsOn'), `expected an array, found ${describeJson(providers)}`);
        return;
      }
      providers.forEach((ref, i) => {
        const provider = this.resolve(ref, at(at(path, 'dependsOn'), i));
        if (provider !== null) addEdge(this.document, consumer, provider);
      });
    });
  }

  private resolve(ref: unknown, path: string): string | null {
    if (typeof ref !== 'string') {
      this.log.add(path, `expected a bom-ref string, found ${describeJson(ref)}`);
      return null;
    }
    const name = this.refs.get(ref);
    if (name === undefined) this.log.add(path, `ref ${ref} names no component`);
    return name ?? null;
  }
}

/** Reads CycloneDX JSON; never throws: problems are returned with whatever could be read. */
export function readCycloneDx(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const root = parseJsonText(text, log);
  if (root === undefined) return { document: emptyDocument(), problems: log.problems };
  if (!isRecord(root)) {
    log.add('', `not CycloneDX: expected a JSON object, found ${describeJson(root)}`);
    return { document: emptyDocument(), problems: log.problems };
  }
  if (!checkHeader(root, log)) return { document: emptyDocument(), problems: log.problems };
  const reader = new CycloneDxReader(log);
  reader.read(root);
  return { document: reader.document, problems: log.problems };
}
