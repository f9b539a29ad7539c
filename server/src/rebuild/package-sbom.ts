/**
 * CycloneDX 1.6 JSON of a set of built packages (one side of a rebuild): every package as a
 * component with its apk purl and the sonames it provides, and the dependency graph between
 * them. With an APKINDEX the install closure joins in: the packages the set pulls in on top
 * of the reference image, with the edges the resolver followed.
 */
import { writeCycloneDx } from '../sbom/formats/cyclonedx-writer';
import { emptyDocument } from '../sbom/formats/model';
import { ALPINE_SUPPLIER, PackageComponents } from '../sbom/package-component';
import { parseDependency, type ApkPackage, type PackageIndex } from '../sbom';
import { installSide } from './compare';
import type { LoadedSide } from './compare-side';

export interface PackageSbomOptions {
  /** With an index: add the install closure of the set on top of `reference`. */
  index?: PackageIndex | null;
  reference?: string;
  /** The purl `distro` qualifier: `3.24` or `alpine-3.24`. */
  distro?: string | null;
  /** Clock and serial-number seed, for stable output in tests. */
  now?: () => Date;
  seed?: string;
}

/** The package of `records` that is or provides `name`. */
function providerIn(records: ApkPackage[], name: string): ApkPackage | undefined {
  return (
    records.find((r) => r.name === name) ??
    records.find((r) => r.provides.some((p) => p.name === name))
  );
}

export function packageSbom(side: LoadedSide, options: PackageSbomOptions = {}): string {
  const document = emptyDocument();
  const { records } = side;
  const distro = options.distro ?? null;
  document.distro = distro;
  // The built packages are the user's build; what the index adds is Alpine's.
  const components = new PackageComponents(document, distro);
  for (const record of records) components.add(record, null, false);
  // The package named after the origin is what the set is the build of.
  const root = records.find((r) => r.name === r.origin)?.name ?? records[0]?.name ?? null;
  if (options.index) {
    const closure = installSide(side, options.index, options.reference ?? 'alpine-base');
    components.addClosure(closure, options.index, () => ALPINE_SUPPLIER);
  } else {
    for (const record of records)
      for (const token of side.side.packages.find((p) => p.name === record.name)?.depends ?? []) {
        const dep = parseDependency(token);
        const provider = dep && !dep.conflict ? providerIn(records, dep.name) : undefined;
        if (provider) components.addEdge(record.name, provider.name);
      }
  }
  document.root = root === null ? null : (components.refOf(root) ?? null);
  return writeCycloneDx(document, {
    distro,
    now: options.now,
    seed: options.seed,
    toolName: 'apkharden',
  });
}
