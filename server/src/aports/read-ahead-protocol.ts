/**
 * What the indexing thread and its read-ahead worker share: the file list, two counters in
 * shared memory, and the batches of texts the worker posts.
 */
import type { MessagePort } from 'node:worker_threads';
import type { AportFileRead } from './aport-file';

/** Given to the worker as workerData. */
export interface ReadAheadJob {
  root: string;
  paths: readonly string[];
  /** Int32 slots, see the slot constants. */
  shared: SharedArrayBuffer;
  /** Where the batches go; the indexing thread polls the other end synchronously. */
  port: MessagePort;
}

/** The next index nobody has claimed; either thread claims one with Atomics.add. */
export const CLAIMED = 0;
/** Bumped (and notified) after every batch the worker posts. */
export const POSTED = 1;
/** The index the indexing thread is waiting for; -1 when it is not waiting. */
export const WANTED = 2;
/** How many files the indexing thread has taken (stored now and then). */
export const TAKEN = 3;
/** 1 while the worker waits for TAKEN to move: only then does the indexing thread notify. */
export const WORKER_WAITING = 4;
export const SHARED_SLOTS = 5;

/**
 * How far the worker may read ahead of the files taken. Texts that wait longer than a young
 * garbage collection are copied to the old generation; within this distance they are parsed
 * and dropped while still young.
 */
export const AHEAD_LIMIT = 512;

/** A file's text; null when it does not exist; a problem when it is not a file to read. */
export type ReadResult = AportFileRead;

/** indexes[i] holds results[i]. */
export interface ReadBatch {
  indexes: number[];
  results: ReadResult[];
}

/** How many texts the worker collects before posting, unless the indexing thread waits. */
export const BATCH_SIZE = 64;
