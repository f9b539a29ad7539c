/**
 * Verifies an Alpine v2 package or APKINDEX.tar.gz the way apk-tools 2 does, in Node's crypto.
 * The file is gzip members: first the signature tars (`.SIGN.*` entries), then what they sign.
 * - A package: the signature (RSA PKCS#1 v1.5) covers the compressed bytes of the control
 *   member, the one holding `.PKGINFO`; `.PKGINFO`'s `datahash` is the SHA-256 hex of the
 *   compressed bytes of the data member(s) after it. (A package without datahash, from before
 *   abuild wrote one, is signed over control and data together.)
 * - An index: the signature covers the compressed bytes of the index member.
 * As apk does, the signature checked is the first whose key the keys folder holds.
 */
import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import { parsePkgInfo } from '../rebuild/apk-file';
import { readInputFile } from '../input-file';
import { gzipMembers, type GzipMember } from '../sbom/gzip-members';
import type { Keyring } from './keyring';
import {
  isSignatureName,
  memberEntries,
  signatureEntryOf,
  type MemberEntry,
  type SignatureEntry,
} from './signature-entries';
import type { AlteredPart, FileVerdict, SignatureDigest, SignatureVerdict } from './verdict';

/** Far above any real package (the largest Alpine packages are a few hundred MB). */
export const MAX_SIGNED_FILE_BYTES = 1024 * 1024 * 1024;

/** Control entries kept in memory: .PKGINFO is the only one read. */
const keepControl = (name: string): boolean => name === '.PKGINFO';

const unreadable = (problem: string): SignatureVerdict => ({ status: 'unreadable', problem });

interface Layout {
  kind: 'package' | 'index';
  signatures: SignatureEntry[];
  /** The compressed bytes the signature covers. */
  signed: Buffer;
  /** For a package with datahash: what it declares and the bytes it covers. */
  datahash: { declared: string; covered: Buffer } | null;
}

/** Reads the members into signatures, signed bytes and datahash; a string says why it cannot. */
async function layoutOf(bytes: Buffer, members: GzipMember[]): Promise<Layout | string> {
  const signatures: SignatureEntry[] = [];
  let at = 0;
  let control: MemberEntry[] = [];
  // Leading members made only of .SIGN.* entries are signatures (abuild-sign adds one each).
  for (; at < members.length; at++) {
    const entries = await memberEntries(members[at].inflated, isSignatureName);
    if (typeof entries === 'string') return `gzip member ${at + 1}: ${entries}`;
    if (entries.length === 0 || !entries.every((e) => isSignatureName(e.name))) {
      const again = await memberEntries(members[at].inflated, keepControl);
      if (typeof again === 'string') return `gzip member ${at + 1}: ${again}`;
      control = again;
      break;
    }
    for (const entry of entries) {
      const parsed = signatureEntryOf(entry);
      if (parsed !== null) signatures.push(parsed);
    }
  }
  const member = members[at];
  if (member === undefined) return 'nothing after the signature: no control stream or index';
  const names = new Set(control.map((e) => e.name));
  const toEnd = bytes.subarray(member.start);
  if (names.has('APKINDEX')) return { kind: 'index', signatures, signed: toEnd, datahash: null };
  const pkginfo = control.find((e) => e.name === '.PKGINFO');
  if (pkginfo === undefined)
    return `gzip member ${at + 1} holds neither .PKGINFO (a package) nor APKINDEX (an index)`;
  const declared = parsePkgInfo(pkginfo.data.toString('utf8')).get('datahash')?.[0];
  if (declared === undefined) return { kind: 'package', signatures, signed: toEnd, datahash: null };
  const data = members[at + 1];
  if (data === undefined) return 'no data stream after the control stream (cut short?)';
  return {
    kind: 'package',
    signatures,
    signed: bytes.subarray(member.start, member.end),
    datahash: { declared: declared.toLowerCase(), covered: bytes.subarray(data.start) },
  };
}

/** The first signature apk would check: a type it verifies and a key the folder holds. */
function usableSignature(
  layout: Layout,
  keyring: Keyring,
): { entry: SignatureEntry; digest: SignatureDigest; key: KeyObject } | null {
  for (const entry of layout.signatures) {
    const key = keyring.keys.get(entry.key);
    if (entry.digest !== null && key !== undefined) return { entry, digest: entry.digest, key };
  }
  return null;
}

function verdictOf(layout: Layout, keyring: Keyring): SignatureVerdict {
  let datahash: { declared: string; actual: string } | null = null;
  if (layout.datahash !== null) {
    const actual = createHash('sha256').update(layout.datahash.covered).digest('hex');
    if (actual !== layout.datahash.declared)
      datahash = { declared: layout.datahash.declared, actual };
  }
  const usable = usableSignature(layout, keyring);
  const signatureMatches =
    usable !== null &&
    verify(
      usable.digest,
      layout.signed,
      { key: usable.key, padding: constants.RSA_PKCS1_PADDING },
      usable.entry.signature,
    );
  const parts: AlteredPart[] = [];
  if (usable !== null && !signatureMatches) parts.push('signature');
  if (datahash !== null) parts.push('datahash');
  // Data that does not match its control is altered whoever signed (or did not sign) it.
  if (parts.length > 0)
    return { status: 'altered', parts, key: usable?.entry.key ?? null, datahash };
  if (layout.signatures.length === 0) return { status: 'unsigned' };
  if (usable === null)
    return {
      status: 'unknown-key',
      keys: layout.signatures.map((s) =>
        s.digest === null ? `${s.key} (type ${s.type}, not checked)` : s.key,
      ),
    };
  return { status: 'verified', key: usable.entry.key, digest: usable.digest };
}

/** The verdict on a package or index held in memory; `file` names it in the result. */
export async function verifySignedBytes(
  bytes: Buffer,
  file: string,
  keyring: Keyring,
): Promise<FileVerdict> {
  const split = gzipMembers(bytes, MAX_SIGNED_FILE_BYTES);
  if (!split.ok) return { file, kind: null, verdict: unreadable(split.message) };
  const layout = await layoutOf(bytes, split.members);
  if (typeof layout === 'string') return { file, kind: null, verdict: unreadable(layout) };
  return { file, kind: layout.kind, verdict: verdictOf(layout, keyring) };
}

/** The verdict on the package or index at `path` (a regular file, read whole). */
export async function verifySignedFile(path: string, keyring: Keyring): Promise<FileVerdict> {
  const read = readInputFile(path, {
    what: 'an .apk package or APKINDEX.tar.gz',
    maxBytes: MAX_SIGNED_FILE_BYTES,
  });
  // The message names the file already; the verdict's problem should not say it twice.
  if (!read.ok)
    return {
      file: path,
      kind: null,
      verdict: unreadable(
        read.message.startsWith(`${path}: `) ? read.message.slice(path.length + 2) : read.message,
      ),
    };
  return verifySignedBytes(read.bytes, path, keyring);
}
