/**
 * Reads many files in order while the caller works on the ones already read: the reads run on
 * libuv's thread pool, so on a machine with two cores reading costs little besides parsing.
 */
import { readFile } from 'node:fs';

/** How many reads are in flight at once: enough to keep the pool busy, few buffers held. */
const WINDOW = 48;

export interface ReadResult {
  path: string;
  /** The file's text, or null when it does not exist. */
  text: string | null;
}

function readOne(path: string): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    readFile(path, 'utf8', (error, text) => {
      if (!error) resolve({ path, text });
      else if (error.code === 'ENOENT') resolve({ path, text: null });
      else reject(error);
    });
  });
}

/** Yields every file of `paths` in order; a missing file gives text null, other errors throw. */
export async function* readAhead(paths: readonly string[]): AsyncGenerator<ReadResult> {
  const pending: Promise<ReadResult>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < paths.length && pending.length < WINDOW) pending.push(readOne(paths[next++]));
  };
  fill();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    fill();
    yield result;
  }
}
