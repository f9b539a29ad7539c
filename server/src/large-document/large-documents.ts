import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { tooLargeToJudge } from '../hardening';
import { bundledWorker } from '../threads';
import { LARGE_DOCUMENT_SCRIPT, type LargeDocumentJob, type LargeDocumentResult } from './protocol';

/**
 * Requests about a larger document get no answer from its model: building one holds the
 * thread that answers the editor for over 100 ms (a 10 MB file for a second and a half).
 * Its diagnostics still come, from the worker, and one of them says why the rest is off.
 */
export const REQUESTS_MAX_CHARS = 256 * 1024;

/** Why requests about a document of `length` characters go unanswered, or null. */
export function tooLargeForRequests(length: number): string | null {
  if (length <= REQUESTS_MAX_CHARS) return null;
  return `Hover, completion, outline and fixes are off for this file: ${length.toLocaleString('en-US')} characters, over the ${REQUESTS_MAX_CHARS.toLocaleString('en-US')} the server answers requests about`;
}

/** The bundled large-document worker, or null when it was not built. */
function largeDocumentScript(): string | null {
  return bundledWorker(LARGE_DOCUMENT_SCRIPT);
}

/**
 * Analyses documents too large to judge on a worker thread, so the thread that answers the
 * editor stays free while a 10 MB file is parsed. Requests about such a document build its
 * model on that thread when they come, up to REQUESTS_MAX_CHARS.
 */
export class LargeDocuments {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (diagnostics: Diagnostic[] | null) => void>();

  constructor(
    private readonly script: string | null = largeDocumentScript(),
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Whether a document of `length` characters is analysed on the worker. */
  handles(length: number): boolean {
    return this.script !== null && tooLargeToJudge(length) !== null;
  }

  /** The document's diagnostics; null when the worker failed (the caller analyses it itself). */
  diagnostics(job: Omit<LargeDocumentJob, 'id'>): Promise<Diagnostic[] | null> {
    const worker = this.started();
    if (!worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((settle) => {
      this.waiting.set(id, settle);
      worker.postMessage({ ...job, id } satisfies LargeDocumentJob);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.settleAll();
  }

  private started(): Worker | null {
    if (this.worker || this.script === null) return this.worker;
    try {
      // A model's nodes all live on, so a large young generation only holds copies of them
      // on their way to the old one: 8 MB keeps 30 MB of a 10 MB file's peak off the RSS.
      const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      worker.on('message', (result: LargeDocumentResult) => {
        this.waiting.get(result.id)?.(result.diagnostics);
        this.waiting.delete(result.id);
        // A 10 MB model holds hundreds of MB in the worker's heap: give it back when idle.
        if (this.waiting.size === 0 && this.worker === worker) {
          this.worker = null;
          void worker.terminate();
        }
      });
      worker.on('error', (error) => {
        this.log(`the large-document worker failed: ${error.message}`);
        this.worker = null;
        this.settleAll();
      });
      // The server may exit with the worker idle.
      worker.unref();
      this.worker = worker;
    } catch (error) {
      this.log(`cannot start the large-document worker: ${(error as Error).message}`);
    }
    return this.worker;
  }

  private settleAll(): void {
    for (const settle of this.waiting.values()) settle(null);
    this.waiting.clear();
  }
}
