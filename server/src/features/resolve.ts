import type { DocumentAnalysis } from '../document-analysis';
import type { DesiredSbomResult, ResolveResult } from '../protocol';
import { installClosure } from '../sbom';
import { resolutionDesired } from '../sbom/resolution-output';
import { passOrigins } from '../sbom/runtime-passes';
import { resolutionOf } from './resolution';

/**
 * `apkbuild/resolve`: the build passes (with packages, the seed's runtime passes; else the
 * aports tree's makedepend recursion) and, with packages, the closure and the secondary map.
 */
export function resolve(doc: DocumentAnalysis): ResolveResult {
  const pkgname = doc.model.value('pkgname');
  const name = pkgname?.known ? pkgname.value : null;
  const resolution = resolutionOf(doc);
  const notes: string[] = [...(resolution?.notes ?? [])];
  const aports = doc.aports;
  if (!aports && !doc.packageIndex)
    notes.push(
      'no build passes: set apkbuild.apkindex (or apkbuild.sbom), or open the file in an aports tree (apkbuild.aportsPath); the tree may still be being indexed',
    );
  let closure: ResolveResult['closure'] = null;
  const used = resolution?.index;
  if (!doc.packageIndex)
    notes.push('no install closure: set apkbuild.apkindex to an APKINDEX (or apkbuild.sbom)');
  else if (name === null) notes.push('no install closure: pkgname is not known statically');
  else if (resolution?.closure && used) {
    const added = resolution.closure;
    const whole = installClosure(used, [name]);
    closure = {
      added: added.packages.map((p) => p.name).sort(),
      whole: whole.packages.map((p) => p.name).sort(),
      installedSize: whole.installedSize,
    };
    for (const u of added.unresolved)
      notes.push(`unresolved: ${u.token}${u.neededBy ? ` (needed by ${u.neededBy})` : ''}`);
  }
  const runtime = resolution?.runtime ?? null;
  const tree = resolution?.buildTools ?? aports?.passes ?? null;
  return {
    package: name,
    aportsRoot: aports?.tree.root ?? null,
    passes: runtime ? passOrigins(runtime) : (tree?.passes ?? []),
    cycles: tree?.cycles ?? [],
    unresolved: tree?.unresolved ?? [],
    closure,
    secondary: runtime?.secondary ?? null,
    notes,
  };
}

/**
 * `apkbuild/desiredSbom`: the desired SBOM of the same resolution `apkharden resolve` prints:
 * a header (package, version, mode, reference, prediction, closure count), the passes with
 * why each origin is there and, with packages, the `# runtime` map.
 */
export function desiredSbom(doc: DocumentAnalysis): DesiredSbomResult | null {
  const resolution = resolutionOf(doc);
  if (resolution === null) return null;
  if (resolution.runtime === null && resolution.buildTools === null) return null;
  return { text: resolutionDesired(resolution) };
}
