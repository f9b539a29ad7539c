/**
 * CycloneDX 1.6 JSON of a set of built packages (one side of a rebuild): every package as a
 * component with its apk purl and the sonames it provides, and the dependency graph between
 * them. With an APKINDEX the install closure joins in: the packages the set pulls in on top
 * of the reference image, with the edges the resolver followed.
 */
import { writeCycloneDx } from '../sbom/formats/cyclonedx-writer';
import { addEdge, emptyDocument, type SbomComponent } from '../sbom/formats/model';
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

function componentOf(pkg: ApkPackage): SbomComponent {
  return {
    name: pkg.name,
    version: pkg.version,
    arch: pkg.arch ?? null,
    origin: pkg.origin,
    purl: null,
    provides: pkg.provides.filter((p) => p.name.startsWith('so:')).map((p) => p.name.slice(3)),
  };
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
  document.components.push(...records.map(componentOf));
  // The package named after the origin is what the set is the build of.
  const root = records.find((r) => r.name === r.origin)?.name ?? records[0]?.name ?? null;
  if (options.index) {
    const closure = installSide(side, options.index, options.reference ?? 'alpine-base');
    const own = new Set(records.map((r) => r.name));
    for (const added of closure.packages) {
      if (own.has(added.name)) continue;
      const record = options.index.byName.get(added.name)?.find((p) => p.version === added.version);
      if (record) document.components.push(componentOf(record));
    }
    const listed = new Set(document.components.map((c) => c.name));
    for (const r of closure.resolutions)
      if (r.consumer !== r.provider && listed.has(r.consumer) && listed.has(r.provider))
        addEdge(document, r.consumer, r.provider);
  } else {
    for (const record of records)
      for (const token of side.side.packages.find((p) => p.name === record.name)?.depends ?? []) {
        const dep = parseDependency(token);
        const provider = dep && !dep.conflict ? providerIn(records, dep.name) : undefined;
        if (provider && provider.name !== record.name)
          addEdge(document, record.name, provider.name);
      }
  }
  return writeCycloneDx(document, {
    root,
    distro: options.distro ?? null,
    now: options.now,
    seed: options.seed ?? records.map((r) => `${r.name}@${r.version}`).join(' '),
    toolName: 'apkharden',
  });
}
