/**
 * The resolution of an open buffer, as `apkharden resolve` makes it for the same text: its
 * own values (read as abuild sources it, in an ordinary build), the packages of the
 * apkbuild.apkindex and apkbuild.sbom settings, the aports tree once loaded, and the profile's
 * reference image.
 */
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEntry } from '../aports';
import type { DocumentAnalysis } from '../document-analysis';
import { resolvePackage, type PackageResolution } from '../sbom/resolve-package';

const cache = new WeakMap<DocumentAnalysis, PackageResolution>();

/** Null when the buffer is not a file on disk (an untitled editor has no aport folder). */
export function resolutionOf(doc: DocumentAnalysis): PackageResolution | null {
  const cached = cache.get(doc);
  if (cached) return cached;
  if (!doc.uri.startsWith('file:')) return null;
  const startdir = dirname(fileURLToPath(doc.uri));
  const location = { repo: basename(dirname(startdir)), folder: basename(startdir), startdir };
  const entry = readEntry(doc.model.text, location, { carch: doc.settings.carch });
  const resolution = resolvePackage({
    entry,
    index: doc.packageIndex?.index ?? null,
    tree: doc.aports?.tree.index ?? null,
    treePasses: doc.aports?.passes,
    reference: doc.profile.profile.reference,
    referenceExtra: doc.packageIndex?.desired ?? [],
  });
  cache.set(doc, resolution);
  return resolution;
}
