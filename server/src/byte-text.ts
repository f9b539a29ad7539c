/**
 * Text of a file that round-trips to its exact bytes. Valid UTF-8 is decoded as such; each byte
 * that is not part of a valid UTF-8 sequence (a Latin-1 comment, a truncated sequence) becomes
 * the lone surrogate U+DC80..U+DCFF, as Python's `surrogateescape` does, and turns back into
 * that byte when encoded. UTF-8 never encodes a surrogate, so nothing else maps there.
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Only ever given valid runs, so it replaces nothing.
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

const ESCAPE_BASE = 0xdc00;

const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const second = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return isContinuation(second) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // E0 excludes overlong forms, ED the surrogates.
    const low = b === 0xe0 ? 0xa0 : 0x80;
    const high = b === 0xed ? 0x9f : 0xbf;
    if (second === undefined || second < low || second > high) return 0;
    return isContinuation(bytes[i + 2]) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    // F0 excludes overlong forms, F4 what lies beyond U+10FFFF.
    const low = b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xf4 ? 0x8f : 0xbf;
    if (second === undefined || second < low || second > high) return 0;
    return isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** The file's text: UTF-8 where the bytes are, an escape for each byte that is not. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    // Not UTF-8 throughout: decode the valid runs and escape the bytes between them.
  }
  const parts: string[] = [];
  let run = 0;
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (run < i) parts.push(lenient.decode(bytes.subarray(run, i)));
    parts.push(String.fromCharCode(ESCAPE_BASE + bytes[i]));
    i++;
    run = i;
  }
  if (run < bytes.length) parts.push(lenient.decode(bytes.subarray(run)));
  return parts.join('');
}

/**
 * The bytes of text made by decodeBytes (and edited): escapes become their bytes again, the
 * rest is UTF-8. A surrogate that is no escape (which no edit writes) becomes U+FFFD, so
 * callers that must keep every byte check `decodeBytes(encodeText(t)) === t`.
 */
export function encodeText(text: string): Buffer {
  if (!/[\ud800-\udfff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++; // a pair: one character beyond U+FFFF
      continue;
    }
    if (c < 0xdc80 || c > 0xdcff) continue;
    if (run < i) parts.push(Buffer.from(text.slice(run, i), 'utf8'));
    parts.push(Buffer.of(c - ESCAPE_BASE));
    run = i + 1;
  }
  if (run < text.length) parts.push(Buffer.from(text.slice(run), 'utf8'));
  return Buffer.concat(parts);
}
