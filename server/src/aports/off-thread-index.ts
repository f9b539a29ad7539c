import { Worker } from 'node:worker_threads';
import { bundledWorker } from '../threads';
import type { AportsEntry } from './entry';
import { INDEX_WORKER_SCRIPT, type IndexBatch, type IndexJob } from './index-worker-protocol';
import type { IndexSettings, TreeEntriesRead } from './tree';

/** The bundled indexing worker, or null when it was not built. */
export function indexWorkerScript(): string | null {
  return bundledWorker(INDEX_WORKER_SCRIPT);
}

/**
 * The entries of `paths`, read and parsed on a worker thread: the calling thread only takes
 * the batches as they come. Resolves with what the worker gave, and the indexes it did not
 * get to (all of them when it could not start), which the caller reads itself.
 */
export function readEntriesOffThread(
  script: string,
  root: string,
  paths: readonly string[],
  settings: IndexSettings,
  onProgress?: (done: number, total: number) => void,
): Promise<{ read: TreeEntriesRead; missing: number[] }> {
  const entries = Array.from<AportsEntry | null | undefined>({ length: paths.length });
  const unread = new Map<string, string>();
  let done = 0;
  const finish = (): { read: TreeEntriesRead; missing: number[] } => {
    const missing: number[] = [];
    entries.forEach((entry, i) => entry === undefined && missing.push(i));
    return { read: { entries: entries.map((e) => e ?? null), unread }, missing };
  };
  return new Promise((settle) => {
    let worker: Worker;
    try {
      const job: IndexJob = { root, paths, settings };
      worker = new Worker(script, { workerData: job });
    } catch {
      settle(finish());
      return;
    }
    worker.on('message', (batch: IndexBatch) => {
      batch.indexes.forEach((at, i) => {
        entries[at] = batch.entries[i];
        const problem = batch.problems[i];
        if (problem !== null) unread.set(paths[at], problem);
      });
      done += batch.indexes.length;
      onProgress?.(done, paths.length);
    });
    // A failed worker leaves what it did not post to the caller.
    worker.on('error', () => {});
    worker.on('exit', () => settle(finish()));
  });
}
