/**
 * What an APKBUILD's text would build, predicted from the index before any rebuild: the
 * index's packages of its origin, at the text's version, for the subpackages the text still
 * has, linking only the libraries the text's build can still link.
 *
 * A library (`so:` dependency) can only be linked when its headers and link-time .so are
 * installed at build time: a makedepend of the library's origin, or a `-dev` package (or one
 * providing `pc:` names) of it in the install closure of the text's makedepends, or the
 * toolchain (build-base). When the text no longer has openldap-dev, nothing else brings it in, and the
 * index says lighttpd links libldap, the hardened lighttpd will not: that dependency leaves.
 * Libraries the text would newly link cannot be known without a build and are not added.
 */
import type { AportsEntry } from '../aports';
import { compareVersions } from './apk-version';
import type { ApkPackage, Dependency } from './apkindex';
import { indexPackages, installClosure, type PackageIndex } from './closure';

export interface DroppedLibrary {
  package: string;
  soname: string;
  /** The origin of the library (openldap). */
  origin: string;
}

export interface PredictedIndex {
  /** The index with the origin's packages replaced by the prediction. */
  index: PackageIndex;
  /** The name `apk add` is asked for: the text's pkgname. */
  target: string;
  version: string;
  /** Libraries the index's build linked that this text cannot. */
  dropped: DroppedLibrary[];
  /** Subpackages the index has that the text no longer builds. */
  droppedSubpackages: string[];
  /** What the prediction rests on, in one sentence, for the SBOM's note and the CLI. */
  basis: string;
}

const isDevPackage = (pkg: ApkPackage): boolean =>
  pkg.name.endsWith('-dev') || pkg.provides.some((p) => p.name.startsWith('pc:'));

/**
 * Origins whose libraries a build with these makedepends can link, or why the index cannot
 * tell (it has no build-base: an SBOM of an image, an installed db; or a makedepend is not in
 * it, so what that one brings is unknown); then nothing is dropped.
 */
function linkableOrigins(
  index: PackageIndex,
  makedepends: readonly string[],
): Set<string> | { unknown: string } {
  if (!index.byName.has('build-base')) return { unknown: 'the packages given hold no build-base' };
  const closure = installClosure(index, ['build-base', ...makedepends]);
  const missing = closure.unresolved.filter((u) => u.neededBy === undefined).map((u) => u.token);
  if (missing.length > 0)
    return { unknown: `the index has no ${missing.join(', ')}, which the text installs` };
  const origins = new Set<string>();
  // A makedepend itself may ship the .so (scudo-malloc has libscudo.so, no -dev needed).
  for (const name of makedepends)
    for (const pkg of index.byName.get(name) ?? index.providers.get(name) ?? [])
      origins.add(pkg.origin);
  for (const pkg of closure.packages) {
    const record = index.byName.get(pkg.name)?.find((p) => p.version === pkg.version);
    if (record && isDevPackage(record)) origins.add(record.origin);
  }
  // The compiler's own runtime (libgcc_s, libstdc++) comes with gcc/g++, not with a -dev.
  for (const name of ['gcc', 'g++'])
    for (const pkg of index.byName.get(name) ?? []) origins.add(pkg.origin);
  return origins;
}

/** The best record of each name of `origin` in the index (one version per name). */
function originPackages(index: PackageIndex, origin: string): ApkPackage[] {
  const best = new Map<string, ApkPackage>();
  for (const pkg of index.packages) {
    if (pkg.origin !== origin) continue;
    const seen = best.get(pkg.name);
    if (!seen || compareVersions(pkg.version, seen.version) > 0) best.set(pkg.name, pkg);
  }
  return [...best.values()];
}

/** `lighttpd=1.4.73-r0` in an install_if of the origin's own package -> the text's version. */
function retarget(dep: Dependency, names: ReadonlySet<string>, version: string): Dependency {
  if (!names.has(dep.name) || dep.op !== '=') return dep;
  return { ...dep, token: `${dep.name}=${version}`, version };
}

/**
 * The prediction for `entry` (the text's values); null when the index has no package of the
 * entry's origin, or the text's name, version, subpackages or makedepends are not static.
 */
export function predictIndex(index: PackageIndex, entry: AportsEntry): PredictedIndex | null {
  const { pkgname, version, subpackages, makedepends } = entry;
  if (!pkgname.known || !version.known || !subpackages.known || !makedepends.known) return null;
  const built = originPackages(index, entry.origin);
  if (built.length === 0) return null;
  const names = new Set([pkgname.value, ...subpackages.value]);
  const linkable = linkableOrigins(index, makedepends.value);
  // Only an origin the index has a -dev package of can be judged: the others' headers are
  // somewhere the index does not show.
  const judged = new Set(index.packages.filter(isDevPackage).map((p) => p.origin));
  const providerOrigin = (dep: Dependency): string | null =>
    (index.providers.get(dep.name) ?? index.byName.get(dep.name) ?? [])[0]?.origin ?? null;
  const dropped: DroppedLibrary[] = [];
  const predicted: ApkPackage[] = [];
  for (const pkg of built) {
    if (!names.has(pkg.name)) continue;
    const depends = pkg.depends.filter((dep) => {
      if (!dep.name.startsWith('so:')) return true;
      const origin = providerOrigin(dep);
      if (origin === null || origin === entry.origin || !judged.has(origin)) return true;
      if (!(linkable instanceof Set) || linkable.has(origin)) return true;
      dropped.push({ package: pkg.name, soname: dep.name.slice(3), origin });
      return false;
    });
    const installIf = pkg.installIf.map((dep) => retarget(dep, names, version.value));
    predicted.push({ ...pkg, version: version.value, depends, installIf });
  }
  const builtNames = new Set(built.map((p) => p.name));
  const droppedSubpackages = [...builtNames].filter((n) => !names.has(n)).sort();
  const others = index.packages.filter((p) => p.origin !== entry.origin);
  const [sample] = built;
  const basis = !(linkable instanceof Set)
    ? `predicted from ${sample.name} ${sample.version} of the packages given, at the text's ` +
      `version and subpackages; ${linkable.unknown}, so which libraries the text still ` +
      'links is not judged; a rebuild confirms it'
    : `predicted from ${sample.name} ${sample.version} of the index: the libraries whose -dev ` +
      'packages this text no longer installs leave; a rebuild confirms it';
  return {
    index: indexPackages([...others, ...predicted]),
    target: pkgname.value,
    version: version.value,
    dropped,
    droppedSubpackages,
    basis,
  };
}
