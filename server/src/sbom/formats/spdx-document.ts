/**
 * The part of reading SPDX 2.x that JSON and tag-value share: packages keyed by SPDXID, their
 * fields in the model's terms, and relationships, applied once everything is read (tag-value
 * may give a relationship before the package it names):
 *
 *   A DEPENDS_ON B                      edge A -> B
 *   A DEPENDENCY_OF B, RUNTIME_...OF B  edge B -> A
 *   A CONTAINS B (CONTAINED_BY)         edge A -> B when both are packages (an image contains
 *                                       its OS, the OS its packages); CONTAINS pointing at
 *                                       files or layers, listed or not, is not a dependency
 *   DOCUMENT DESCRIBES A                A is the root (as is the first of documentDescribes)
 *
 * Field conventions: NOASSERTION and NONE mean no value; licenseDeclared before
 * licenseConcluded, a LicenseRef replaced by its extracted text when that is one short line;
 * checksums as CycloneDX hash names in lowercase hex; `Organization: X` -> X; a `Person:`
 * originator is the maintainer (syft puts apk's `m:` there); trivy's `sourceInfo: built
 * package from: ORIGIN VERSION` names the origin when the purl has no `upstream`.
 */
import { componentFromFields, hexHash, spdxActor } from './component-fields';
import {
  addEdge,
  emptyDocument,
  RefAllocator,
  type ProblemLog,
  type SbomComponent,
  type SbomDocument,
} from './model';

export interface SpdxPackageInput {
  /** Where the package is: `packages[3]` or `line 12`; other places default to it. */
  place: string;
  id: string | null;
  name: string | null;
  version: string | null;
  purl: string | null;
  purlPlace?: string;
  licenseDeclared: string | null;
  licenseConcluded: string | null;
  checksums: { algorithm: string; value: string; place: string }[];
  supplier: string | null;
  originator: string | null;
  description: string | null;
  summary: string | null;
  sourceInfo: string | null;
  /** Annotation comments; this project's `apk:...: TOKENS` ones carry the apk fields. */
  annotations?: string[];
}

/**
 * The apk facts this project's SPDX writer puts in package annotations, one annotation each:
 * `apk:depends: so:libc.musl-x86_64.so.1 pcre2`, `apk:provide: ...`, `apk:install-if: ...`.
 */
export const SPDX_APK_ANNOTATIONS = {
  depends: 'apk:depends',
  provideTokens: 'apk:provide',
  installIf: 'apk:install-if',
} as const;
export const SPDX_IN_REFERENCE = 'apkharden:in-reference';

function applyAnnotations(component: SbomComponent, comments: readonly string[]): void {
  for (const comment of comments) {
    if (comment.startsWith(`${SPDX_IN_REFERENCE}:`)) component.inReference = true;
    for (const [field, prefix] of Object.entries(SPDX_APK_ANNOTATIONS) as [
      keyof typeof SPDX_APK_ANNOTATIONS,
      string,
    ][])
      if (comment.startsWith(`${prefix}:`))
        component[field] = comment
          .slice(prefix.length + 1)
          .split(/\s+/)
          .filter((t) => t !== '');
  }
}

export interface SpdxRelationshipInput {
  from: string;
  type: string;
  to: string;
  fromPlace: string;
  toPlace: string;
}

const NO_VALUE = new Set(['NONE', 'NOASSERTION']);
const REVERSED_DEPENDENCY = new Set(['DEPENDENCY_OF', 'RUNTIME_DEPENDENCY_OF']);

function value(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.trim();
  return trimmed === '' || NO_VALUE.has(trimmed) ? null : trimmed;
}

/** `Tool: trivy-0.58.0` -> `trivy`; `Tool: syft-[not provided]` and `Tool: syft-` -> `syft`. */
export function producerFromCreators(creators: readonly string[]): string | null {
  const tool = creators.find((c) => /^\s*Tool:/.test(c));
  if (tool === undefined) return null;
  const name = tool.replace(/^\s*Tool:\s*/, '').replace(/-(v?\d[^\s]*|dev|\[[^\]]*\])?\s*$/, '');
  return name.trim() === '' ? null : name.trim();
}

export class SpdxDocumentBuilder {
  readonly document: SbomDocument = emptyDocument();
  private readonly refs = new RefAllocator();
  /** SPDXID -> component ref */
  private readonly ids = new Map<string, string>();
  private readonly otherElements = new Set<string>();
  private readonly extracted = new Map<string, string>();
  private readonly licenses = new Map<SbomComponent, string>();
  private readonly relationships: SpdxRelationshipInput[] = [];
  private readonly describes: { id: string; place: string }[] = [];

  constructor(
    private readonly log: ProblemLog,
    private readonly documentId = 'SPDXRef-DOCUMENT',
  ) {}

  addPackage(input: SpdxPackageInput): void {
    const name = input.name?.trim() ?? '';
    if (name === '') {
      this.log.add(input.place, 'package has no name; skipped');
      return;
    }
    let ref: string;
    if (input.id === null || input.id === '') {
      this.log.add(input.place, `package ${name} has no SPDXID`);
      ref = this.refs.claim(name);
    } else if (this.ids.has(input.id)) {
      this.log.add(input.place, `SPDXID ${input.id} is used twice; relationships go to the first`);
      ref = this.refs.claim(input.id);
    } else {
      ref = this.refs.claim(input.id);
      this.ids.set(input.id, ref);
    }
    const built = /^built package from:\s*(\S+)/.exec(input.sourceInfo ?? '');
    const fields = {
      ref,
      name,
      version: value(input.version),
      purl: input.purl,
      origin: built?.[1],
    };
    const place = input.purlPlace ?? input.place;
    const component = componentFromFields(fields, place, this.document, this.log);
    const license = value(input.licenseDeclared) ?? value(input.licenseConcluded);
    if (license !== null) this.licenses.set(component, license);
    const hashes = input.checksums.flatMap((c) => {
      const hash = hexHash(c.algorithm, c.value);
      if (hash === null) this.log.add(c.place, `checksum ${c.value} is not hex; ignored`);
      return hash === null ? [] : [hash];
    });
    if (hashes.length > 0) component.hashes = hashes;
    const supplier = spdxActor(input.supplier);
    if (supplier !== null) component.supplier = supplier;
    if (/^\s*Person:/.test(input.originator ?? '')) {
      const maintainer = spdxActor(input.originator);
      if (maintainer !== null) component.maintainer = maintainer;
    }
    const description = value(input.description) ?? value(input.summary);
    if (description !== null) component.description = description;
    applyAnnotations(component, input.annotations ?? []);
    this.document.components.push(component);
  }

  /** A file, snippet or other element: relationships to it are not dependencies. */
  addOtherElement(id: string): void {
    this.otherElements.add(id);
  }

  addExtractedLicense(id: string, text: string): void {
    this.extracted.set(id, text);
  }

  addDescribes(id: string, place: string): void {
    this.describes.push({ id, place });
  }

  addRelationship(relationship: SpdxRelationshipInput): void {
    this.relationships.push(relationship);
  }

  finish(): SbomDocument {
    for (const [component, license] of this.licenses) {
      component.license = license.replace(/LicenseRef-[\w.-]+/g, (id) => {
        const text = this.extracted.get(id)?.trim();
        return text !== undefined && text !== '' && !/\n/.test(text) && text.length <= 64
          ? text
          : id;
      });
    }
    for (const { id, place } of this.describes) this.setRoot(id, place);
    for (const relationship of this.relationships) this.apply(relationship);
    return this.document;
  }

  private setRoot(id: string, place: string): void {
    if ((this.document.root ?? null) !== null || NO_VALUE.has(id)) return;
    this.document.root = this.resolve(id, place);
  }

  private apply(r: SpdxRelationshipInput): void {
    if (NO_VALUE.has(r.to) || NO_VALUE.has(r.from)) return;
    if (r.type === 'DESCRIBES' && r.from === this.documentId) return this.setRoot(r.to, r.toPlace);
    if (r.type === 'DESCRIBED_BY' && r.to === this.documentId) {
      return this.setRoot(r.from, r.fromPlace);
    }
    if (r.type === 'CONTAINS' || r.type === 'CONTAINED_BY') {
      const [from, to] = [this.ids.get(r.from), this.ids.get(r.to)];
      if (from === undefined || to === undefined) return;
      if (r.type === 'CONTAINS') addEdge(this.document, from, to);
      else addEdge(this.document, to, from);
      return;
    }
    if (r.type !== 'DEPENDS_ON' && !REVERSED_DEPENDENCY.has(r.type)) return;
    if (this.otherElements.has(r.from) || this.otherElements.has(r.to)) return;
    const from = this.resolve(r.from, r.fromPlace);
    const to = this.resolve(r.to, r.toPlace);
    if (from === null || to === null) return;
    if (r.type === 'DEPENDS_ON') addEdge(this.document, from, to);
    else addEdge(this.document, to, from);
  }

  private resolve(id: string, place: string): string | null {
    const ref = this.ids.get(id);
    if (ref === undefined) this.log.add(place, `${id} names no package`);
    return ref ?? null;
  }
}
