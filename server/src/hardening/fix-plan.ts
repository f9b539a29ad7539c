import type { MakedependAnalysis } from './analyze-makedepends';
import { offFixOf, type OptionAnalysis } from './analyze-options';
import type { SubpackageAnalysis } from './analyze-subpackages';
import type { Feature } from './catalogue';
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

export interface PlanParts {
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

function isDocs(parts: PlanParts, features: readonly Feature[]): boolean {
  return features.some((f) => parts.profile.catalogue.capabilityChain(f.capability).includes('docs'));
}

function emptyPlan(): FixPlan {
  return { switches: [], inserts: [], makedepends: [], subpackages: [], verified: true, advice: null };
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
    b.some((g) => f === g || f.name === g.name || profile.catalogue.capabilityChain(f.capability).includes(g.name)),
  );
}

/** Link words (`-lssl`) and listed companions that go with a switch. */
function companionsOf(parts: PlanParts, o: OptionAnalysis): OptionAnalysis[] {
  const listed = new Set(o.knowledge?.companions ?? []);
  return parts.options.filter(
    (c) =>
      c !== o &&
      c.judgement.state === 'on' &&
      (listed.has(c.switch.option.key) ||
        (o.switch.option.form === 'cflag-define' && c.switch.option.form === 'link' && overlaps(parts.profile, c.features, o.features))),
  );
}

function addSwitch(plan: FixPlan, parts: PlanParts, o: OptionAnalysis, variant: FixVariant): void {
  if (plan.switches.some((s) => s.option === o)) return;
  const off = chosenOff(o, variant);
  plan.switches.push({ option: o, off });
  if (!off.verified) fail(plan, off.why);
  if (o.knowledge?.advice) fail(plan, o.knowledge.advice);
  if (isDocs(parts, o.features) && parts.docsWouldEmpty) fail(plan, parts.docsWouldEmpty);
  for (const c of companionsOf(parts, o))
    if (!plan.switches.some((s) => s.option === c))
      plan.switches.push({ option: c, off: { edit: 'remove', text: '', verified: true, why: null } });
}

/** Subpackages whose files belong to these features and that go with them. */
function ownedSubpackages(parts: PlanParts, features: readonly Feature[], options: readonly OptionAnalysis[]): SubpackageAnalysis[] {
  return parts.subpackages.filter(
    (s) =>
      s.rule !== null &&
      s.kind === 'feature' &&
      (overlaps(parts.profile, features, s.features) ||
        options.some((o) => o.knowledge?.subpackages?.some((e) => e === s.item.text || e === s.entry))),
  );
}

/** A generated subpackage holding files of these features would be left without them. */
function checkGenerated(plan: FixPlan, parts: PlanParts, features: readonly Feature[]): void {
  const hit = parts.generated.find((g) => g.features.length > 0 && overlaps(parts.profile, features, g.features));
  if (hit)
    fail(plan, `${hit.name} is made by the APKBUILD at sourcing time (not written as an entry) and holds files of ${hit.features.map((f) => f.name).join(', ')}, so a fix cannot drop it`);
}

function addSubpackages(plan: FixPlan, subs: readonly SubpackageAnalysis[]): void {
  for (const s of subs) {
    if (plan.subpackages.includes(s)) continue;
    plan.subpackages.push(s);
    if (!s.verified) fail(plan, s.advice);
  }
}

export function planOption(parts: PlanParts, o: OptionAnalysis, variant: FixVariant): FixPlan {
  const plan = emptyPlan();
  addSwitch(plan, parts, o, variant);
  const going = new Set(plan.switches.map((s) => s.option));
  plan.makedepends = parts.makedepends.filter(
    (m) => m.rule !== null && m.neededBy.length > 0 && m.neededBy.every((x) => going.has(x)),
  );
  addSubpackages(plan, ownedSubpackages(parts, o.features, [o]));
  checkGenerated(plan, parts, o.features);
  return plan;
}

/** A makedepend goes with every switch that needs it, or with the off its default needs written. */
export function planMakedepend(parts: PlanParts, m: MakedependAnalysis, variant: FixVariant): FixPlan {
  const plan = emptyPlan();
  plan.makedepends.push(m);
  for (const o of m.neededBy) addSwitch(plan, parts, o, variant);
  if (m.neededBy.length === 0) {
    const implicit = parts.implicit.filter((i) => m.implicitOff.some((x) => x.key === i.key));
    for (const i of implicit) {
      for (const command of i.commands) plan.inserts.push({ command, text: i.off });
      if (i.knowledge.advice) fail(plan, i.knowledge.advice);
      if (isDocs(parts, i.features) && parts.docsWouldEmpty) fail(plan, parts.docsWouldEmpty);
    }
    const detected = parts.autodetect;
    const found = m.features.every((f) => detected.includes(f.name));
    if (implicit.length === 0 && !found)
      fail(plan, `no switch in this file controls ${m.features.map((f) => f.name).join(', ')}: whether the build goes on without ${m.name} is up to upstream's detection`);
  }
  addSubpackages(plan, ownedSubpackages(parts, m.features, m.neededBy));
  checkGenerated(plan, parts, m.features);
  return plan;
}

export function planDefaultOn(parts: PlanParts, i: ImplicitSwitch): FixPlan {
  const plan = emptyPlan();
  if (i.knowledge.advice) fail(plan, i.knowledge.advice);
  if (isDocs(parts, i.features) && parts.docsWouldEmpty) fail(plan, parts.docsWouldEmpty);
  for (const command of i.commands) plan.inserts.push({ command, text: i.off });
  // Only what this switch alone takes away: asciidoctor stays while --disable-manpage is advice.
  plan.makedepends = parts.makedepends.filter(
    (m) =>
      m.rule !== null &&
      m.neededBy.length === 0 &&
      m.implicitOff.length > 0 &&
      m.implicitOff.every((x) => x.key === i.key),
  );
  addSubpackages(plan, ownedSubpackages(parts, i.features, []));
  checkGenerated(plan, parts, i.features);
  return plan;
}

export function planSubpackage(s: SubpackageAnalysis): FixPlan {
  const plan = emptyPlan();
  addSubpackages(plan, [s]);
  return plan;
}

/** Several plans as one; verified only when all are. */
export function mergePlans(plans: readonly FixPlan[]): FixPlan {
  const merged = emptyPlan();
  for (const p of plans) {
    for (const s of p.switches) if (!merged.switches.some((t) => t.option === s.option)) merged.switches.push(s);
    for (const x of p.inserts)
      if (!merged.inserts.some((y) => y.command.command === x.command.command && y.text === x.text)) merged.inserts.push(x);
    for (const m of p.makedepends) if (!merged.makedepends.includes(m)) merged.makedepends.push(m);
    for (const s of p.subpackages) if (!merged.subpackages.includes(s)) merged.subpackages.push(s);
    if (!p.verified) fail(merged, p.advice);
  }
  return merged;
}
