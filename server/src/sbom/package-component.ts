/** An index record as an SBOM component, with everything the record tells. */
import type { ApkPackage } from './apkindex';
import type { SbomComponent, SbomHash } from './formats/model';
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
