/**
 * The signatures of a comparison's inputs: each package verified against a keys folder (the
 * one given, else the host's /etc/apk/keys when there is one), so the report can say which
 * inputs are unsigned, signed by a key the folder does not hold, or altered. Without a keys
 * folder nothing is checked, and the report says so instead of calling every input unknown.
 */
import { statSync } from 'node:fs';
import { readInputFile } from '../input-file';
import { isGzip } from '../sbom/tar';
import {
  DEFAULT_KEYS_FOLDER,
  loadKeyring,
  verifySignedBytes,
  verifySignedFile,
  MAX_SIGNED_FILE_BYTES,
  type FileVerdict,
  type Keyring,
  type SignatureStatus,
} from '../signature';
import type { CompareSignatures, PackageSummary } from './compare-report';
import type { LoadedSide } from './compare-side';

export type SignatureKeys =
  | { ok: true; keyring: Keyring }
  | { ok: true; keyring: null; notChecked: string }
  | { ok: false; message: string };

/**
 * The keyring to check against: `folder` when given (an error when it cannot be read), else
 * /etc/apk/keys when it is a folder, else none, with the reason.
 */
export function signatureKeys(folder: string | undefined): SignatureKeys {
  if (
    folder === undefined &&
    !statSync(DEFAULT_KEYS_FOLDER, { throwIfNoEntry: false })?.isDirectory()
  )
    return {
      ok: true,
      keyring: null,
      notChecked: `signatures were not checked: no keys folder (${DEFAULT_KEYS_FOLDER} does not exist here; give --keys DIR)`,
    };
  const loaded = loadKeyring(folder ?? DEFAULT_KEYS_FOLDER);
  return loaded.ok ? { ok: true, keyring: loaded.keyring } : loaded;
}

/** Verifies every package of the side, setting each summary's `signature`. */
export async function verifySide(side: LoadedSide, keyring: Keyring): Promise<void> {
  for (const summary of side.side.packages)
    summary.signature = (await verifySignedFile(summary.file, keyring)).verdict;
}

/**
 * The verdict on each index file. A plain APKINDEX (not a .tar.gz) carries no signature: it is
 * unsigned, not unreadable; one that cannot be read at all was reported when it was loaded.
 */
export async function verifyIndexes(files: string[], keyring: Keyring): Promise<FileVerdict[]> {
  const verdicts: FileVerdict[] = [];
  for (const file of files) {
    const read = readInputFile(file, { what: 'an APKINDEX', maxBytes: MAX_SIGNED_FILE_BYTES });
    if (!read.ok) continue;
    verdicts.push(
      isGzip(read.bytes)
        ? await verifySignedBytes(read.bytes, file, keyring)
        : { file, kind: 'index', verdict: { status: 'unsigned' } },
    );
  }
  return verdicts;
}

const STATUSES: SignatureStatus[] = [
  'verified',
  'unsigned',
  'unknown-key',
  'altered',
  'unreadable',
];

/** What compare checked the signatures against (and the indexes' verdicts), or why it did not. */
export type SignatureCheck = { folder: string; indexes: FileVerdict[] } | { notChecked: string };

/** The report's signature section from the verdicts on the packages of both sides. */
export function compareSignatures(
  packages: PackageSummary[],
  keys: SignatureCheck,
): CompareSignatures {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<SignatureStatus, number>;
  for (const p of packages) if (p.signature !== undefined) counts[p.signature.status]++;
  return 'folder' in keys
    ? { keys: keys.folder, notChecked: null, counts, indexes: keys.indexes }
    : { keys: null, notChecked: keys.notChecked, counts, indexes: [] };
}
