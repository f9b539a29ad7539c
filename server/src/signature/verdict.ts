/**
 * What verifying an Alpine v2 package or index concluded: one verdict, plain data (it goes into
 * compare reports and provenance as it is), and the sentence a user reads for it.
 */

/** The digest a signature type names: `.SIGN.RSA.` is SHA-1, `.SIGN.RSA256.` SHA-256. */
export type SignatureDigest = 'sha1' | 'sha256' | 'sha512';

/** The part of a file that does not match what protects it. */
export type AlteredPart = 'signature' | 'datahash';

export type SignatureVerdict =
  /** The signature verifies with `key` (a file name in the keys folder), and so does datahash. */
  | { status: 'verified'; key: string; digest: SignatureDigest }
  /** No `.SIGN.*` entry: nothing says who made the file. */
  | { status: 'unsigned' }
  /** Signed, but by keys the keys folder does not hold (names as the signatures give them). */
  | { status: 'unknown-key'; keys: string[] }
  /**
   * The bytes are not what was signed: the signature does not verify over the control stream
   * (or the index), and/or `.PKGINFO`'s datahash is not the SHA-256 of the data stream.
   */
  | {
      status: 'altered';
      parts: AlteredPart[];
      /** The key whose signature was checked, when one was. */
      key: string | null;
      /** Set when the datahash does not match: what .PKGINFO says and what the data hashes to. */
      datahash: { declared: string; actual: string } | null;
    }
  /** The file is not a readable v2 package or index; `problem` says why. */
  | { status: 'unreadable'; problem: string };

export type SignatureStatus = SignatureVerdict['status'];

/** A verdict for one file, and whether the file is a package or an index. */
export interface FileVerdict {
  file: string;
  kind: 'package' | 'index' | null;
  verdict: SignatureVerdict;
}

const DIGEST_NAMES: Record<SignatureDigest, string> = {
  sha1: 'RSA/SHA-1',
  sha256: 'RSA/SHA-256',
  sha512: 'RSA/SHA-512',
};

/** The status as a user reads it: `verified`, `unknown key`, ... */
export function statusLabel(status: SignatureStatus): string {
  return status === 'unknown-key' ? 'unknown key' : status;
}

/** Why the verdict is what it is, in a sentence without the file name. */
export function verdictReason(verdict: SignatureVerdict, keysFolder: string): string {
  switch (verdict.status) {
    case 'verified':
      return `signed by ${verdict.key} (${DIGEST_NAMES[verdict.digest]})`;
    case 'unsigned':
      return 'no signature (.SIGN.* entry)';
    case 'unknown-key':
      return `signed by ${verdict.keys.join(', ')}, which ${verdict.keys.length === 1 ? 'is' : 'are'} not in ${keysFolder}`;
    case 'altered': {
      const reasons: string[] = [];
      if (verdict.parts.includes('signature'))
        reasons.push(`the signature by ${verdict.key ?? '?'} does not match the signed stream`);
      if (verdict.datahash !== null)
        reasons.push(
          `.PKGINFO datahash ${verdict.datahash.declared} does not match the data stream (sha256 ${verdict.datahash.actual})`,
        );
      return reasons.join('; ');
    }
    case 'unreadable':
      return verdict.problem;
  }
}

/** `FILE: verified: signed by KEY (RSA/SHA-1)`. */
export function verdictLine(result: FileVerdict, keysFolder: string): string {
  return `${result.file}: ${statusLabel(result.verdict.status)}: ${verdictReason(result.verdict, keysFolder)}`;
}
