/**
 * Turns the apk components of an SBOM into APKINDEX-like packages, so an SBOM can stand in
 * for an index when resolving. A component is an apk one when its purl is `pkg:apk/...`, or
 * when it has no purl and the document comes from an apk-minded producer (an installed db,
 * bomres, this project); images, operating systems, files and other ecosystems' packages are
 * left out without a word. depends come from the component's own apk tokens when it has
 * them; otherwise from its edges, each provider's name a plain dependency, and the package is
 * marked `linksUnknown`, since edges do not say which providers are libraries.
 */
import { capRepeated, placedSummary } from '../../repeated-problems';
import {
  parseDependency,
  parseProvide,
  type ApkPackage,
  type Dependency,
  type Provide,
} from '../apkindex';
import { isApkPurl } from './component-fields';
import { ProblemLog, type FormatProblem, type SbomComponent, type SbomDocument } from './model';

/** Producers whose components are apk packages even without a purl. */
const APK_PRODUCERS = /^(apk|apk-tools|bomres|bomresolver|apkharden|apkbuild-hardening)$/i;

export function isApkComponent(
  component: SbomComponent,
  producer: string | null | undefined,
): boolean {
  if (component.purl !== null) return isApkPurl(component.purl);
  return producer !== null && producer !== undefined && APK_PRODUCERS.test(producer);
}

export interface SbomPackages {
  packages: ApkPackage[];
  problems: FormatProblem[];
}

function unionByToken<T extends { token: string }>(first: T[], second: T[]): T[] {
  const seen = new Set(first.map((item) => item.token));
  return [...first, ...second.filter((item) => !seen.has(item.token))];
}

export function packagesFromSbom(document: SbomDocument, source: string): SbomPackages {
  const log = new ProblemLog(source);
  const byRef = new Map(document.components.map((c) => [c.ref, c]));
  const isApk = (c: SbomComponent): boolean => isApkComponent(c, document.producer);
  const packages: ApkPackage[] = [];
  const seen = new Map<string, ApkPackage>();

  const dependsOf = (component: SbomComponent, place: string): Dependency[] | null => {
    if (component.depends === undefined) return null;
    return component.depends.flatMap((token) => {
      const dependency = parseDependency(token);
      if (dependency === undefined) log.add(place, `cannot parse the depends token '${token}'`);
      return dependency === undefined ? [] : [dependency];
    });
  };

  const installIfOf = (component: SbomComponent, place: string): Dependency[] =>
    (component.installIf ?? []).flatMap((token) => {
      const dependency = parseDependency(token);
      if (dependency === undefined) log.add(place, `cannot parse the install_if token '${token}'`);
      return dependency === undefined ? [] : [dependency];
    });
  const providesOf = (component: SbomComponent, place: string): Provide[] => {
    const written = component.provideTokens ?? [];
    // The sonames too, in case the producer listed some only there (apk:provides).
    const known = new Set(written.map((t) => t.replace(/=.*$/, '')));
    const all = [
      ...written,
      ...(component.provides ?? []).map((s) => `so:${s}`).filter((t) => !known.has(t)),
    ];
    return all.flatMap((token) => {
      const provide = parseProvide(token);
      if (provide === undefined) log.add(place, `cannot parse the provides token '${token}'`);
      return provide === undefined ? [] : [provide];
    });
  };

  document.components.forEach((component, index) => {
    if (!isApk(component)) return;
    const record = index + 1;
    const place = `component ${record} (${component.name})`;
    if (component.version === null) {
      log.add(place, `${component.name} has no version; skipped`);
      return;
    }
    const own = dependsOf(component, place);
    const fromEdges = (document.dependsOn.get(component.ref) ?? []).flatMap((ref) => {
      const provider = byRef.get(ref);
      const dependency = provider && isApk(provider) ? parseDependency(provider.name) : undefined;
      return dependency === undefined ? [] : [dependency];
    });
    const pkg: ApkPackage = {
      name: component.name,
      version: component.version,
      installedSize: component.installedSize ?? 0,
      origin: component.origin ?? component.name,
      depends: own ?? fromEdges,
      provides: providesOf(component, place),
      installIf: installIfOf(component, place),
      source,
      record,
    };
    if (component.arch !== null) pkg.arch = component.arch;
    if (component.license) pkg.license = component.license;
    if (component.description) pkg.description = component.description;
    if (component.maintainer) pkg.maintainer = component.maintainer;
    if (own === null) pkg.linksUnknown = true;
    // The closure's rule on virtual provides needs `k:`, which no SBOM format carries.
    pkg.providerPriorityUnknown = true;
    // The SHA-1 of the control segment is what an index's `C:` holds (as Q1 + base64).
    const sha1 = component.hashes?.find(
      (h) => h.alg === 'SHA-1' && /^[0-9a-f]{40}$/i.test(h.content),
    );
    if (sha1) pkg.checksum = `Q1${Buffer.from(sha1.content, 'hex').toString('base64')}`;

    const key = `${pkg.name}@${pkg.version}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, pkg);
      packages.push(pkg);
      return;
    }
    log.add(
      place,
      `${pkg.name} ${pkg.version} is listed twice (first as component ${first.record}); read once, edges joined`,
    );
    first.depends = unionByToken(first.depends, pkg.depends);
    first.provides = unionByToken(first.provides, pkg.provides);
    if (pkg.linksUnknown) first.linksUnknown = true;
  });
  return { packages, problems: capRepeated(log.problems, placedSummary('')) };
}
