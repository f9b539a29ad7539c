/**
 * The SBOM document of a resolved APKBUILD, shared by `apkharden resolve --format
 * cyclonedx|spdx` and the server's exports: with an index, the install closure of what the
 * text builds (reference packages marked); without one, the build-pass origins.
 */
import type { BuildPasses } from '../aports';
import type { ApkPackage } from './apkindex';
import { writeCycloneDx } from './formats/cyclonedx-writer';
import { addEdge, emptyDocument, type SbomComponent, type SbomDocument } from './formats/model';
import { writeSpdx } from './formats/spdx-writer';
import { ALPINE_SUPPLIER, PackageComponents } from './package-component';
import type { PackageResolution } from './resolve-package';

function bareComponent(name: string, version: string | null, origin: string | null): SbomComponent {
  return { ref: name, name, version, arch: null, origin, purl: null };
}

/** The closure's packages (base marked, install_if included), the root first, and its edges. */
export function resolutionDocument(
  resolution: PackageResolution,
  distro: string | null,
): SbomDocument {
  const { closure, index, prediction } = resolution;
  if (closure === null || index === null)
    return passesDocument(resolution.name, resolution.version, resolution.buildTools);
  const document = emptyDocument();
  document.distro = distro;
  document.prediction = prediction?.basis ?? null;
  const components = new PackageComponents(document, distro);
  // What the text builds is the user's build, not a package Alpine distributes.
  const supplierOf = (record: ApkPackage): string | null =>
    prediction !== null && record.origin === resolution.origin ? null : ALPINE_SUPPLIER;
  const root = closure.packages.find((p) => p.name === resolution.name);
  const rootRecord = root && index.byName.get(root.name)?.find((p) => p.version === root.version);
  if (rootRecord) components.add(rootRecord, supplierOf(rootRecord), false);
  else document.components.push(bareComponent(resolution.name, resolution.version, null));
  document.root = components.refOf(resolution.name) ?? resolution.name;
  components.addClosure(closure, index, supplierOf);
  return document;
}

/** Without an index: the build-pass origins, unversioned, each depended on by what needed it. */
export function passesDocument(
  name: string,
  version: string | null,
  passes: BuildPasses | null,
): SbomDocument {
  const document = emptyDocument();
  document.components.push(bareComponent(name, version, null));
  document.root = name;
  for (const origin of passes?.passes.flat() ?? []) {
    document.components.push(bareComponent(origin, null, origin));
    const reason = passes && Object.hasOwn(passes.reasons, origin) ? passes.reasons[origin] : null;
    if (reason) addEdge(document, reason.neededBy, origin);
  }
  return document;
}

export type SbomOutputFormat = 'cyclonedx' | 'spdx';

/**
 * The document as CycloneDX 1.6 or SPDX 2.3 JSON text, naming the engine that resolved it
 * (the CLI and the language server are the same engine: their documents are equal).
 */
export function resolvedSbomText(document: SbomDocument, format: SbomOutputFormat): string {
  const toolName = 'apkharden';
  return format === 'spdx'
    ? writeSpdx(document, { toolName })
    : writeCycloneDx(document, { toolName });
}
