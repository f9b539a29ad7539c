import { desiredSbomText } from '../aports';
import type { DocumentAnalysis } from '../document-analysis';
import type { DesiredSbomResult, ResolveResult } from '../protocol';
import { installClosure, runtimeMap } from '../sbom';

/** `apkbuild/resolve`: build passes from the aports tree and, with an APKINDEX, the closure. */
export function resolve(doc: DocumentAnalysis): ResolveResult {
  const pkgname = doc.model.value('pkgname');
  const name = pkgname?.known ? pkgname.value : null;
  const notes: string[] = [];
  const aports = doc.aports;
  if (!aports)
    notes.push(
      'no build passes: the file is not in an aports tree (set apkbuild.aportsPath), or the tree is still being indexed',
    );
  let closure: ResolveResult['closure'] = null;
  let secondary: ResolveResult['secondary'] = null;
  const loaded = doc.packageIndex;
  if (!loaded) notes.push('no install closure: set apkbuild.apkindex to an APKINDEX');
  else if (name === null) notes.push('no install closure: pkgname is not known statically');
  else {
    const reference = doc.profile.profile.reference;
    const added = installClosure(loaded.index, [name], { base: [reference] });
    const whole = installClosure(loaded.index, [name]);
    closure = {
      added: added.packages.map((p) => p.name).sort(),
      whole: whole.packages.map((p) => p.name).sort(),
      installedSize: whole.installedSize,
    };
    secondary = runtimeMap(whole);
    for (const u of whole.unresolved)
      notes.push(`unresolved: ${u.token}${u.neededBy ? ` (needed by ${u.neededBy})` : ''}`);
  }
  return {
    package: name,
    aportsRoot: aports?.tree.root ?? null,
    passes: aports?.passes.passes ?? [],
    cycles: aports?.passes.cycles ?? [],
    unresolved: aports?.passes.unresolved ?? [],
    closure,
    secondary,
    notes,
  };
}

/** `apkbuild/desiredSbom`: the build passes as bomresolver's desired-SBOM text. */
export function desiredSbom(doc: DocumentAnalysis): DesiredSbomResult | null {
  return doc.aports ? { text: desiredSbomText(doc.aports.passes.passes) } : null;
}
