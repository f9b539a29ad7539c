/**
 * The index text inside an index file: plain APKINDEX text (or an installed db), the
 * `APKINDEX` entry of a tar (APKINDEX.tar.gz is a gzipped tar), or gzipped text. Inflating and
 * tar reading stop at the unpack limits; what is none of these is described, so "not an
 * APKINDEX" can say what the file is instead.
 */
import { gunzipAll, isEmptyTar, isGzip, looksLikeTar, readTar, type UnpackLimits } from './tar';

export type UnwrappedIndex =
  | {
      text: string;
      /** The text was cut short (truncated gzip or tar): its last record is incomplete. */
      truncated: boolean;
      /** Where the text was found, for a message when it holds no record: `the tar's APKINDEX`. */
      container: string | null;
      /** The tar's DESCRIPTION entry (`v3.19.0-327-g6edd0d6d61c`), when it has one. */
      description?: string;
      /** What was odd on the way (a truncated gzip stream), without the file's name. */
      problems: string[];
    }
  | { refused: string; problems: string[] };

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are text: valid UTF-8 without NUL bytes. */
function decodeText(bytes: Buffer, lenient: boolean): string | undefined {
  if (bytes.includes(0)) return undefined;
  // A truncated stream may end inside a character: then only binary data is refused.
  if (lenient) return bytes.toString('utf8');
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A few words on what bytes hold, for "not an APKINDEX: ..." */
export function describeBytes(bytes: Buffer): string {
  if (bytes.length === 0) return 'nothing (0 bytes)';
  if (isEmptyTar(bytes)) return 'an empty tar';
  if (looksLikeTar(bytes)) return 'a tar';
  if (isGzip(bytes)) return 'gzip data';
  const text = decodeText(bytes.subarray(0, 4096), true);
  if (text === undefined || text.includes('\uFFFD')) return `${bytes.length} bytes of binary data`;
  const first = text.trim().split('\n', 1)[0].slice(0, 60);
  return `text starting '${first}'`;
}

function fromTar(tar: Buffer, limits: UnpackLimits, problems: string[]): UnwrappedIndex {
  const entries = readTar(tar, limits.maxTarEntries);
  if (entries.refused !== undefined) return { refused: entries.refused, problems };
  problems.push(...entries.problems);
  const named = (name: string): (typeof entries.value)[number] | undefined =>
    entries.value.find((e) => e.name === name || e.name === `./${name}`);
  const entry = named('APKINDEX');
  if (!entry) {
    const names = entries.value.map((e) => e.name).join(', ') || 'none';
    return {
      refused: `not an APKINDEX: a tar without an APKINDEX entry (entries: ${names})`,
      problems,
    };
  }
  const text = decodeText(entry.data, true);
  if (text === undefined)
    return { refused: "not an APKINDEX: the tar's APKINDEX entry is not text", problems };
  const description = named('DESCRIPTION')?.data.toString('utf8').trim();
  return {
    text,
    truncated: entry.truncated,
    container: "the tar's APKINDEX entry",
    ...(description ? { description } : {}),
    problems,
  };
}

/** Finds the index text in `bytes`; never throws. */
export function unwrapIndex(bytes: Buffer, limits: UnpackLimits): UnwrappedIndex {
  const problems: string[] = [];
  if (looksLikeTar(bytes)) return fromTar(bytes, limits, problems);
  if (!isGzip(bytes)) {
    if (isEmptyTar(bytes)) return { refused: 'not an APKINDEX: an empty tar', problems };
    const text = decodeText(bytes, false);
    if (text === undefined)
      return {
        refused: `not an APKINDEX: ${describeBytes(bytes)}, not gzip, tar or APKINDEX text`,
        problems,
      };
    return { text, truncated: false, container: null, problems };
  }
  const inflated = gunzipAll(bytes, limits.maxInflatedBytes);
  if (inflated.refused !== undefined) return { refused: inflated.refused, problems };
  problems.push(...inflated.problems);
  const truncated = inflated.problems.length > 0;
  if (looksLikeTar(inflated.value)) return fromTar(inflated.value, limits, problems);
  // apk never writes gzipped text, but a gzipped APKINDEX or installed db is still an index.
  const text = isEmptyTar(inflated.value) ? undefined : decodeText(inflated.value, truncated);
  if (text === undefined || text.trim() === '')
    return {
      refused: `not an APKINDEX: gzip data holding ${describeBytes(inflated.value)}`,
      problems,
    };
  return { text, truncated, container: 'the gzip data', problems };
}
