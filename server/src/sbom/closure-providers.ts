import { compareVersions, versionSatisfies } from './apk-version';
import type { ApkPackage, Dependency } from './apkindex';

/**
 * Which package of an index satisfies a dependency, by the rules of apk-tools' solver
 * (src/solver.c: select_package and compare_providers, apk-tools 2.14).
 */

/** The version `pkg` gives `name`: its own for its own name, a provide's, or undefined (a virtual). */
export function providedVersion(pkg: ApkPackage, name: string): string | undefined {
  if (pkg.name === name) return pkg.version;
  return pkg.provides.find((p) => p.name === name)?.version;
}

export function satisfies(pkg: ApkPackage, dep: Dependency): boolean {
  const matches = (version: string | undefined): boolean =>
    dep.op === undefined ||
    (version !== undefined && versionSatisfies(version, dep.op, dep.version ?? ''));
  if (pkg.name === dep.name && matches(pkg.version)) return true;
  return pkg.provides.some((p) => p.name === dep.name && matches(p.version));
}

/**
 * select_package: a package that provides `name` without a version (`p:/bin/sh`) and has no
 * provider_priority (`k:`) is never picked for it; it satisfies `name` only when it is
 * installed for its own sake. apk-tools 2.14.4 refuses even a sole such provider: with v3.12's
 * busybox (`p:/bin/sh`, no `k:`), `apk add lighttpd` fails with "/bin/sh (virtual): please
 * select one of the 'provided by' packages explicitly". A package read from an SBOM (no `k:`)
 * is not held to it: the SBOM lists what was installed, and its priority is not known.
 */
export function autoSelectable(pkg: ApkPackage, name: string): boolean {
  if (pkg.providerPriorityUnknown === true) return true;
  return providedVersion(pkg, name) !== undefined || (pkg.providerPriority ?? 0) > 0;
}

/**
 * compare_providers, for a fresh install from one repository: the newest version of the name
 * asked for (a virtual provide has none and ties with anything), then the newest of one
 * package name, then the higher provider_priority. Negative when `a` is better, 0 when apk
 * cannot tell them apart: it keeps the first it met (the index's order; see `bestProvider`).
 */
export function compareProviders(a: ApkPackage, b: ApkPackage, name: string): number {
  const versionA = providedVersion(a, name);
  const versionB = providedVersion(b, name);
  if (versionA !== undefined && versionB !== undefined) {
    const newer = compareVersions(versionB, versionA);
    if (newer !== 0) return newer;
  }
  if (a.name === b.name) {
    const newer = compareVersions(b.version, a.version);
    if (newer !== 0) return newer;
  }
  return (b.providerPriority ?? 0) - (a.providerPriority ?? 0);
}

/**
 * The provider apk picks among `candidates` (in the index's order): as select_package, a scan
 * that takes a later one only when it is strictly better, since "a virtual ties with anything"
 * is no order a sort could use.
 */
export function bestProvider(candidates: ApkPackage[], name: string): ApkPackage | undefined {
  let best: ApkPackage | undefined;
  for (const pkg of candidates) if (!best || compareProviders(pkg, best, name) < 0) best = pkg;
  return best;
}
