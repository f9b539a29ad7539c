import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_KEYS_FOLDER,
  loadKeyring,
  statusLabel,
  verdictLine,
  verdictReason,
  verifySignedFile,
  type FileVerdict,
} from '../signature';
import type { CliIo } from './io';

export const VERIFY_FORMATS = ['text', 'json'] as const;

export interface VerifyFlags {
  /** The folder of trusted public keys; default /etc/apk/keys. */
  keys: string | undefined;
  format: string;
}

/** One file of `verify --format json`. */
export interface VerifyJsonFile extends FileVerdict {
  /** `verified`, `unsigned`, `unknown key`, `altered` or `unreadable`, as the text says it. */
  label: string;
  reason: string;
}

/** How deep a folder is searched: a repository is `<repo>/<arch>/*.apk`. */
const MAX_DEPTH = 2;

const isSigned = (name: string): boolean => name.endsWith('.apk') || name === 'APKINDEX.tar.gz';

/** The packages and indexes under `folder`, sorted; a folder with none gives none. */
function signedFilesUnder(folder: string, depth = 0): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const path = join(folder, entry.name);
    if (entry.isFile() && isSigned(entry.name)) found.push(path);
    else if (entry.isDirectory() && depth < MAX_DEPTH)
      found.push(...signedFilesUnder(path, depth + 1));
  }
  return found;
}

/** Each argument as the files it stands for: itself, or a folder's packages and indexes. */
function expand(files: string[], io: CliIo): string[] | null {
  const expanded: string[] = [];
  for (const file of files) {
    if (!statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      expanded.push(file);
      continue;
    }
    const found = signedFilesUnder(file);
    if (found.length === 0) {
      io.error(`${file}: no .apk files or APKINDEX.tar.gz in this folder`);
      return null;
    }
    expanded.push(...found);
  }
  return expanded;
}

/**
 * `apkharden verify FILE... [--keys DIR] [--format text|json]`: the signature verdict on each
 * Alpine v2 package or APKINDEX.tar.gz (a folder stands for those in it). Exit 0 when every file verifies, 1 when one does not
 * (unsigned, unknown key, altered), 2 when one cannot be read or the command line is wrong.
 */
export async function runVerify(files: string[], flags: VerifyFlags, io: CliIo): Promise<number> {
  if (files.length === 0)
    return io.usage('verify needs at least one .apk package or APKINDEX.tar.gz');
  if (!(VERIFY_FORMATS as readonly string[]).includes(flags.format))
    return io.usage(`unknown --format '${flags.format}' (one of ${VERIFY_FORMATS.join(', ')})`);
  const folder = flags.keys ?? DEFAULT_KEYS_FOLDER;
  const loaded = loadKeyring(folder);
  if (!loaded.ok) {
    io.error(
      `${loaded.message}${flags.keys === undefined ? '; give the keys with --keys DIR' : ''}`,
    );
    return 2;
  }
  const { keyring } = loaded;
  for (const problem of keyring.problems) io.error(`warning: ${problem}`);

  const expanded = expand(files, io);
  if (expanded === null) return 2;
  const results: FileVerdict[] = [];
  for (const file of expanded) {
    const result = await verifySignedFile(file, keyring);
    results.push(result);
    if (flags.format === 'text') io.print(verdictLine(result, folder));
  }
  if (flags.format === 'json') {
    const json: VerifyJsonFile[] = results.map((r) => ({
      ...r,
      label: statusLabel(r.verdict.status),
      reason: verdictReason(r.verdict, folder),
    }));
    io.print(JSON.stringify({ keys: folder, files: json }, null, 2));
  }
  if (results.some((r) => r.verdict.status === 'unreadable')) return 2;
  return results.every((r) => r.verdict.status === 'verified') ? 0 : 1;
}
