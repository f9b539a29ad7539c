/**
 * Package URLs (purl): `pkg:TYPE/NAMESPACE/NAME@VERSION?KEY=VALUE&...#SUBPATH`, each part
 * percent-encoded. Alpine packages use `pkg:apk/alpine/NAME@VERSION?arch=ARCH&upstream=ORIGIN
 * &distro=alpine-X.Y`, where `upstream` names the origin (the aport the package was built from).
 */

import type { ProblemLog, SbomComponent, SbomDocument } from './model';

export interface Purl {
  type: string;
  namespace: string[];
  name: string;
  version: string | null;
  qualifiers: Record<string, string>;
  subpath: string | null;
}

export type PurlResult = { purl: Purl; error?: undefined } | { purl?: undefined; error: string };

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`bad percent-encoding in the ${what} "${part}"`);
  }
}

/** Parses a purl; never throws, returns an error message instead. */
export function parsePurl(text: string): PurlResult {
  try {
    return { purl: parseOrThrow(text.trim()) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function parseOrThrow(text: string): Purl {
  if (!/^pkg:/i.test(text)) throw new Error(`"${text}" does not start with pkg:`);
  let rest = text.slice(4).replace(/^\/+/, '');
  let subpath: string | null = null;
  const hash = rest.lastIndexOf('#');
  if (hash >= 0) {
    const segments = rest.slice(hash + 1).split('/');
    subpath = segments.filter((s) => s !== '' && s !== '.' && s !== '..').join('/') || null;
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.lastIndexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new Error(`qualifier "${pair}" has no key=value form`);
      const value = decode(pair.slice(equals + 1), 'qualifier value');
      if (value !== '') qualifiers[pair.slice(0, equals).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new Error(`"${text}" has no type/name`);
  const type = rest.slice(0, slash).toLowerCase();
  rest = rest.slice(slash + 1).replace(/\/+$/, '');
  let version: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const atSign = rest.lastIndexOf('@');
  if (atSign > lastSlash) {
    version = decode(rest.slice(atSign + 1), 'version') || null;
    rest = rest.slice(0, atSign);
  }
  const segments = rest.split('/').filter((s) => s !== '');
  const rawName = segments.pop();
  if (rawName === undefined) throw new Error(`"${text}" has no name`);
  return {
    type,
    namespace: segments.map((s) => decode(s, 'namespace')),
    name: decode(rawName, 'name'),
    version,
    qualifiers,
    subpath,
  };
}

/** What an apk purl tells about a package; all null for other purl types. */
export interface ApkPurlFields {
  name: string | null;
  version: string | null;
  arch: string | null;
  origin: string | null;
  distro: string | null;
}

export function apkFieldsFromPurl(purl: Purl): ApkPurlFields {
  if (purl.type !== 'apk') {
    return { name: null, version: null, arch: null, origin: null, distro: null };
  }
  const q = purl.qualifiers;
  return {
    name: purl.name,
    version: purl.version,
    arch: q.arch ?? null,
    origin: q.upstream ?? null,
    distro: q.distro ?? null,
  };
}

/** `3.24` -> `alpine-3.24`; `alpine-3.24` stays; null and empty stay null. */
export function alpineDistro(distro: string | null | undefined): string | null {
  if (distro === null || distro === undefined || distro.trim() === '') return null;
  const value = distro.trim();
  return /^\d/.test(value) ? `alpine-${value}` : value;
}

/** Percent-encodes a purl part, keeping the characters Alpine names and versions use. */
function encode(part: string): string {
  return encodeURIComponent(part).replace(/%3A/gi, ':');
}

export interface ApkPurlInput {
  name: string;
  version: string | null;
  arch: string | null;
  origin: string | null;
  distro: string | null | undefined;
}

/** `pkg:apk/alpine/NAME@VERSION?arch=ARCH&upstream=ORIGIN&distro=alpine-X.Y`, leaving out what is unknown. */
export function buildApkPurl(input: ApkPurlInput): string {
  let purl = `pkg:apk/alpine/${encode(input.name)}`;
  if (input.version !== null && input.version !== '') purl += `@${encode(input.version)}`;
  const qualifiers: string[] = [];
  if (input.arch) qualifiers.push(`arch=${encode(input.arch)}`);
  if (input.origin) qualifiers.push(`upstream=${encode(input.origin)}`);
  const distro = alpineDistro(input.distro);
  if (distro !== null) qualifiers.push(`distro=${encode(distro)}`);
  return qualifiers.length === 0 ? purl : `${purl}?${qualifiers.join('&')}`;
}

/**
 * A component from the fields a CycloneDX or SPDX package gives: an apk purl fills what the
 * fields leave out (version, arch, origin) and the document's distro; a purl that does not
 * parse or disagrees on the distro is logged.
 */
export function componentFromFields(
  fields: { name: string; version: string | null; purl: string | null },
  place: string,
  document: SbomDocument,
  log: ProblemLog,
): SbomComponent {
  const component: SbomComponent = {
    name: fields.name,
    version: fields.version,
    arch: null,
    origin: null,
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
  component.arch = apk.arch;
  component.origin = apk.origin;
  if (apk.distro !== null) {
    if (document.distro === undefined || document.distro === null) document.distro = apk.distro;
    else if (document.distro !== apk.distro) {
      log.add(place, `distro ${apk.distro} differs from ${document.distro} given before`);
    }
  }
  return component;
}
