/**
 * The read-ahead worker (bundled as server/out/read-ahead-worker.js): claims files of the
 * job one at a time, reads them, and posts the texts in batches to the indexing thread.
 */
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { readAportFile } from './aport-file';
import {
  AHEAD_LIMIT,
  BATCH_SIZE,
  CLAIMED,
  POSTED,
  TAKEN,
  WANTED,
  WORKER_WAITING,
  type ReadAheadJob,
  type ReadBatch,
} from './read-ahead-protocol';

function run({ root, paths, shared, port }: ReadAheadJob): void {
  const slots = new Int32Array(shared);
  let batch: ReadBatch = { indexes: [], results: [] };
  const post = (): void => {
    port.postMessage(batch);
    batch = { indexes: [], results: [] };
    Atomics.add(slots, POSTED, 1);
    Atomics.notify(slots, POSTED);
  };
  for (;;) {
    // Far enough ahead: hand over what was read, and wait until the indexing thread takes
    // more (it notifies as it goes).
    for (
      let taken = Atomics.load(slots, TAKEN);
      Atomics.load(slots, CLAIMED) - taken > AHEAD_LIMIT;
      taken = Atomics.load(slots, TAKEN)
    ) {
      if (batch.indexes.length > 0) post();
      Atomics.store(slots, WORKER_WAITING, 1);
      Atomics.wait(slots, TAKEN, taken, 20);
      Atomics.store(slots, WORKER_WAITING, 0);
    }
    const index = Atomics.add(slots, CLAIMED, 1);
    if (index >= paths.length) break;
    batch.indexes.push(index);
    batch.results.push(readAportFile(join(root, paths[index])));
    // The indexing thread waits for a file of this batch: hand it over now.
    const wanted = Atomics.load(slots, WANTED);
    if (batch.indexes.length >= BATCH_SIZE || (wanted >= 0 && wanted <= index)) post();
  }
  if (batch.indexes.length > 0) post();
  port.close();
}

run(workerData as ReadAheadJob);
