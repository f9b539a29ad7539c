import type { DiskAnalyses } from '../disk-analyses';
import type { DocumentAnalysis } from '../document-analysis';
import type { FileStatusParams, FileStatusResult, StatusResult } from '../protocol';

/** `apkbuild/status`: the profile in use and how many findings it gives, for the status bar. */
export function status(doc: DocumentAnalysis): StatusResult {
  const pkgname = doc.model.value('pkgname');
  return {
    package: pkgname?.known ? pkgname.value : null,
    profile: doc.profile.profile.source,
    profileFile: doc.profile.file,
    findings: doc.hardening.findings.length,
    lint: doc.lint.length,
    aportsRoot: doc.aports?.tree.root ?? null,
  };
}

/** `apkbuild/fileStatus`: the same for an APKBUILD by path, open in the editor or not. */
export async function fileStatus(
  disk: DiskAnalyses,
  { path }: FileStatusParams,
): Promise<FileStatusResult> {
  const result = await disk.withAnalysis(path, 'status', status);
  return result.ok
    ? { path, status: result.value, error: null }
    : { path, status: null, error: result.message };
}
