/**
 * The SBOM document of a resolved APKBUILD, shared by `apkharden resolve --format cyclonedx`
 * and the server's `apkbuild/exportCycloneDx`: with an index, the install closure; without
 * one, the build-pass origins.
 */
import type { BuildPasses } from '../aports';
import type { Closure, PackageIndex } from './closure';
import { writeCycloneDx } from './formats/cyclonedx-writer';
import { addEdge, emptyDocument, type SbomDocument } from './formats/model';

/** The closure's packages (base included) with their arch and origin, and the resolved edges. */
export function closureDocument(
  closure: Closure,
  index: PackageIndex,
  distro: string | null,
): SbomDocument {
  const document = emptyDocument();
  document.distro = distro;
  for (const pkg of [...closure.base, ...closure.packages]) {
    const record = index.byName.get(pkg.name)?.find((p) => p.version === pkg.version);
    document.components.push({
      name: pkg.name,
      version: pkg.version,
      arch: record?.arch ?? null,
      origin: pkg.origin,
      purl: null,
    });
  }
  for (const r of closure.resolutions)
    if (r.consumer !== r.provider) addEdge(document, r.consumer, r.provider);
  return document;
}

/** Without an index: the build-pass origins, unversioned, each depended on by what needed it. */
export function passesDocument(
  name: string,
  version: string | null,
  passes: BuildPasses,
): SbomDocument {
  const document = emptyDocument();
  document.components.push({ name, version, arch: null, origin: null, purl: null });
  for (const origin of passes.passes.flat()) {
    document.components.push({ name: origin, version: null, arch: null, origin, purl: null });
    const reason = Object.hasOwn(passes.reasons, origin) ? passes.reasons[origin] : undefined;
    if (reason) addEdge(document, reason.neededBy, origin);
  }
  return document;
}

/** CycloneDX 1.6 text of a resolved document; the serial number is derived from its contents. */
export function resolvedCycloneDx(document: SbomDocument, root: string, toolName: string): string {
  const names = document.components.map((c) => `${c.name}@${c.version ?? ''}`).join(' ');
  return writeCycloneDx(document, { root, seed: `apkharden resolve ${names}`, toolName });
}
