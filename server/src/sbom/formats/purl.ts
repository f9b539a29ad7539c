/**
 * Package URLs (purl): `pkg:TYPE/NAMESPACE/NAME@VERSION?KEY=VALUE&...#SUBPATH`, each part
 * percent-encoded. Alpine packages use `pkg:apk/alpine/NAME@VERSION?arch=ARCH&distro=alpine-X.Y
 * &upstream=ORIGIN`, where `upstream` names the origin (the aport the package was built from).
 */

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

/**
 * Percent-encodes a purl part as the spec's canonical form does: UTF-8, then every octet
 * outside the letters, digits, `.-_~` and the colon (never encoded) as `%XX`.
 */
function encode(part: string): string {
  return encodeURIComponent(part)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/gi, ':');
}

export interface ApkPurlInput {
  name: string;
  version: string | null;
  arch: string | null;
  origin: string | null;
  distro: string | null | undefined;
}

/**
 * The canonical apk purl: `pkg:apk/alpine/NAME@VERSION?arch=ARCH&distro=alpine-X.Y&upstream=ORIGIN`,
 * leaving out what is unknown. The apk type's name is case-insensitive and written lowercase;
 * qualifiers come sorted by key, as the spec's build steps sort them.
 */
export function buildApkPurl(input: ApkPurlInput): string {
  let purl = `pkg:apk/alpine/${encode(input.name.toLowerCase())}`;
  if (input.version !== null && input.version !== '') purl += `@${encode(input.version)}`;
  const qualifiers: [string, string | null][] = [
    ['arch', input.arch],
    ['distro', alpineDistro(input.distro)],
    ['upstream', input.origin],
  ];
  const pairs = qualifiers
    .filter((q): q is [string, string] => q[1] !== null && q[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${encode(value)}`);
  return pairs.length === 0 ? purl : `${purl}?${pairs.join('&')}`;
}
