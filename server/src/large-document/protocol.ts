import type { Diagnostic } from 'vscode-languageserver';
import type { ServerSettings } from '../settings-schema';

/** One document for the worker: what the server's own analysis of it would be given. */
export interface LargeDocumentJob {
  id: number;
  text: string;
  carch: string;
  startdir: string | undefined;
  severity: ServerSettings['severity'];
}

export interface LargeDocumentResult {
  id: number;
  diagnostics: Diagnostic[];
}

export const LARGE_DOCUMENT_SCRIPT = 'large-document-worker.js';
