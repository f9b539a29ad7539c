/**
 * The indexing worker (bundled as server/out/index-worker.js): reads and parses every file of
 * the job and posts the entries in batches, so the language server's own thread only collects
 * them and keeps answering the editor while a tree of 12,000 aports is indexed.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readAportFile } from './aport-file';
import { INDEX_BATCH_SIZE, type IndexBatch, type IndexJob } from './index-worker-protocol';
import { treeEntryOfText } from './tree';

function run({ root, paths, settings }: IndexJob): void {
  let batch: IndexBatch = { indexes: [], entries: [], problems: [] };
  for (let index = 0; index < paths.length; index++) {
    const text = readAportFile(join(root, paths[index]));
    batch.indexes.push(index);
    batch.entries.push(
      typeof text === 'string' ? treeEntryOfText(root, paths[index], text, settings) : null,
    );
    batch.problems.push(text !== null && typeof text !== 'string' ? text.problem : null);
    if (batch.indexes.length >= INDEX_BATCH_SIZE) {
      parentPort?.postMessage(batch);
      batch = { indexes: [], entries: [], problems: [] };
    }
  }
  if (batch.indexes.length > 0) parentPort?.postMessage(batch);
}

run(workerData as IndexJob);
