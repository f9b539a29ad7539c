/**
 * The large-document worker (bundled as server/out/large-document-worker.js): works out the
 * diagnostics of documents too large to analyse on the thread that answers the editor.
 */
import { parentPort } from 'node:worker_threads';
import { largeDocumentDiagnostics } from './diagnose';
import type { LargeDocumentJob, LargeDocumentResult } from './protocol';

parentPort?.on('message', (job: LargeDocumentJob) => {
  const result: LargeDocumentResult = { id: job.id, diagnostics: largeDocumentDiagnostics(job) };
  parentPort?.postMessage(result);
});
