import type { MakedependAnalysis } from './analyze-makedepends';
import { offFixOf, type OptionAnalysis } from './analyze-options';
import type { SubpackageAnalysis } from './analyze-subpackages';
import type { Feature } from './catalogue';
import type { ImplicitSwitch } from './implicit-switches';
import {
  addMakedepend,
  emptyPlan,
  subpackagesOf,
  switchesOf,
  type FixPlan,
  type FixVariant,
  type PlanParts,
} from './plan-parts';
import type { Profile } from './profile';
import type { OffFix } from './switch-state';

export { emptyPlan, indexParts } from './plan-parts';
export type { FixPlan, FixVariant, PlanIndex, PlanParts } from './plan-parts';

function isDocs(parts: PlanParts, features: readonly Feature[]): boolean {
  return features.some((f) =>
    parts.profile.catalogue.capabilityChain(f.capability).includes('docs'),
  );
}

function fail(plan: FixPlan, why: string | null): void {
  plan.verified = false;
  plan.advice ??= why;
}

/** The off a variant uses, falling back to the other when only that one is verified. */
export function chosenOff(o: OptionAnalysis, variant: FixVariant): OffFix {
  const first = offFixOf(o, variant);
  if (first.verified) return first;
  const other = offFixOf(o, variant === 'disable' ? 'remove' : 'disable');
  return other.verified ? other : first;
}

function overlaps(profile: Profile, a: readonly Feature[], b: readonly Feature[]): boolean {
  return a.some((f) =>
    b.some(
      (g) =>
        f === g ||
        f.name === g.name ||
        profile.catalogue.capabilityChain(f.capability).includes(g.name),
    ),
  );
}

/** Link words (`-lssl`) and listed companions that go with a switch. */
function companionsOf(parts: PlanParts, o: OptionAnalysis): OptionAnalysis[] {
  const listed = (o.knowledge?.companions ?? []).flatMap(
    (key) => parts.index.companions.get(key) ?? [],
  );
  const links =
    o.switch.option.form === 'cflag-define'
      ? parts.index.links.filter((c) => overlaps(parts.profile, c.features, o.features))
      : [];
  return [...new Set([...listed, ...links])].filter((c) => c !== o);
}

function addSwitch(plan: FixPlan, parts: PlanParts, o: OptionAnalysis, variant: FixVariant): void {
  const seen = switchesOf(plan);
  if (seen.has(o)) return;
  seen.add(o);
  const off = chosenOff(o, variant);
  plan.switches.push({ option: o, off });
  if (!off.verified) fail(plan, off.why);
  if (o.knowledge?.advice) fail(plan, o.knowledge.advice);
  if (isDocs(parts, o.features) && parts.docsWouldEmpty) fail(plan, parts.docsWouldEmpty);
  for (const c of companionsOf(parts, o))
    if (!seen.has(c) && seen.add(c))
      plan.switches.push({
        option: c,
        off: { edit: 'remove', text: '', verified: true, why: null },
      });
}

/** Subpackages whose files belong to these features and that go with them. */
function ownedSubpackages(
  parts: PlanParts,
  features: readonly Feature[],
  options: readonly OptionAnalysis[],
): SubpackageAnalysis[] {
  return parts.index.featureSubpackages.filter(
    (s) =>
      overlaps(parts.profile, features, s.features) ||
      options.some((o) =>
        o.knowledge?.subpackages?.some((e) => e === s.item.text || e === s.entry),
      ),
  );
}

/** A subpackage that stays, whose split function moves files of these features, would lose them. */
function checkKept(plan: FixPlan, parts: PlanParts, features: readonly Feature[]): void {
  const dropped = subpackagesOf(plan);
  for (const s of parts.index.movers) {
    if (dropped.has(s) || !overlaps(parts.profile, features, s.mentions)) continue;
    fail(
      plan,
      `${s.name} stays, and its split function moves files named for ${s.mentions.map((f) => f.name).join(', ')}, which may not be built any more`,
    );
    return;
  }
}

/** A generated subpackage holding files of these features would be left without them. */
function checkGenerated(plan: FixPlan, parts: PlanParts, features: readonly Feature[]): void {
  const hit = parts.generated.find(
    (g) => g.features.length > 0 && overlaps(parts.profile, features, g.features),
  );
  if (hit)
    fail(
      plan,
      `${hit.name} is made by the APKBUILD at sourcing time (not written as an entry) and holds files of ${hit.features.map((f) => f.name).join(', ')}, so a fix cannot drop it`,
    );
}

function addSubpackages(plan: FixPlan, subs: readonly SubpackageAnalysis[]): void {
  const seen = subpackagesOf(plan);
  for (const s of subs) {
    if (seen.has(s)) continue;
    seen.add(s);
    plan.subpackages.push(s);
    if (!s.verified) fail(plan, s.advice);
  }
}

/** What switching these features off does to the subpackages: drops, or makes the fix advice. */
function addSubpackageEffects(
  plan: FixPlan,
  parts: PlanParts,
  features: readonly Feature[],
  options: readonly OptionAnalysis[],
): void {
  addSubpackages(plan, ownedSubpackages(parts, features, options));
  checkGenerated(plan, parts, features);
  checkKept(plan, parts, features);
}

/** Writes a default-on switch's off into its commands. */
function addImplicit(plan: FixPlan, parts: PlanParts, i: ImplicitSwitch): void {
  for (const command of i.commands) plan.inserts.push({ command, text: i.off });
  if (i.knowledge.advice) fail(plan, i.knowledge.advice);
  if (isDocs(parts, i.features) && parts.docsWouldEmpty) fail(plan, parts.docsWouldEmpty);
}

export function planOption(
  parts: PlanParts,
  o: OptionAnalysis,
  variant: FixVariant,
  plan: FixPlan = emptyPlan(),
  /** Leave the makedepends to the caller (fix-all adds them once, after every switch). */
  withMakedepends = true,
): FixPlan {
  addSwitch(plan, parts, o, variant);
  const going = switchesOf(plan);
  const mine = withMakedepends ? [o, ...companionsOf(parts, o)] : [];
  const candidates = new Set(mine.flatMap((x) => parts.index.makedependsBySwitch.get(x) ?? []));
  // A makedepend needed by more switches than go here stays (a cheap test before the full one).
  for (const m of candidates)
    if (m.neededBy.length <= going.size && m.neededBy.every((x) => going.has(x)))
      addMakedepend(plan, m);
  addSubpackageEffects(plan, parts, o.features, [o]);
  return plan;
}

/**
 * A makedepend goes with every switch that needs it, or with the off its default needs written.
 * `switches: false` leaves the switches out: fix-all has them from their own findings, and the
 * analysis checks them once for every makedepend that shares them (makedependSureness).
 */
export function planMakedepend(
  parts: PlanParts,
  m: MakedependAnalysis,
  variant: FixVariant,
  plan: FixPlan = emptyPlan(),
  switches = true,
): FixPlan {
  addMakedepend(plan, m);
  if (switches) for (const o of m.neededBy) addSwitch(plan, parts, o, variant);
  if (m.neededBy.length === 0) {
    const implicit = parts.implicit.filter((i) => m.implicitOff.some((x) => x.key === i.key));
    for (const i of implicit) addImplicit(plan, parts, i);
    const detected = parts.autodetect;
    const found = m.features.every((f) => detected.includes(f.name));
    if (implicit.length === 0 && !found)
      fail(
        plan,
        `no switch in this file controls ${m.features.map((f) => f.name).join(', ')}: whether the build goes on without ${m.name} is up to upstream's detection`,
      );
  }
  addSubpackageEffects(plan, parts, m.features, m.neededBy);
  return plan;
}

// Whether every switch of a neededBy list can be switched off, per list: copies of a makedepend
// share one list, so a file that repeats them thousands of times is checked once.
const switchSureness = new WeakMap<
  readonly OptionAnalysis[],
  { verified: boolean; advice: string | null }
>();

/** How sure a makedepend's fix is, and what it writes, for its finding. */
export interface MakedependSureness {
  verified: boolean;
  advice: string | null;
  /** The default-on switches its fix writes off. */
  inserts: string[];
}

/** Whether a makedepend's fix is verified, without building the plan of every switch it needs. */
export function makedependSureness(parts: PlanParts, m: MakedependAnalysis): MakedependSureness {
  let sure = switchSureness.get(m.neededBy);
  if (!sure) {
    const probe = emptyPlan();
    for (const o of m.neededBy) addSwitch(probe, parts, o, 'disable');
    sure = { verified: probe.verified, advice: probe.advice };
    switchSureness.set(m.neededBy, sure);
  }
  const rest = planMakedepend(parts, m, 'disable', emptyPlan(), false);
  return {
    verified: sure.verified && rest.verified,
    advice: sure.advice ?? rest.advice,
    inserts: [...new Set(rest.inserts.map((x) => x.text))],
  };
}

export function planDefaultOn(
  parts: PlanParts,
  i: ImplicitSwitch,
  plan: FixPlan = emptyPlan(),
): FixPlan {
  addImplicit(plan, parts, i);
  // Only what this switch alone takes away: asciidoctor stays while --disable-manpage is advice.
  for (const m of parts.index.makedependsByImplicit.get(i.key) ?? [])
    if (m.neededBy.length === 0 && m.implicitOff.every((x) => x.key === i.key))
      addMakedepend(plan, m);
  addSubpackageEffects(plan, parts, i.features, []);
  return plan;
}

export function planSubpackage(s: SubpackageAnalysis, plan: FixPlan = emptyPlan()): FixPlan {
  addSubpackages(plan, [s]);
  return plan;
}

/** The makedepends every one of whose switches a plan switches off: fix-all adds them at the end. */
export function addUnneededMakedepends(parts: PlanParts, plan: FixPlan): void {
  const going = switchesOf(plan);
  const done = new Map<readonly OptionAnalysis[], boolean>();
  for (const m of parts.makedepends) {
    if (m.rule === null || m.neededBy.length === 0) continue;
    let all = done.get(m.neededBy);
    if (all === undefined) done.set(m.neededBy, (all = m.neededBy.every((x) => going.has(x))));
    if (all) addMakedepend(plan, m);
  }
}
