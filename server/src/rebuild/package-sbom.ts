/**
 * CycloneDX 1.6 JSON of a set of built packages (one side of a rebuild): every package as a
 * component with its apk purl and the sonames it provides, and the dependency graph between
 * them. With an APKINDEX the install closure joins in: the packages the set pulls in on top
 * of the reference image, with the edges the resolver followed.
 */
import { writeCycloneDx } from '../sbom/formats/cyclonedx-writer';
import { addEdge, emptyDocument } from '../sbom/formats/model';
import { componentOfPackage } from '../sbom/package-component';
import { ALPINE_SUPPLIER } from '../sbom/resolved-document';
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
  const refs = new Map<string, string>();
  const push = (pkg: ApkPackage, supplier: string | null, inReference: boolean): void => {
    if (refs.has(pkg.name)) return;
    const component = componentOfPackage(pkg, { distro, supplier, inReference });
    refs.set(pkg.name, component.ref);
    document.components.push(component);
  };
  for (const record of records) push(record, null, false);
  // The package named after the origin is what the set is the build of.
  const root = records.find((r) => r.name === r.origin)?.name ?? records[0]?.name ?? null;
  if (options.index) {
    const closure = installSide(side, options.index, options.reference ?? 'alpine-base');
    const index = options.index;
    const add = (added: { name: string; version: string }, inReference: boolean): void => {
      const record = index.byName.get(added.name)?.find((p) => p.version === added.version);
      if (record) push(record, ALPINE_SUPPLIER, inReference);
    };
    for (const added of [...closure.packages, ...closure.installIfPackages]) add(added, false);
    for (const base of closure.base) add(base, true);
    for (const r of closure.resolutions) {
      const consumer = refs.get(r.consumer);
      const provider = refs.get(r.provider);
      if (consumer && provider && consumer !== provider) addEdge(document, consumer, provider);
    }
  } else {
    for (const record of records)
      for (const token of side.side.packages.find((p) => p.name === record.name)?.depends ?? []) {
        const dep = parseDependency(token);
        const provider = dep && !dep.conflict ? providerIn(records, dep.name) : undefined;
        if (provider && provider.name !== record.name)
          addEdge(document, refs.get(record.name) ?? '', refs.get(provider.name) ?? '');
      }
  }
  document.root = root === null ? null : (refs.get(root) ?? null);
  return writeCycloneDx(document, {
    distro,
    now: options.now,
    seed: options.seed,
    toolName: 'apkharden',
  });
}
