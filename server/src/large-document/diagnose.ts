import type { Diagnostic } from 'vscode-languageserver';
import { analyzeApkbuild } from '../apkbuild';
import { ORDINARY_BUILD } from '../aports/entry';
import { modelDiagnostics } from '../features/diagnostics';
import { tooLargeToJudge } from '../hardening';
import { lintApkbuild } from '../lint';
import type { LargeDocumentJob } from './protocol';

/**
 * The diagnostics of a document too large to judge: syntax, where evaluation stopped, lint,
 * and why there are no hardening findings. The same as the server's own analysis gives such
 * a document (hardening skips it whatever the profile), without the profile or the indexes.
 */
export function largeDocumentDiagnostics(job: Omit<LargeDocumentJob, 'id'>): Diagnostic[] {
  const model = analyzeApkbuild(job.text, {
    carch: job.carch,
    startdir: job.startdir,
    environment: ORDINARY_BUILD,
  });
  return modelDiagnostics(model, lintApkbuild(model), job, tooLargeToJudge(model.text.length));
}
