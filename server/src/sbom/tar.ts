import { constants, gunzipSync } from 'node:zlib';

/**
 * Just enough gzip and tar for APKINDEX.tar.gz and .apk files: several gzip members that
 * together hold one tar stream of 512-byte ustar headers, each followed by its data padded to
 * 512 bytes. Nothing here throws on bad bytes: what cannot be read is described instead.
 */

export interface TarEntry {
  name: string;
  /** The header's type flag: `0` (or NUL) for a regular file, `5` a folder, and so on. */
  type: string;
  data: Buffer;
  /** The data ends before the size the header gives. */
  truncated: boolean;
}

export interface Unpacked<T> {
  value: T;
  problems: string[];
  /** Set when a limit was passed: nothing was kept, and this says which limit. */
  refused?: string;
}

/** How far gzip and tar reading may go: a bomb costs at most these. */
export interface UnpackLimits {
  /** Most bytes all gzip members together may inflate to. */
  maxInflatedBytes: number;
  /** Most tar entries (headers, long-name entries included) read. */
  maxTarEntries: number;
}

/** Far above any real APKINDEX.tar.gz (main and community inflate to a few MB, 3 entries). */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxInflatedBytes: 128 * 1024 * 1024,
  maxTarEntries: 10_000,
};

const BLOCK = 512;

export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function looksLikeTar(bytes: Buffer): boolean {
  return bytes.length >= BLOCK && bytes.toString('latin1', 257, 262) === 'ustar';
}

/** zlib stops at maxOutputLength with this RangeError instead of growing the buffer. */
function isOverLimit(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * Every gzip member inflated and joined; a truncated or corrupt stream gives what came before.
 * Inflating stops past `maxBytes`: then nothing is kept and `refused` says so.
 */
export function gunzipAll(
  bytes: Buffer,
  maxBytes = DEFAULT_UNPACK_LIMITS.maxInflatedBytes,
): Unpacked<Buffer> {
  const overLimit = (): Unpacked<Buffer> => {
    const refused = `gzip data inflates to more than ${maxBytes} bytes (the limit); not read`;
    return { value: Buffer.alloc(0), problems: [refused], refused };
  };
  try {
    return { value: gunzipSync(bytes, { maxOutputLength: maxBytes }), problems: [] };
  } catch (error) {
    if (isOverLimit(error)) return overLimit();
    const reason = error instanceof Error ? error.message : String(error);
    let partial = Buffer.alloc(0);
    try {
      partial = gunzipSync(bytes, {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: maxBytes,
      });
    } catch (again) {
      if (isOverLimit(again)) return overLimit();
      // Nothing could be recovered: corrupt before the first complete block.
    }
    const recovered = partial.length > 0 ? `; read the first ${partial.length} bytes` : '';
    return {
      value: partial,
      problems: [`gzip data is truncated or corrupt (${reason})${recovered}`],
    };
  }
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.toString('utf8', 0, nul < 0 ? field.length : nul);
}

function octal(header: Buffer, start: number, length: number): number | undefined {
  const field = text(header, start, length).trim();
  return /^[0-7]+$/.test(field) ? parseInt(field, 8) : field === '' ? 0 : undefined;
}

function checksumMatches(header: Buffer): boolean {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return stored === sum;
}

/** A tar that holds nothing: its first block is the end marker. */
export function isEmptyTar(bytes: Buffer): boolean {
  return bytes.length >= BLOCK && bytes.subarray(0, BLOCK).every((byte) => byte === 0);
}

/**
 * The entries of a tar stream, in order; stops at the end marker or the first bad header.
 * Entries are views of `bytes` (nothing is copied); past `maxEntries` headers nothing is kept
 * and `refused` says so.
 */
export function readTar(
  bytes: Buffer,
  maxEntries = DEFAULT_UNPACK_LIMITS.maxTarEntries,
): Unpacked<TarEntry[]> {
  const entries: TarEntry[] = [];
  const problems: string[] = [];
  let longName: string | undefined;
  let offset = 0;
  let headers = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return { value: entries, problems };
    if (++headers > maxEntries) {
      const refused = `more than ${maxEntries} tar entries (the limit); not read`;
      return { value: [], problems: [refused], refused };
    }
    const size = octal(header, 124, 12);
    if (!checksumMatches(header) || size === undefined) {
      problems.push(`tar header at byte ${offset} is not valid; entries after it are not read`);
      return { value: entries, problems };
    }
    const type = text(header, 156, 1) || '0';
    const prefix = text(header, 257, 6).startsWith('ustar') ? text(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const start = offset + BLOCK;
    const data = bytes.subarray(start, Math.min(start + size, bytes.length));
    const truncated = start + size > bytes.length;
    if (truncated) problems.push(`tar entry ${name} is truncated: ${data.length} of ${size} bytes`);
    longName = undefined;
    // GNU long names: the entry's data is the name of the entry that follows.
    if (type === 'L') longName = text(data, 0, data.length);
    else entries.push({ name, type, data, truncated });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (offset < bytes.length || entries.length === 0)
    problems.push(`tar stream ends without an end marker after ${entries.length} entries`);
  return { value: entries, problems };
}
