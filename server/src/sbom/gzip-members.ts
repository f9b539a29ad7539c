/**
 * Splits a file of concatenated gzip members into the members' byte ranges. Alpine's v2 .apk
 * and APKINDEX.tar.gz are such files: the signature, the control and the data streams are
 * separate members, and a signature covers the exact compressed bytes of the member after it,
 * so the boundaries must be found in the compressed file (gunzip joins them and loses them).
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface GzipMember {
  /** Offset of the member's first byte (the 0x1f 0x8b magic) in the file. */
  start: number;
  /** Offset just past the member's 8-byte trailer. */
  end: number;
  /** The member's inflated bytes. */
  inflated: Buffer;
}

export type GzipMembers = { ok: true; members: GzipMember[] } | { ok: false; message: string };

const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const TRAILER_BYTES = 8;

/** Offset just past the gzip header at `start`, or a reason the header is not one. */
function headerEnd(bytes: Buffer, start: number): number | string {
  if (bytes.length - start < 10) return 'a gzip header is cut short';
  if (bytes[start] !== 0x1f || bytes[start + 1] !== 0x8b) return 'not gzip data';
  if (bytes[start + 2] !== 8) return `unknown gzip compression method ${bytes[start + 2]}`;
  const flags = bytes[start + 3];
  let at = start + 10;
  if (flags & FLAG_EXTRA) {
    if (at + 2 > bytes.length) return 'a gzip header is cut short';
    at += 2 + bytes.readUInt16LE(at);
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    const nul = bytes.indexOf(0, at);
    if (nul < 0) return 'a gzip header is cut short';
    at = nul + 1;
  }
  if (flags & FLAG_HCRC) at += 2;
  return at > bytes.length ? 'a gzip header is cut short' : at;
}

/**
 * Every member of `bytes`, in order. `maxBytes` bounds the inflated total, so a decompression
 * bomb costs at most that much; past it, or on a cut or corrupt member, the answer says which
 * member (counting from 1) and why.
 */
export function gzipMembers(bytes: Buffer, maxBytes = 1024 * 1024 * 1024): GzipMembers {
  const members: GzipMember[] = [];
  let start = 0;
  let inflatedTotal = 0;
  while (start < bytes.length) {
    const ordinal = members.length + 1;
    const bodyStart = headerEnd(bytes, start);
    if (typeof bodyStart === 'string')
      return { ok: false, message: `gzip member ${ordinal}: ${bodyStart}` };
    let inflated: Buffer;
    let consumed: number;
    try {
      // With info, zlib reports how many input bytes the raw deflate stream took: the
      // member's boundary, which nothing else in the file marks.
      const result = inflateRawSync(bytes.subarray(bodyStart), {
        info: true,
        maxOutputLength: Math.max(1, maxBytes - inflatedTotal),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      inflated = result.buffer;
      consumed = result.engine.bytesWritten;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE')
        return {
          ok: false,
          message: `gzip data inflates to more than ${maxBytes} bytes (the limit)`,
        };
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `gzip member ${ordinal} is truncated or corrupt (${reason})` };
    }
    const end = bodyStart + consumed + TRAILER_BYTES;
    if (end > bytes.length)
      return { ok: false, message: `gzip member ${ordinal} is cut short (no trailer)` };
    if (bytes.readUInt32LE(end - 8) !== crc32(inflated))
      return { ok: false, message: `gzip member ${ordinal}: its CRC does not match its data` };
    if (bytes.readUInt32LE(end - 4) !== inflated.length % 2 ** 32)
      return {
        ok: false,
        message: `gzip member ${ordinal}: its length does not match its trailer`,
      };
    inflatedTotal += inflated.length;
    members.push({ start, end, inflated });
    start = end;
  }
  if (members.length === 0) return { ok: false, message: 'empty file: no gzip data' };
  return { ok: true, members };
}
