import type { ApkbuildModel } from '../apkbuild';
import { isUnknown, parseSubpackage } from '../apkbuild';
import type { Feature } from './catalogue';
import type { Profile } from './profile';

/**
 * A subpackage the APKBUILD makes at sourcing time rather than writes as an entry: in a loop
 * (`for _mod in $_modules; do subpackages="$subpackages $pkgname-$_mod:_module"`) or from a
 * function it calls (nginx's `_add_module`). A fix cannot drop it, so a fix that switches off
 * the features it holds files of is advice only.
 */
export interface GeneratedSubpackage {
  entry: string;
  name: string;
  features: Feature[];
}

export function generatedSubpackages(
  model: ApkbuildModel,
  profile: Profile,
  origin: string | null,
  written: ReadonlySet<string>,
): GeneratedSubpackage[] {
  const final = model.list('subpackages');
  if (final === null || isUnknown(final)) return [];
  const out: GeneratedSubpackage[] = [];
  for (const entry of final) {
    const { name } = parseSubpackage(entry);
    if (written.has(name)) continue;
    const suffix =
      origin !== null && name.startsWith(`${origin}-`) ? name.slice(origin.length + 1) : name;
    const { features } = profile.catalogue.meaningOfSubpackage(suffix);
    out.push({ entry, name, features });
  }
  return out;
}
