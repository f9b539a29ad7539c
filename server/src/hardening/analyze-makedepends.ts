import type { ApkbuildModel, ListItem, VariableAssignment } from '../apkbuild';
import { dependencyName } from '../aports';
import type { OptionAnalysis } from './analyze-options';
import type { Feature } from './catalogue';
import { listSharing, type ListSharing } from './list-sharing';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { featureVerdict, isKept, type ProfileRule } from './profile-rules';
import type { SbomInput } from './evidence';

export interface MakedependAnalysis {
  name: string;
  item: ListItem;
  assignment: VariableAssignment;
  features: Feature[];
  /** Switches that are on and switch on one of its features. */
  neededBy: OptionAnalysis[];
  kept: boolean;
  /** Why removing it from this list would not be safe or complete, e.g. `depends_dev` reads the list. */
  sharedWith: string | null;
  /** A makedepend that stays and brings it in anyway (curl-dev brings openssl-dev). */
  broughtBy: string | null;
  /** Switches upstream has on by default that a fix writes off (mosquitto's `WITH_TLS=no`). */
  implicitOff: { key: string; text: string }[];
  /** Set when the profile makes it removable. */
  rule: ProfileRule | null;
  /** Why the profile's rules do not reach it although they name one of its features. */
  stays: string | null;
}

const MAKEDEPENDS_VARIABLES = new Set(['makedepends', 'makedepends_build', 'makedepends_host']);
const BUILD_TOOLS = ['docs', 'tests', 'translations'];

/** Upstream's default-on switches for these features that the build knowledge can write off. */
function implicitOffFor(
  ctx: PackageContext,
  features: readonly Feature[],
): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const [key, known] of Object.entries(ctx.knowledge.options ?? {})) {
    if (!known.implicit || !known.off || !known.features) continue;
    if (known.features.some((f) => features.some((g) => g.name === f)))
      out.push({ key, text: known.off });
  }
  return out;
}

/** Every makedepend of the file with the features it serves and the profile's verdict. */
export function analyzeMakedepends(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  options: readonly OptionAnalysis[],
  sbom: SbomInput | undefined,
): MakedependAnalysis[] {
  const out: MakedependAnalysis[] = [];
  const onByFeature = new Map<Feature, OptionAnalysis[]>();
  for (const o of options) {
    if (o.judgement.state !== 'on') continue;
    for (const f of o.features) {
      const list = onByFeature.get(f);
      if (list) list.push(o);
      else onByFeature.set(f, [o]);
    }
  }
  const neededByFeatures = new Map<readonly Feature[], OptionAnalysis[]>();
  const removable = new Map<OptionAnalysis[], boolean>();
  const allRemovable = (list: OptionAnalysis[]): boolean => {
    let known = removable.get(list);
    if (known === undefined) removable.set(list, (known = list.every((o) => o.rule !== null)));
    return known;
  };
  let sharing: ListSharing | undefined;
  const shared = (): ListSharing => (sharing ??= listSharing(model, MAKEDEPENDS_VARIABLES));
  // `makedepends="$depends_dev ..."`: the build dependencies written in depends_dev are
  // makedepends too, and a fix takes them out where they are written (the -dev package then no
  // longer depends on what its library stopped using).
  const readsDev = model.assignments.some(
    (a) =>
      MAKEDEPENDS_VARIABLES.has(a.name) &&
      (a.items ?? []).some((i) => /^\$\{?depends_dev\}?$/.test(i.text)),
  );
  for (const assignment of model.assignments) {
    const fromDev = readsDev && assignment.name === 'depends_dev';
    if (!MAKEDEPENDS_VARIABLES.has(assignment.name) && !fromDev) continue;
    for (const item of assignment.items ?? []) {
      if (item.hasExpansion) continue;
      const name = dependencyName(item.text) ?? item.text;
      const override = ctx.knowledge.makedepends?.[name];
      const features = override
        ? override.flatMap((f) => profile.catalogue.features.get(f) ?? [])
        : profile.catalogue.featuresOfPackage(name);
      // One array per feature set (the catalogue returns one per package name), shared by the
      // items: a file that repeats a package thousands of times stays linear.
      let neededBy = neededByFeatures.get(features);
      if (!neededBy) {
        neededBy =
          features.length === 0
            ? []
            : [...new Set(features.flatMap((f) => onByFeature.get(f) ?? []))];
        neededByFeatures.set(features, neededBy);
      }
      const kept = isKept(profile, [name, item.text], features);
      const verdicts = features.map((f) =>
        featureVerdict(profile, f, {
          origin: ctx.origin,
          role: ctx.role,
          tlsUse: ctx.tlsUse,
          mandatory: (ctx.knowledge.mandatory ?? []).includes(f.name),
        }),
      );
      // A documentation, test or translation tool no switch here controls is usually run by
      // the build whatever is installed (man pages from scdoc, autoreconf's gettext macros).
      const uncontrolledTool =
        neededBy.length === 0 &&
        features.every((f) =>
          BUILD_TOOLS.some((c) => profile.catalogue.capabilityChain(f.capability).includes(c)),
        ) &&
        !features.some((f) => (ctx.knowledge.autodetect ?? []).includes(f.name)) &&
        implicitOffFor(ctx, features).length === 0;
      const candidate =
        features.length > 0 &&
        !kept &&
        !uncontrolledTool &&
        verdicts.every((v) => v.rule !== null) &&
        allRemovable(neededBy);
      const reader = candidate && !fromDev ? shared().readBy.get(assignment.name) : undefined;
      const via = candidate && !fromDev ? shared().arrivesVia.get(name) : undefined;
      const sharedWith =
        reader !== undefined
          ? `$${assignment.name} is also read by ${reader}`
          : via !== undefined
            ? `it also comes in through $${via}`
            : null;
      out.push({
        name,
        item,
        assignment,
        features,
        neededBy,
        kept,
        sharedWith,
        broughtBy: null,
        implicitOff: candidate && neededBy.length === 0 ? implicitOffFor(ctx, features) : [],
        rule: candidate && sharedWith === null ? verdicts[0].rule : null,
        stays: verdicts.find((v) => v.stays !== null)?.stays ?? null,
      });
    }
  }
  markBroughtIn(out, sbom);
  return out;
}

/**
 * A removable makedepend that a remaining one brings in stays: removing it would remove
 * nothing. Repeated until stable, since keeping one may keep what it brings.
 */
function markBroughtIn(makedepends: MakedependAnalysis[], sbom: SbomInput | undefined): void {
  const broughtIn = sbom?.broughtIn;
  if (!broughtIn) return;
  for (;;) {
    const remaining = makedepends.filter((m) => m.rule === null).map((m) => m.item.text);
    const brought = broughtIn(remaining);
    let changed = false;
    for (const m of makedepends) {
      if (m.rule === null) continue;
      const by = brought.get(m.name);
      if (by === undefined) continue;
      m.broughtBy = by;
      m.rule = null;
      changed = true;
    }
    if (!changed) return;
  }
}
