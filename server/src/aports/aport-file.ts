/**
 * One APKBUILD of an aports tree, read the same way by the indexing thread and by the
 * read-ahead worker: only a regular file of bounded size, so a FIFO or a device placed in a
 * tree is reported instead of blocking the reader (and the server) forever.
 */
import { existsSync } from 'node:fs';
import { readInputFile } from '../input-file';

/** What reading one file of a tree gives: the text, null when there is no file, or a problem. */
export type AportFileRead = string | null | UnreadFile;

/** A file that is there but was not read: the message names it and says why. */
export interface UnreadFile {
  problem: string;
}

/** The corpus's largest APKBUILD is 30 KB: a file far larger is no APKBUILD worth indexing. */
export const MAX_APORT_FILE_BYTES = 4 * 1024 * 1024;

export function readAportFile(file: string): AportFileRead {
  const read = readInputFile(file, { what: 'an APKBUILD', maxBytes: MAX_APORT_FILE_BYTES });
  if (read.ok) return read.bytes.toString('utf8');
  // Only on failure: most aports have their APKBUILD, and a check first would cost a call each.
  if (!existsSync(file)) return null;
  return { problem: `${read.message}; left out of the index` };
}
