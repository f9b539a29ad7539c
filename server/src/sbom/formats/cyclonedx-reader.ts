/**
 * Reads CycloneDX 1.2-1.7 JSON into the neutral model: `metadata.component` (the root),
 * `metadata.tools` (the producer, in the 1.4 array form or the 1.5+ `{ components }` form),
 * `components` (nested ones too) keyed by bom-ref, and the `dependencies` graph. A component
 * without a bom-ref gets one from its purl or name. Licences, hashes, supplier and the
 * properties of this project, trivy and syft are read by cyclonedx-fields.ts. A graph written
 * backwards (syft) is turned around, with a problem saying so.
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
  RefAllocator,
  type ReadResult,
  type SbomComponent,
  type SbomDocument,
} from './model';
import { componentFromFields } from './component-fields';
import { cycloneDxExtras, type CycloneDxExtras } from './cyclonedx-fields';
import { judgeDirection, reverseEdges } from './edge-direction';

export {
  DEPENDS_PROPERTY,
  INSTALL_IF_PROPERTY,
  IN_REFERENCE_PROPERTY,
  PROVIDE_TOKEN_PROPERTY,
  PROVIDES_PROPERTY,
} from './cyclonedx-fields';

/** JSON CycloneDX exists from 1.2 on; these read the same for what the model keeps. */
const SPEC_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

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
    log.add('specVersion', `specVersion ${JSON.stringify(spec)} is not 1.2 to 1.7; read as 1.6`);
  }
  return true;
}

/** The first tool's name: `[{ vendor, name }]` (1.4) or `{ components: [{ name }] }` (1.5+). */
function producerOf(tools: unknown): string | null {
  const list: unknown[] = [];
  if (Array.isArray(tools)) list.push(...(tools as unknown[]));
  else if (isRecord(tools)) {
    for (const key of ['components', 'services']) {
      const entries = tools[key];
      if (Array.isArray(entries)) list.push(...(entries as unknown[]));
    }
  }
  for (const tool of list) {
    if (isRecord(tool) && typeof tool.name === 'string' && tool.name !== '') return tool.name;
  }
  return null;
}

class CycloneDxReader {
  readonly document: SbomDocument = emptyDocument();
  private readonly refs = new RefAllocator();
  /** bom-ref as written -> the component's ref */
  private readonly bomRefs = new Map<string, string>();

  constructor(private readonly log: ProblemLog) {}

  read(root: Record<string, unknown>): void {
    const metadata = root.metadata;
    if (isRecord(metadata)) {
      this.document.producer = producerOf(metadata.tools);
      if (metadata.component !== undefined) {
        this.document.root = this.component(metadata.component, 'metadata.component');
      }
    } else if (metadata !== undefined) {
      this.log.add('metadata', `expected an object, found ${describeJson(metadata)}`);
    }
    this.components(root.components, 'components');
    this.dependencies(root.dependencies);
    const verdict = judgeDirection(this.document);
    if (verdict.backward > verdict.forward) {
      reverseEdges(this.document);
      this.log.add(
        'dependencies',
        `the edges run from each provider to its consumers (${verdict.evidence.join('; ')}), ` +
          'as syft writes them in some CycloneDX outputs; read reversed',
      );
    }
  }

  private components(value: unknown, path: string): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.log.add(path, `expected an array, found ${describeJson(value)}`);
      return;
    }
    value.forEach((item, index) => this.component(item, at(path, index)));
  }

  /** Reads one component (and those nested in it); returns its ref, or null when skipped. */
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
    const purl = optionalString(value, 'purl', path, this.log);
    const ref = this.ref(optionalString(value, 'bom-ref', path, this.log), purl ?? name, path);
    const extras = cycloneDxExtras(value, path, this.log);
    const fields = {
      ref,
      name,
      version: optionalString(value, 'version', path, this.log),
      purl,
      origin: extras.origin,
    };
    const component = componentFromFields(fields, at(path, 'purl'), this.document, this.log);
    this.addExtras(component, extras);
    this.document.components.push(component);
    this.components(value.components, at(path, 'components'));
    return ref;
  }

  private ref(bomRef: string | null, fallback: string, path: string): string {
    if (bomRef === null || bomRef === '') return this.refs.claim(fallback);
    if (this.bomRefs.has(bomRef)) {
      this.log.add(at(path, 'bom-ref'), `bom-ref ${bomRef} is used twice; edges go to the first`);
      return this.refs.claim(bomRef);
    }
    const ref = this.refs.claim(bomRef);
    this.bomRefs.set(bomRef, ref);
    return ref;
  }

  private addExtras(component: SbomComponent, extras: CycloneDxExtras): void {
    if (extras.provides.length > 0) component.provides = extras.provides;
    if (extras.provideTokens !== null) component.provideTokens = extras.provideTokens;
    if (extras.depends !== null) component.depends = extras.depends;
    if (extras.installIf !== null) component.installIf = extras.installIf;
    if (extras.inReference !== null) component.inReference = extras.inReference;
    if (extras.license !== null) component.license = extras.license;
    if (extras.hashes.length > 0) component.hashes = extras.hashes;
    if (extras.supplier !== null) component.supplier = extras.supplier;
    if (extras.description !== null) component.description = extras.description;
    if (extras.maintainer !== null) component.maintainer = extras.maintainer;
    if (extras.installedSize !== null) component.installedSize = extras.installedSize;
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
    const found = this.bomRefs.get(ref);
    if (found === undefined) this.log.add(path, `ref ${ref} names no component`);
    return found ?? null;
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
