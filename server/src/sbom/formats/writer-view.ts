/**
 * What both SBOM writers share: the options, the document UUID, and the view of a document
 * as written (the root first, unique refs, edges only between written components).
 */
import { createHash, randomUUID } from 'node:crypto';
import { RefAllocator, type SbomComponent, type SbomDocument } from './model';
import { alpineDistro, buildApkPurl } from './purl';

/** The package an SBOM describes, as the APKBUILD names it. */
export interface SbomRoot {
  name: string;
  version: string | null;
}

/** Options both writers take. */
export interface WriterOptions {
  /**
   * What the SBOM describes: a component's ref or name, or the APKBUILD's own name and version
   * (kept even where the document's component of that name has another version). Defaults to
   * `document.root`.
   */
  root?: string | SbomRoot | null;
  /** Makes the serial number or namespace UUID deterministic: for tests only. */
  seed?: string;
  /** Clock for the timestamp; defaults to the current time. */
  now?: () => Date;
  /** `3.24` or `alpine-3.24`; defaults to `document.distro`. */
  distro?: string | null;
}

/** A UUID v4: random, or built from the SHA-256 of the seed. */
export function documentUuid(seed?: string): string {
  if (seed === undefined) return randomUUID();
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `urn:uuid:` and a UUID v4: random, or derived from the seed (tests only). */
export function serialNumber(seed?: string): string {
  return `urn:uuid:${documentUuid(seed)}`;
}

// SPDX ids match case-insensitively; these give each its canonical spelling.
/** A component as written: its unique output ref and its purl. */
export interface WriterEntry {
  component: SbomComponent;
  ref: string;
  purl: string;
  root: boolean;
}

export interface WriterView {
  /** The root first, when there is one. */
  entries: WriterEntry[];
  /** Output ref -> output refs; only between entries, once each, no self edges. */
  edges: Map<string, string[]>;
  created: Date;
  prediction: string | null;
}

/**
 * The root component, and the document's component it stands for. An APKBUILD's name and
 * version win over the document's: what the text builds is the root, even where the index
 * the closure came from has another version; that version's hashes are then not its own.
 */
function pickRoot(
  document: SbomDocument,
  wanted: string | SbomRoot | null,
  distro: string | null,
): { root: SbomComponent | null; replaced: SbomComponent | null } {
  if (wanted === null) return { root: null, replaced: null };
  const { components } = document;
  if (typeof wanted === 'string') {
    const found =
      components.find((c) => c.ref === wanted) ?? components.find((c) => c.name === wanted);
    if (found) return { root: found, replaced: found };
    wanted = { name: wanted, version: null };
  }
  const { name, version } = wanted;
  const found =
    components.find((c) => c.name === name && c.version === version) ??
    components.find((c) => c.name === name);
  if (found && (version === null || found.version === version)) {
    return { root: found, replaced: found };
  }
  const base = found ?? { ref: '', name, version, arch: null, origin: null, purl: null };
  const root: SbomComponent = { ...base, version, purl: null, hashes: [], installedSize: null };
  root.ref = buildApkPurl({ ...root, distro });
  return { root, replaced: found ?? null };
}

/**
 * Entries and edges as both writers write them. Refs stay as the document has them (made
 * unique if they are not); edges and the root may also name a component, as documents made
 * before refs did.
 */
export function writerView(document: SbomDocument, options: WriterOptions): WriterView {
  const distro = alpineDistro(options.distro ?? document.distro);
  const { root, replaced } = pickRoot(document, options.root ?? document.root ?? null, distro);
  const others = document.components.filter((c) => c !== replaced);
  const refs = new RefAllocator();
  const byRef = new Map<string, WriterEntry>();
  const byName = new Map<string, WriterEntry>();
  const entries = (root === null ? others : [root, ...others]).map((component) => {
    const purl = component.purl ?? buildApkPurl({ ...component, distro });
    const ref = refs.claim(component.ref || purl);
    const entry = { component, ref, purl, root: component === root };
    if (!byRef.has(component.ref)) byRef.set(component.ref, entry);
    if (!byName.has(component.name)) byName.set(component.name, entry);
    return entry;
  });
  if (replaced !== null && entries[0]?.root) byRef.set(replaced.ref, entries[0]);
  const find = (key: string) => byRef.get(key) ?? byName.get(key);
  const edges = new Map<string, string[]>();
  for (const [consumer, providers] of document.dependsOn) {
    const from = find(consumer);
    if (from === undefined) continue;
    const list = edges.get(from.ref) ?? [];
    for (const provider of providers) {
      const to = find(provider);
      if (to !== undefined && to !== from && !list.includes(to.ref)) list.push(to.ref);
    }
    edges.set(from.ref, list);
  }
  const created = (options.now ?? (() => new Date()))();
  return { entries, edges, created, prediction: document.prediction || null };
}
