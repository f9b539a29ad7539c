/** Index records as SBOM components, with everything the record tells. */
import type { ApkPackage } from './apkindex';
import type { Closure, ClosurePackage, PackageIndex } from './closure';
import { addEdge, type SbomComponent, type SbomDocument, type SbomHash } from './formats/model';
import { buildApkPurl } from './formats/purl';

/** `C:Q1<base64 SHA-1>` -> the SHA-1 in hex; null for other forms. */
export function checksumHash(checksum: string | undefined): SbomHash | null {
  if (checksum === undefined || !checksum.startsWith('Q1')) return null;
  const bytes = Buffer.from(checksum.slice(2), 'base64');
  return bytes.length === 20 ? { alg: 'SHA-1', content: bytes.toString('hex') } : null;
}

export interface ComponentOptions {
  distro: string | null;
  /** Who distributes it; null for what the user builds (a prediction, a rebuild). */
  supplier: string | null;
  inReference?: boolean;
}

/** The component of a package; its ref is its canonical purl. */
export function componentOfPackage(pkg: ApkPackage, options: ComponentOptions): SbomComponent {
  const purl = buildApkPurl({
    name: pkg.name,
    version: pkg.version,
    arch: pkg.arch ?? null,
    origin: pkg.origin,
    distro: options.distro,
  });
  const hash = checksumHash(pkg.checksum);
  const component: SbomComponent = {
    ref: purl,
    name: pkg.name,
    version: pkg.version,
    arch: pkg.arch ?? null,
    origin: pkg.origin,
    purl,
    provides: pkg.provides.filter((p) => p.name.startsWith('so:')).map((p) => p.name.slice(3)),
    provideTokens: pkg.provides.map((p) => p.token),
    depends: pkg.depends.map((d) => d.token),
    installIf: pkg.installIf.map((d) => d.token),
    license: pkg.license ?? null,
    supplier: options.supplier,
    description: pkg.description ?? null,
    maintainer: pkg.maintainer ?? null,
    installedSize: pkg.installedSize,
  };
  if (hash !== null) component.hashes = [hash];
  if (options.inReference === true) component.inReference = true;
  return component;
}

/** Packages of Alpine's repositories are distributed by Alpine Linux. */
export const ALPINE_SUPPLIER = 'Alpine Linux';

/** A document's package components, one per package name, and the edges between them. */
export class PackageComponents {
  private readonly refs = new Map<string, string>();

  constructor(
    private readonly document: SbomDocument,
    private readonly distro: string | null,
  ) {}

  refOf(name: string): string | undefined {
    return this.refs.get(name);
  }

  /** Adds the package unless one of its name is in already. */
  add(pkg: ApkPackage, supplier: string | null, inReference: boolean): void {
    if (this.refs.has(pkg.name)) return;
    const component = componentOfPackage(pkg, { distro: this.distro, supplier, inReference });
    this.refs.set(pkg.name, component.ref);
    this.document.components.push(component);
  }

  /**
   * The closure's packages as the index records them (what the targets add, what install_if
   * adds, then the reference's, marked), and every resolved edge between components.
   */
  addClosure(
    closure: Closure,
    index: PackageIndex,
    supplierOf: (record: ApkPackage) => string | null,
  ): void {
    const add = (pkg: ClosurePackage, inReference: boolean): void => {
      const record = index.byName.get(pkg.name)?.find((p) => p.version === pkg.version);
      if (record) this.add(record, supplierOf(record), inReference);
    };
    for (const pkg of [...closure.packages, ...closure.installIfPackages]) add(pkg, false);
    for (const pkg of closure.base) add(pkg, true);
    for (const r of closure.resolutions) this.addEdge(r.consumer, r.provider);
  }

  /** The edge between two packages' components, when both are in and they differ. */
  addEdge(consumer: string, provider: string): void {
    const from = this.refs.get(consumer);
    const to = this.refs.get(provider);
    if (from !== undefined && to !== undefined && from !== to) addEdge(this.document, from, to);
  }
}
