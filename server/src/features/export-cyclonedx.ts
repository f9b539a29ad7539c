import type { DocumentAnalysis } from '../document-analysis';
import type { ExportCycloneDxResult } from '../protocol';
import { installClosure } from '../sbom';
import { closureDocument, passesDocument, resolvedCycloneDx } from '../sbom/resolved-document';
import type { SbomDocument } from '../sbom/formats/model';

/**
 * `apkbuild/exportCycloneDx`: the same document `apkharden resolve --format cyclonedx` writes,
 * from the open buffer: with the apkbuild.apkindex setting the install closure on top of the
 * profile's reference, else the build passes of the aports tree. Null when the file's pkgname
 * is not known statically, or when neither an index nor an aports tree is available.
 */
export function exportCycloneDx(doc: DocumentAnalysis): ExportCycloneDxResult | null {
  const pkgname = doc.model.value('pkgname');
  if (!pkgname?.known) return null;
  const name = pkgname.value;
  const pkgver = doc.model.value('pkgver');
  const version = pkgver?.known ? pkgver.value : null;
  let document: SbomDocument;
  if (doc.packageIndex) {
    const closure = installClosure(doc.packageIndex.index, [name], {
      base: [doc.profile.profile.reference],
    });
    document = closureDocument(closure, doc.packageIndex.index, null);
  } else if (doc.aports) {
    document = passesDocument(name, version, doc.aports.passes);
  } else return null;
  return { text: resolvedCycloneDx(document, name, 'apkbuild-language-server'), package: name };
}
