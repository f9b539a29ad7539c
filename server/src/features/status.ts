import type { DocumentAnalysis } from '../document-analysis';
import type { StatusResult } from '../protocol';

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
