/**
 * Writes the neutral model as CycloneDX 1.6 JSON: a random urn:uuid serial number (seedable for
 * tests), a timestamp from an injectable clock, the root as `metadata.component`, every other
 * package as a `library` whose bom-ref is its ref, with licence, hash, supplier (Alpine Linux,
 * the maintainer as its contact) and description, the apk facts as properties, and one
 * dependency entry per component. A prediction is written as the `pre-build` lifecycle.
 * What both writers share is in writer-view.ts and spdx-license.ts.
 */
import {
  DEPENDS_PROPERTY,
  INSTALL_IF_PROPERTY,
  IN_REFERENCE_PROPERTY,
  PROVIDE_TOKEN_PROPERTY,
  PROVIDES_PROPERTY,
} from './cyclonedx-reader';
import type { SbomComponent, SbomDocument } from './model';
import { licenseOf } from './spdx-license';
import { serialNumber, writerView, type WriterEntry, type WriterOptions } from './writer-view';

export { documentUuid, serialNumber, writerView } from './writer-view';
export type { SbomRoot, WriterEntry, WriterOptions, WriterView } from './writer-view';
export { licenseOf, type SpdxLicense } from './spdx-license';

/** metadata property of a predicted document: what the prediction rests on. */
export const PREDICTION_PROPERTY = 'apkharden:prediction';

export interface CycloneDxWriteOptions extends WriterOptions {
  /** Name recorded in metadata.tools; defaults to `apkbuild-hardening`. */
  toolName?: string;
  toolVersion?: string;
}

type Json = Record<string, unknown>;

const HASH_ALGS = new Set([
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
]);
const HASH_HEX = /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/;
const ORGANISATION_URLS: Record<string, string> = { 'Alpine Linux': 'https://alpinelinux.org' };

/** `Name <mail>` as a CycloneDX contact. */
function contactOf(maintainer: string): Json {
  const match = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(maintainer);
  if (!match) return { name: maintainer.trim() };
  return match[1] === '' ? { email: match[2] } : { name: match[1], email: match[2] };
}

/**
 * Alpine Linux supplies the package; its maintainer is the contact for it there (neither an
 * author nor the manufacturer of the software, so not written as one).
 */
function supplierOf(component: SbomComponent): Json | undefined {
  const name = component.supplier ?? null;
  const maintainer = component.maintainer ?? null;
  if (name === null && maintainer === null) return undefined;
  const supplier: Json = {};
  if (name !== null) supplier.name = name;
  if (name !== null && Object.hasOwn(ORGANISATION_URLS, name)) {
    supplier.url = [ORGANISATION_URLS[name]];
  }
  if (maintainer !== null) supplier.contact = [contactOf(maintainer)];
  return supplier;
}

function licensesOf(text: string | null | undefined): Json[] | undefined {
  const license = licenseOf(text);
  if (license === null) return undefined;
  if (license.kind === 'id') return [{ license: { id: license.value } }];
  if (license.kind === 'expression') return [{ expression: license.value }];
  return [{ license: { name: license.value } }];
}

function componentJson(entry: WriterEntry, type: string): Json {
  const { component } = entry;
  const json: Json = { type, 'bom-ref': entry.ref };
  const supplier = supplierOf(component);
  if (supplier) json.supplier = supplier;
  json.name = component.name;
  if (component.version !== null) json.version = component.version;
  if (component.description) json.description = component.description;
  const hashes = (component.hashes ?? [])
    .map((h) => ({ alg: h.alg, content: h.content.toLowerCase() }))
    .filter((h) => HASH_ALGS.has(h.alg) && HASH_HEX.test(h.content));
  if (hashes.length > 0) json.hashes = hashes;
  const licenses = licensesOf(component.license);
  if (licenses) json.licenses = licenses;
  json.purl = entry.purl;
  const properties = [
    ...(component.provides ?? []).map((soname) => ({ name: PROVIDES_PROPERTY, value: soname })),
    ...(component.provideTokens ?? []).map((token) => ({
      name: PROVIDE_TOKEN_PROPERTY,
      value: token,
    })),
    ...(component.depends ?? []).map((token) => ({ name: DEPENDS_PROPERTY, value: token })),
    ...(component.installIf ?? []).map((token) => ({ name: INSTALL_IF_PROPERTY, value: token })),
  ];
  if (component.inReference) properties.push({ name: IN_REFERENCE_PROPERTY, value: 'true' });
  if (properties.length > 0) json.properties = properties;
  return json;
}

/** The CycloneDX 1.6 document as a plain object, ready for JSON.stringify. */
export function buildCycloneDx(document: SbomDocument, options: CycloneDxWriteOptions = {}): Json {
  const view = writerView(document, options);
  const tool: Json = { type: 'application', name: options.toolName ?? 'apkbuild-hardening' };
  if (options.toolVersion) tool.version = options.toolVersion;
  const metadata: Json = { timestamp: view.created.toISOString() };
  // Not what was built but what a text would build: CycloneDX's phase before the build.
  if (view.prediction !== null) metadata.lifecycles = [{ phase: 'pre-build' }];
  metadata.tools = { components: [tool] };
  const root = view.entries.find((e) => e.root);
  if (root) metadata.component = componentJson(root, 'application');
  if (view.prediction !== null) {
    metadata.properties = [{ name: PREDICTION_PROPERTY, value: view.prediction }];
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumber(options.seed),
    version: 1,
    metadata,
    components: view.entries.filter((e) => !e.root).map((e) => componentJson(e, 'library')),
    dependencies: view.entries.map((e) => ({ ref: e.ref, dependsOn: view.edges.get(e.ref) ?? [] })),
  };
}

/** CycloneDX 1.6 JSON text, two-space indented, ending with a newline. */
export function writeCycloneDx(
  document: SbomDocument,
  options: CycloneDxWriteOptions = {},
): string {
  return `${JSON.stringify(buildCycloneDx(document, options), null, 2)}\n`;
}
