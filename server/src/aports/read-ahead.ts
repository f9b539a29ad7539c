/**
 * Reading the APKBUILDs of a tree ahead of the thread that parses them. Reading is about a
 * fifth of indexing and mostly system calls, which a worker thread makes on the other core.
 * Both threads claim files from one shared counter, so the indexing thread never waits for
 * the worker to start: it reads what nobody has claimed yet, and takes what the worker
 * posted. Without the worker script (sources run by a test runner) every file is read here.
 */
import { join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import { bundledWorker, WORTH_A_WORKER } from '../threads';
import { readAportFile } from './aport-file';
import {
  CLAIMED,
  POSTED,
  SHARED_SLOTS,
  TAKEN,
  WANTED,
  WORKER_WAITING,
  type ReadAheadJob,
  type ReadBatch,
  type ReadResult,
} from './read-ahead-protocol';

/** The texts of a tree's files, taken in any order, each once. */
export interface TreeTexts {
  /**
   * paths[index]'s text, null when the file does not exist, or the problem when it is not a
   * file to read (a FIFO, a device, a folder, too large, unreadable). Never blocks on a FIFO.
   */
  take(index: number): ReadResult;
  /** Stops the worker; call when done, also after an error. */
  close(): void;
}

export const READ_AHEAD_SCRIPT = 'read-ahead-worker.js';

/** The bundled read-ahead worker, or null when it was not built. */
export function readAheadScript(): string | null {
  return bundledWorker(READ_AHEAD_SCRIPT);
}

/**
 * How long to wait for a file the worker claimed before reading it here. The wait blocks the
 * thread that answers the editor, and a read costs microseconds: when the worker is behind (a
 * busy machine), reading here beats waiting.
 */
const WAIT_LIMIT_MS = 2;

/** Waits in vain in a row after which the worker counts as stuck (about 0.1 s lost). */
const STUCK_AFTER_MISSES = 50;

/** How often (in files taken) the worker hears how far the taking got. */
const NOTIFY_EVERY = 32;

/**
 * The texts of `paths` under `root`, read by a worker ahead of the caller when `script` (the
 * worker's file) is given and the list is long enough to be worth it.
 */
export function readTreeTexts(
  root: string,
  paths: readonly string[],
  script: string | null = readAheadScript(),
): TreeTexts {
  const here: TreeTexts = {
    take: (index) => readAportFile(join(root, paths[index])),
    close: () => {},
  };
  if (script === null || paths.length < WORTH_A_WORKER) return here;
  try {
    return new ReadAhead(root, paths, script);
  } catch {
    return here; // no worker threads here: read on this thread
  }
}

class ReadAhead implements TreeTexts {
  private readonly slots = new Int32Array(new SharedArrayBuffer(SHARED_SLOTS * 4));
  private readonly received = new Map<number, ReadResult>();
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** Waits in a row that saw nothing posted: past a few, the worker is stuck and not waited for. */
  private misses = 0;
  /** Files the worker claimed but this thread read itself: their late results are dropped. */
  private readonly readHere = new Set<number>();
  private taken = 0;

  constructor(
    private readonly root: string,
    private readonly paths: readonly string[],
    script: string,
  ) {
    this.slots[WANTED] = -1;
    const channel = new MessageChannel();
    this.port = channel.port1;
    const job: ReadAheadJob = {
      root,
      paths,
      shared: this.slots.buffer,
      port: channel.port2,
    };
    this.worker = new Worker(script, { workerData: job, transferList: [channel.port2] });
    // A worker that fails leaves its claimed files unposted: take() reads them here.
    this.worker.on('error', () => {});
    this.worker.unref();
  }

  take(index: number): ReadResult {
    // Tell the worker how far the taking got, so it keeps only a short way ahead.
    if (++this.taken % NOTIFY_EVERY === 0) {
      Atomics.store(this.slots, TAKEN, this.taken);
      // A wake-up is a system call: only when the worker sleeps.
      if (Atomics.load(this.slots, WORKER_WAITING) === 1) Atomics.notify(this.slots, TAKEN);
    }
    for (;;) {
      const result = this.receive(index);
      if (result !== undefined) {
        this.received.delete(index);
        return result;
      }
      if (Atomics.load(this.slots, CLAIMED) <= index) {
        // Nobody has it yet: claim the next file (this one, unless the worker just did).
        const claimed = Atomics.add(this.slots, CLAIMED, 1);
        if (claimed === index || claimed >= this.paths.length) return this.readOwn(index);
        this.received.set(claimed, this.readOwn(claimed));
      } else if (this.misses > STUCK_AFTER_MISSES || !this.waitForWorker(index)) {
        this.misses++;
        this.readHere.add(index);
        return this.readOwn(index);
      }
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }

  /** Waits until the worker posts again; false when it did not within the limit. */
  private waitForWorker(index: number): boolean {
    const posted = Atomics.load(this.slots, POSTED);
    Atomics.store(this.slots, WANTED, index);
    const arrived = this.receive(index) !== undefined;
    const outcome = arrived ? 'ok' : Atomics.wait(this.slots, POSTED, posted, WAIT_LIMIT_MS);
    Atomics.store(this.slots, WANTED, -1);
    return outcome !== 'timed-out';
  }

  /** `index`'s result if it arrived, taking posted batches until it is there. */
  private receive(index: number): ReadResult | undefined {
    let result = this.received.get(index);
    while (result === undefined) {
      const message = receiveMessageOnPort(this.port);
      if (message === undefined) break;
      const batch = message.message as ReadBatch;
      this.misses = 0;
      batch.indexes.forEach((at, i) => {
        if (!this.readHere.delete(at)) this.received.set(at, batch.results[i]);
      });
      result = this.received.get(index);
    }
    return result;
  }

  private readOwn(index: number): ReadResult {
    return readAportFile(join(this.root, this.paths[index]));
  }
}
