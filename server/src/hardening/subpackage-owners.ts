import type { ApkbuildModel } from '../apkbuild';
import { splitFunctionOf } from '../apkbuild';
import { forEachCommandOf } from '../apkbuild/visit';
import { preferredOffFix, type OptionAnalysis } from './analyze-options';
import type { Feature } from './catalogue';
import type { ImplicitSwitch } from './implicit-switches';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { featureVerdict, type ProfileRule } from './profile-rules';

/**
 * Which switches a subpackage's files belong to: the build knowledge, the entry's name, or the
 * paths its own split function moves.
 */
function pseudoFeature(capability: string): Feature {
  return { name: capability, capability, tokens: [], makedepends: [], origins: [], sonames: [] };
}

/**
 * A subpackage whose files belong to features goes when the switches that build those files
 * all go: then the files are not built, and its split function would fail on them. The build
 * knowledge says which switches own an entry (or that it is always built); otherwise the
 * entry's name says it (`mod_webdav`, `gssapiv2`, `ldap`). Without a removable switch the files
 * are still built, and dropping the entry would move them (and what they link) into the main
 * package, so nothing is offered.
 */
/** Which switches own which entries, worked out once for the file. */
export interface Owners {
  /** Switches whose build knowledge lists the entry (as written). */
  byEntry: Map<string, OptionAnalysis[]>;
  byKey: Map<string, OptionAnalysis[]>;
  /** Switches that are on, by each feature name and capability they stand for. */
  onByName: Map<string, OptionAnalysis[]>;
}

export function ownersOf(profile: Profile, options: readonly OptionAnalysis[]): Owners {
  const owners: Owners = { byEntry: new Map(), byKey: new Map(), onByName: new Map() };
  const push = (map: Map<string, OptionAnalysis[]>, key: string, o: OptionAnalysis): void => {
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  };
  for (const o of options) {
    for (const entry of o.knowledge?.subpackages ?? []) push(owners.byEntry, entry, o);
    push(owners.byKey, o.switch.option.key, o);
    if (o.judgement.state !== 'on') continue;
    const names = new Set(
      o.features.flatMap((f) => [f.name, ...profile.catalogue.capabilityChain(f.capability)]),
    );
    for (const name of names) push(owners.onByName, name, o);
  }
  return owners;
}

export function featureRule(
  profile: Profile,
  ctx: PackageContext,
  suffix: string,
  written: string,
  owners: Owners,
  implicit: readonly ImplicitSwitch[],
): { rule: ProfileRule | null; features: Feature[]; weak: string | null } {
  const listed = ctx.knowledge.subpackages?.[written];
  const ownerOptions = [
    ...new Set([
      ...(owners.byEntry.get(written) ?? []),
      ...(listed ?? []).flatMap((k) => owners.byKey.get(k) ?? []),
    ]),
  ];
  const ownerImplicit = implicit.filter(
    (i) => i.knowledge.subpackages?.includes(written) === true || listed?.includes(i.key) === true,
  );
  if (listed !== undefined || ownerOptions.length + ownerImplicit.length > 0) {
    // Its files need every owner: once one of them goes, they are not built.
    const going = [...ownerOptions, ...ownerImplicit].filter((o) => o.rule !== null);
    const features = going.flatMap((o) => o.features);
    const weak = weakOwners(
      ownerOptions.filter((o) => o.rule !== null),
      ownerImplicit.filter((i) => i.rule !== null),
    );
    // A feature named instead of a switch: one the build detects by itself (ffplay needs sdl2).
    const use = { origin: ctx.origin, role: ctx.role, tlsUse: null, mandatory: false };
    for (const name of listed ?? []) {
      const feature = profile.catalogue.features.get(name);
      if (!feature) continue;
      const verdict = featureVerdict(profile, feature, use);
      if (verdict.rule)
        return { rule: going[0]?.rule ?? verdict.rule, features: [...features, feature], weak };
    }
    return { rule: going[0]?.rule ?? null, features, weak };
  }
  const meaning = profile.catalogue.meaningOfSubpackage(suffix);
  const features = [...meaning.features, ...meaning.capabilities.map((c) => pseudoFeature(c.name))];
  if (features.length === 0) return { rule: null, features, weak: null };
  // Every feature it is named for must have switches here, and all of them must go: the
  // switches' own verdicts (with their TLS use) decide, as for the switches themselves.
  const perFeature = features.map((f) => owners.onByName.get(f.name) ?? []);
  const switches = [...new Set(perFeature.flat())];
  if (perFeature.some((list) => list.length === 0) || switches.some((o) => o.rule === null))
    return { rule: null, features, weak: null };
  return { rule: switches[0].rule, features, weak: weakOwners(switches, []) };
}

const MOVERS = new Set(['amove', 'mv', 'cp', 'install']);

/** Features named in the paths a custom split function moves (not abuild's default ones). */
export function splitMentions(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  entry: string,
): Feature[] {
  const fn = model.functions.find((f) => f.name === splitFunctionOf(entry) && f.node);
  if (!fn?.node) return [];
  const own = new Set(ctx.origin ? profile.catalogue.tokensOf(ctx.origin) : []);
  const found = new Set<Feature>();
  forEachCommandOf(fn.node, (command) => {
    if (command.kind !== 'simple') return;
    const words = command.words.map((w) => model.text.slice(w.start, w.end).replace(/["']/g, ''));
    if (!MOVERS.has(words[0] ?? '')) return;
    for (const word of words.slice(1)) {
      if (word.startsWith('-')) continue;
      // The file's own name: `usr/lib/apache2/mod_ssl.so` names ssl, not lib or apache2.
      const base = word.slice(word.lastIndexOf('/') + 1);
      for (const f of profile.catalogue.featuresOfOption(base, own)) found.add(f);
    }
  });
  return [...found];
}

/** When every switch its files go with can only be advice, dropping the entry is advice too. */
function weakOwners(
  options: readonly OptionAnalysis[],
  implicit: readonly ImplicitSwitch[],
): string | null {
  if (options.length + implicit.length === 0) return null;
  const strong =
    options.some((o) => !o.knowledge?.advice && preferredOffFix(o).verified) ||
    implicit.some((i) => !i.knowledge.advice);
  if (strong) return null;
  const first = options[0]?.switch.text ?? implicit[0]?.off;
  return `its files go only with ${first}, whose fix is advice only`;
}
