import type { MakedependAnalysis } from './analyze-makedepends';
import type { OptionAnalysis } from './analyze-options';
import type { SubpackageAnalysis } from './analyze-subpackages';
import type { GeneratedSubpackage } from './generated-subpackages';
import type { ImplicitSwitch } from './implicit-switches';
import type { Profile } from './profile';
import type { OffFix } from './switch-state';
import type { BuildCommand } from './switches/build-command';

/**
 * disable: switch it off explicitly where upstream spells an off (`=disabled`, `=false`,
 * `--without-x`, `=OFF`, `WITH_TLS=no`), since leaving an enabled or auto feature out can bring
 * it back; remove: delete the switch. Either way the makedepends only it needed go too.
 */
export type FixVariant = 'disable' | 'remove';

/** Everything one fix changes, and whether every part of it is known to build. */
export interface FixPlan {
  switches: { option: OptionAnalysis; off: OffFix }[];
  inserts: { command: BuildCommand; text: string }[];
  makedepends: MakedependAnalysis[];
  subpackages: SubpackageAnalysis[];
  verified: boolean;
  /** The first reason a part is not verified; null when all are. */
  advice: string | null;
}

/** Lookups over the parts, so that planning each finding stays linear in its own size. */
export interface PlanIndex {
  /**
   * Removable makedepends that a few switches need, by each such switch: one fix goes with the
   * makedepends only it (and its companions) need, never with one a thousand switches share.
   */
  makedependsBySwitch: Map<OptionAnalysis, MakedependAnalysis[]>;
  /** Removable makedepends that no switch needs, by the default-on switch their fix writes. */
  makedependsByImplicit: Map<string, MakedependAnalysis[]>;
  /** Removable subpackages whose files belong to features. */
  featureSubpackages: SubpackageAnalysis[];
  /** Subpackages whose own split function moves files named for features. */
  movers: SubpackageAnalysis[];
  /** Switches that are on, by the knowledge keys that name them as companions. */
  companions: Map<string, OptionAnalysis[]>;
  links: OptionAnalysis[];
}

/** More switches than one fix and its companions switch off. */
const FEW = 8;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexParts(parts: Omit<PlanParts, 'index'>): PlanIndex {
  const makedependsBySwitch = new Map<OptionAnalysis, MakedependAnalysis[]>();
  const makedependsByImplicit = new Map<string, MakedependAnalysis[]>();
  for (const m of parts.makedepends) {
    if (m.rule === null) continue;
    if (m.neededBy.length <= FEW) for (const o of m.neededBy) push(makedependsBySwitch, o, m);
    for (const x of m.implicitOff) push(makedependsByImplicit, x.key, m);
  }
  const companions = new Map<string, OptionAnalysis[]>();
  const links: OptionAnalysis[] = [];
  for (const o of parts.options) {
    if (o.judgement.state !== 'on') continue;
    if (o.switch.option.form === 'link') links.push(o);
    push(companions, o.switch.option.key, o);
  }
  return {
    makedependsBySwitch,
    makedependsByImplicit,
    featureSubpackages: parts.subpackages.filter((s) => s.rule !== null && s.kind === 'feature'),
    movers: parts.subpackages.filter((s) => s.mentions.length > 0),
    companions,
    links,
  };
}

export interface PlanParts {
  index: PlanIndex;
  profile: Profile;
  /** Features the build detects by itself (build knowledge): their makedepend can simply go. */
  autodetect: readonly string[];
  /** Subpackages the APKBUILD makes in a loop or a function: a fix cannot drop them. */
  generated: readonly GeneratedSubpackage[];
  /**
   * Why switching documentation off could leave the -doc subpackage empty (which abuild
   * refuses); null when something is known to remain for it, or there is no -doc.
   */
  docsWouldEmpty: string | null;
  options: readonly OptionAnalysis[];
  implicit: readonly ImplicitSwitch[];
  makedepends: readonly MakedependAnalysis[];
  subpackages: readonly SubpackageAnalysis[];
}

// What a plan holds already, so that adding to a large one is not a scan of it.
const planSwitches = new WeakMap<FixPlan, Set<OptionAnalysis>>();
const planSubpackages = new WeakMap<FixPlan, Set<SubpackageAnalysis>>();
export function switchesOf(plan: FixPlan): Set<OptionAnalysis> {
  let set = planSwitches.get(plan);
  if (!set) planSwitches.set(plan, (set = new Set(plan.switches.map((s) => s.option))));
  return set;
}
const planMakedepends = new WeakMap<FixPlan, Set<MakedependAnalysis>>();
export function addMakedepend(plan: FixPlan, m: MakedependAnalysis): void {
  let set = planMakedepends.get(plan);
  if (!set) planMakedepends.set(plan, (set = new Set(plan.makedepends)));
  if (set.has(m)) return;
  set.add(m);
  plan.makedepends.push(m);
}
export function subpackagesOf(plan: FixPlan): Set<SubpackageAnalysis> {
  let set = planSubpackages.get(plan);
  if (!set) planSubpackages.set(plan, (set = new Set(plan.subpackages)));
  return set;
}

export function emptyPlan(): FixPlan {
  return {
    switches: [],
    inserts: [],
    makedepends: [],
    subpackages: [],
    verified: true,
    advice: null,
  };
}
