import type { DocumentAnalysis } from '../document-analysis';
import type { ExportSbomParams, ExportSbomResult } from '../protocol';
import { resolutionDocument, resolvedSbomText } from '../sbom/resolved-document';
import { resolutionOf } from './resolution';

/**
 * `apkbuild/exportSbom` (and `apkbuild/exportCycloneDx`): the document `apkharden resolve
 * --format cyclonedx|spdx` writes for the same text and packages. With packages, the install
 * closure of what the buffer builds (a hardened buffer: a prediction, marked so); else the
 * build-pass origins of the aports tree. Null when there is neither, or pkgname is not static.
 */
export function exportSbom(
  doc: DocumentAnalysis,
  params?: ExportSbomParams,
): ExportSbomResult | null {
  const format = params?.format === 'spdx' ? 'spdx' : 'cyclonedx';
  const pkgname = doc.model.value('pkgname');
  if (!pkgname?.known) return null;
  const resolution = resolutionOf(doc);
  if (resolution === null || (resolution.closure === null && resolution.buildTools === null))
    return null;
  const document = resolutionDocument(resolution, doc.packageIndex?.distro ?? null);
  return {
    text: resolvedSbomText(document, format),
    package: pkgname.value,
    format,
    prediction: resolution.prediction?.basis ?? null,
  };
}

export const exportCycloneDx = (doc: DocumentAnalysis): ExportSbomResult | null =>
  exportSbom(doc, { textDocument: { uri: doc.uri }, format: 'cyclonedx' });
