/**
 * Writes the neutral model as SPDX 2.3 JSON: a document namespace with a random UUID
 * (seedable for tests), one package per component (SPDXID derived from its ref, the purl as
 * a PACKAGE-MANAGER reference, the declared licence, checksums, supplier, description),
 * DOCUMENT DESCRIBES the root and one DEPENDS_ON per edge. A prediction is said in the
 * document and creation comments; packages the reference image has carry an annotation.
 * What both writers share (root, refs, edges, UUID, licences) is in cyclonedx-writer.ts.
 */
import { SPDX_APK_ANNOTATIONS, SPDX_IN_REFERENCE } from './spdx-document';
import type { SbomComponent, SbomDocument } from './model';
import { parsePurl } from './purl';
import { licenseOf } from './spdx-license';
import { documentUuid, writerView, type WriterOptions } from './writer-view';

export interface SpdxWriteOptions extends WriterOptions {
  /** The document's name; defaults to the root's `name-version`. */
  name?: string;
  /** Where documentNamespace starts; the document's name and UUID follow. */
  namespaceBase?: string;
  /** Recorded in creationInfo.creators as `Tool: NAME[-VERSION]`; defaults to `apkharden`. */
  toolName?: string;
  toolVersion?: string;
}

type Json = Record<string, unknown>;

const NOASSERTION = 'NOASSERTION';
const CHECKSUM_ALGS = new Set([
  'SHA1',
  'SHA256',
  'SHA384',
  'SHA512',
  'SHA3-256',
  'SHA3-512',
  'MD5',
]);

/** SPDX dates are whole seconds in UTC. */
function spdxDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `SPDXRef-Package-` and what the ref names: a purl's name, version and arch, any other ref as
 * it is; every run of characters SPDX ids do not allow becomes one `-`.
 */
function spdxId(ref: string, used: Set<string>): string {
  const { purl } = parsePurl(ref);
  const named = purl
    ? [purl.name, purl.version, purl.qualifiers.arch].filter(Boolean).join('-')
    : ref;
  const stem = named.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  const base = stem === '' ? 'SPDXRef-Package' : `SPDXRef-Package-${stem}`;
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** CycloneDX's `SHA-256` is SPDX's `SHA256`; SHA3 keeps its dash. */
function checksumsOf(component: SbomComponent): Json[] {
  return (component.hashes ?? [])
    .map((h) => ({
      algorithm: h.alg.replace(/^SHA-(\d+)$/, 'SHA$1'),
      checksumValue: h.content.toLowerCase(),
    }))
    .filter((c) => CHECKSUM_ALGS.has(c.algorithm) && /^[0-9a-f]+$/.test(c.checksumValue));
}

function packageJson(component: SbomComponent, id: string, purl: string, root: boolean): Json {
  const json: Json = { name: component.name, SPDXID: id };
  if (component.version !== null) json.versionInfo = component.version;
  json.supplier = component.supplier ? `Organization: ${component.supplier}` : NOASSERTION;
  json.downloadLocation = NOASSERTION;
  json.filesAnalyzed = false;
  const checksums = checksumsOf(component);
  if (checksums.length > 0) json.checksums = checksums;
  // Nothing was read from the package's files, so nothing is concluded; the packager declared.
  json.licenseConcluded = NOASSERTION;
  const license = licenseOf(component.license);
  json.licenseDeclared = license !== null && license.kind !== 'name' ? license.value : NOASSERTION;
  if (license?.kind === 'name') {
    json.licenseComments = `The package declares "${license.value}", not an SPDX expression.`;
  }
  if (component.description) json.description = component.description;
  if (component.maintainer) json.comment = `maintainer: ${component.maintainer}`;
  json.externalRefs = [
    { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
  ];
  json.primaryPackagePurpose = root ? 'APPLICATION' : 'LIBRARY';
  return json;
}

function relationship(from: string, type: string, to: string): Json {
  return { spdxElementId: from, relationshipType: type, relatedSpdxElement: to };
}

/** The SPDX 2.3 document as a plain object, ready for JSON.stringify. */
export function buildSpdx(document: SbomDocument, options: SpdxWriteOptions = {}): Json {
  const view = writerView(document, options);
  const created = spdxDate(view.created);
  const tool = options.toolName ?? 'apkharden';
  const creator = `Tool: ${tool}${options.toolVersion ? `-${options.toolVersion}` : ''}`;
  const root = view.entries.find((e) => e.root);
  const name =
    options.name ??
    (root ? [root.component.name, root.component.version].filter(Boolean).join('-') : tool);
  const base = (options.namespaceBase ?? 'https://spdx.org/spdxdocs/apkharden').replace(/\/+$/, '');
  const namespace = `${base}/${encodeURIComponent(name)}-${documentUuid(options.seed)}`;

  const used = new Set(['SPDXRef-DOCUMENT']);
  const ids = new Map(view.entries.map((e) => [e.ref, spdxId(e.ref, used)]));
  const packages = view.entries.map((e) => {
    const json = packageJson(e.component, ids.get(e.ref) ?? '', e.purl, e.root);
    const notes: string[] = [];
    if (e.component.inReference)
      notes.push(`${SPDX_IN_REFERENCE}: the reference image already has this package`);
    // SPDX has no properties: the apk fields travel as annotations, so the document reads
    // back to the same closure.
    for (const [field, prefix] of Object.entries(SPDX_APK_ANNOTATIONS) as [
      keyof typeof SPDX_APK_ANNOTATIONS,
      string,
    ][]) {
      const tokens = e.component[field] ?? [];
      if (tokens.length > 0) notes.push(`${prefix}: ${tokens.join(' ')}`);
    }
    if (notes.length > 0)
      json.annotations = notes.map((comment) => ({
        annotationDate: created,
        annotationType: 'OTHER',
        annotator: creator,
        comment,
      }));
    return json;
  });
  const described = root ? [root] : view.entries;
  const relationships = described.map((e) =>
    relationship('SPDXRef-DOCUMENT', 'DESCRIBES', ids.get(e.ref) ?? ''),
  );
  for (const [consumer, providers] of view.edges) {
    for (const provider of providers) {
      relationships.push(
        relationship(ids.get(consumer) ?? '', 'DEPENDS_ON', ids.get(provider) ?? ''),
      );
    }
  }

  const creationInfo: Json = { created, creators: [creator] };
  const json: Json = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: namespace,
    creationInfo,
  };
  if (view.prediction !== null) {
    creationInfo.comment = `Predicted before any build, not yet confirmed by a rebuild: ${view.prediction}`;
    json.comment = `apkharden:prediction: ${view.prediction}`;
  }
  json.packages = packages;
  json.relationships = relationships;
  return json;
}

/** SPDX 2.3 JSON text, two-space indented, ending with a newline. */
export function writeSpdx(document: SbomDocument, options: SpdxWriteOptions = {}): string {
  return `${JSON.stringify(buildSpdx(document, options), null, 2)}\n`;
}
