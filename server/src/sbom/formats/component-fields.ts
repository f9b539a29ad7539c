/**
 * The component a reader makes from the fields a CycloneDX, SPDX or syft package gives, with
 * what an apk purl adds to them, and the small conversions several readers share (apk
 * checksums, hash names, `so:` tokens, supplier prefixes).
 */
import type { ProblemLog, SbomComponent, SbomDocument, SbomHash } from './model';
import { alpineDistro, apkFieldsFromPurl, parsePurl } from './purl';

export interface ComponentFields {
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  /** The origin the producer gives elsewhere (trivy's SrcName, syft's originPackage). */
  origin?: string | null;
  arch?: string | null;
}

/**
 * A component from the fields a package gives: an apk purl fills what the fields leave out
 * (version, arch) and the document's distro, and its `upstream` names the origin before any
 * other field does. A purl that does not parse or disagrees on the distro is logged.
 */
export function componentFromFields(
  fields: ComponentFields,
  place: string,
  document: SbomDocument,
  log: ProblemLog,
): SbomComponent {
  const component: SbomComponent = {
    ref: fields.ref,
    name: fields.name,
    version: fields.version === '' ? null : fields.version,
    arch: fields.arch ?? null,
    origin: fields.origin ?? null,
    purl: fields.purl,
  };
  if (fields.purl === null) return component;
  const parsed = parsePurl(fields.purl);
  if (parsed.error !== undefined) {
    log.add(place, `bad purl: ${parsed.error}`);
    return component;
  }
  const apk = apkFieldsFromPurl(parsed.purl);
  component.version ??= apk.version;
  component.arch = apk.arch ?? component.arch;
  component.origin = apk.origin ?? component.origin;
  // trivy writes `distro=3.15.0`; Alpine's own form is `alpine-3.15.0`.
  const distro = parsed.purl.namespace[0] === 'alpine' ? alpineDistro(apk.distro) : apk.distro;
  if (distro !== null) {
    if (document.distro === undefined || document.distro === null) document.distro = distro;
    else if (document.distro !== distro) {
      log.add(place, `distro ${distro} differs from ${document.distro} given before`);
    }
  }
  return component;
}

/** True when the purl parses and is of type apk. */
export function isApkPurl(purl: string | null): boolean {
  if (purl === null) return false;
  const parsed = parsePurl(purl);
  return parsed.purl?.type === 'apk';
}

/** `MD5`, `SHA-1`, `SHA-256`, `SHA3-256`... (CycloneDX's spelling) from `SHA1`, `sha256`... */
export function hashAlgorithm(name: string): string {
  const upper = name.trim().toUpperCase();
  const sha = /^SHA-?(1|224|256|384|512)$/.exec(upper);
  return sha ? `SHA-${sha[1]}` : upper;
}

/** `{ alg, content }` with the content lowercased; null for content that is not hex. */
export function hexHash(alg: string, content: string): SbomHash | null {
  const hex = content.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(hex) ? { alg: hashAlgorithm(alg), content: hex } : null;
}

/** apk's `Q1` + base64 SHA-1 (the `C:` field, syft's pullChecksum) as a SHA-1 hash. */
export function hashFromApkChecksum(value: string): SbomHash | null {
  if (!value.startsWith('Q1')) return null;
  const bytes = Buffer.from(value.slice(2), 'base64');
  return bytes.length === 20 ? { alg: 'SHA-1', content: bytes.toString('hex') } : null;
}

/** The soname of a `so:` provide token (`so:libssl.so.3=3.3.2` -> `libssl.so.3`), else null. */
export function sonameOf(token: string): string | null {
  if (!token.startsWith('so:')) return null;
  const soname = token.slice(3).replace(/=.*$/, '');
  return soname === '' ? null : soname;
}

/** Whitespace-separated tokens, without empty ones. */
export function tokens(value: string): string[] {
  return value.split(/\s+/).filter((t) => t !== '');
}

/** SPDX's `Organization: X`, `Person: X`, `Tool: X` -> `X`; `NOASSERTION` and `NONE` -> null. */
export function spdxActor(value: string | null): string | null {
  if (value === null) return null;
  const text = value.replace(/^\s*(Organization|Person|Tool):\s*/, '').trim();
  return text === '' || text === 'NOASSERTION' || text === 'NONE' ? null : text;
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
