/** What the server's indexing worker is given, and the batches of entries it posts. */
import type { AportsEntry } from './entry';
import type { IndexSettings } from './tree';

/** Given to the worker as workerData. */
export interface IndexJob {
  root: string;
  paths: readonly string[];
  settings: IndexSettings;
}

/** indexes[i] holds entries[i] (null for a missing file or one left out, problems[i] says why). */
export interface IndexBatch {
  indexes: number[];
  entries: (AportsEntry | null)[];
  problems: (string | null)[];
}

/** Entries per batch: small enough that taking one costs the answering thread little. */
export const INDEX_BATCH_SIZE = 32;

export const INDEX_WORKER_SCRIPT = 'index-worker.js';
