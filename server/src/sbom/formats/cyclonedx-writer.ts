/**
 * Writes the neutral model as CycloneDX 1.6 JSON: a serial number (random, or derived from a
 * seed so tests are stable), a timestamp from an injectable clock, the root package as
 * `metadata.component`, every other package as a component whose bom-ref is its purl, and the
 * dependency graph with one entry per component. A component that has a purl keeps it;
 * others get the apk form. Edges to names that are not components are left out (a bom-ref
 * must name a component).
 */
import { createHash, randomUUID } from 'node:crypto';
import { PROVIDES_PROPERTY } from './cyclonedx-reader';
import type { SbomComponent, SbomDocument } from './model';
import { alpineDistro, buildApkPurl } from './purl';

export interface CycloneDxWriteOptions {
  /** Name of the package the SBOM describes; defaults to `document.root`. */
  root?: string | null;
  /** Gives a deterministic serial number (same seed, same urn:uuid). */
  seed?: string;
  /** Clock for metadata.timestamp; defaults to the current time. */
  now?: () => Date;
  /** `3.24` or `alpine-3.24`; defaults to `document.distro`. */
  distro?: string | null;
  /** Name recorded in metadata.tools. */
  toolName?: string;
}

/** A UUID v4 form: random, or built from the SHA-256 of the seed. */
export function serialNumber(seed?: string): string {
  if (seed === undefined) return `urn:uuid:${randomUUID()}`;
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Json = Record<string, unknown>;

function componentJson(component: SbomComponent, type: string, ref: string, purl: string): Json {
  const json: Json = { type, 'bom-ref': ref, name: component.name };
  if (component.version !== null) json.version = component.version;
  json.purl = purl;
  const provides = component.provides ?? [];
  if (provides.length > 0) {
    json.properties = provides.map((soname) => ({ name: PROVIDES_PROPERTY, value: soname }));
  }
  return json;
}

/** The CycloneDX 1.6 document as a plain object, ready for JSON.stringify. */
export function buildCycloneDx(document: SbomDocument, options: CycloneDxWriteOptions = {}): Json {
  const distro = alpineDistro(options.distro ?? document.distro);
  const rootName = options.root ?? document.root ?? null;
  const refs = new Map<string, string>();
  const used = new Set<string>();
  const entries: { component: SbomComponent; ref: string; purl: string }[] = [];
  const add = (component: SbomComponent): void => {
    const purl = component.purl ?? buildApkPurl({ ...component, distro });
    let ref = purl;
    for (let n = 2; used.has(ref); n++) ref = `${purl}#${n}`;
    used.add(ref);
    if (!refs.has(component.name)) refs.set(component.name, ref);
    entries.push({ component, ref, purl });
  };
  const rootComponent: SbomComponent | null =
    rootName === null
      ? null
      : (document.components.find((c) => c.name === rootName) ?? {
          name: rootName,
          version: null,
          arch: null,
          origin: null,
          purl: null,
        });
  if (rootComponent !== null) add(rootComponent);
  for (const component of document.components) if (component !== rootComponent) add(component);

  const metadata: Json = {
    timestamp: (options.now ?? (() => new Date()))().toISOString(),
    tools: {
      components: [{ type: 'application', name: options.toolName ?? 'apkbuild-hardening' }],
    },
  };
  const [first, ...rest] = entries;
  if (rootComponent !== null)
    metadata.component = componentJson(first.component, 'application', first.ref, first.purl);
  const listed = rootComponent === null ? entries : rest;

  // Edges are by name; where several components share one (one per arch), the first has them.
  const dependencies = entries.map(({ component, ref }) => {
    const own = refs.get(component.name) === ref;
    const providers = own ? (document.dependsOn.get(component.name) ?? []) : [];
    const dependsOn = providers.flatMap((name) => {
      const target = refs.get(name);
      return target === undefined ? [] : [target];
    });
    return { ref, dependsOn };
  });

  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumber(options.seed),
    version: 1,
    metadata,
    components: listed.map((e) => componentJson(e.component, 'library', e.ref, e.purl)),
    dependencies,
  };
}

/** CycloneDX 1.6 JSON text, two-space indented, ending with a newline. */
export function writeCycloneDx(
  document: SbomDocument,
  options: CycloneDxWriteOptions = {},
): string {
  return `${JSON.stringify(buildCycloneDx(document, options), null, 2)}\n`;
}
