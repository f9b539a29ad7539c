import type {
  ApkbuildModel,
  BuildArgument,
  BuildInvocation,
  BuildOption,
  FunctionInfo,
  ListItem,
  Span,
  StaticValue,
  VariableAssignment,
} from '../apkbuild';
import { parseSubpackage } from '../apkbuild';
import type { Feature } from './catalogue';
import {
  describeEvidence,
  describeImpact,
  gatherEvidence,
  type Evidence,
  type SbomInput,
} from './evidence';
import { listSharing, type ListSharing } from './list-sharing';
import { optionState, type OptionState } from './option-state';
import type { Profile } from './profile';
import { describeRule, featureRule, isKept, type ProfileRule } from './profile-rules';
import { splitFunctionsToRemove } from './split-functions';

export interface OptionAnalysis {
  invocation: BuildInvocation;
  argument: BuildArgument;
  option: BuildOption;
  state: OptionState;
  features: Feature[];
  kept: boolean;
  /** Set when the profile makes this option removable. */
  rule: ProfileRule | null;
}

export interface MakedependAnalysis {
  name: string;
  item: ListItem;
  assignment: VariableAssignment;
  features: Feature[];
  /** Options that are on and switch on one of its features. */
  neededBy: OptionAnalysis[];
  kept: boolean;
  /** Why removing it from this list would not be safe or complete, e.g. `depends_dev` reads the list. */
  sharedWith: string | null;
  rule: ProfileRule | null;
}

export interface SubpackageAnalysis {
  /** The entry's value, e.g. `lighttpd-dbg` or `lighttpd-mod_auth:mod_auth`. */
  entry: string;
  name: string;
  item: ListItem;
  assignment: VariableAssignment;
  kept: boolean;
  rule: ProfileRule | null;
  /** The split function that goes with it when removed, if nothing else uses it. */
  splitFunction: FunctionInfo | null;
}

export type FindingCode =
  'harden/removable-option' | 'harden/removable-makedepend' | 'harden/removable-subpackage';

export interface Finding {
  code: FindingCode;
  range: Span;
  /** The option, package or subpackage as written. */
  subject: string;
  message: string;
  rule: ProfileRule;
  feature: string | null;
  capability: string | null;
  evidence: Evidence;
  target:
    | { kind: 'option'; analysis: OptionAnalysis }
    | { kind: 'makedepend'; analysis: MakedependAnalysis }
    | { kind: 'subpackage'; analysis: SubpackageAnalysis };
}

export interface HardeningAnalysis {
  profile: Profile;
  options: OptionAnalysis[];
  makedepends: MakedependAnalysis[];
  subpackages: SubpackageAnalysis[];
  /** The removable ones, in source order. */
  findings: Finding[];
}

const MAKEDEPENDS_VARIABLES = new Set(['makedepends', 'makedepends_build', 'makedepends_host']);

function analyzeOptions(model: ApkbuildModel, profile: Profile): OptionAnalysis[] {
  const out: OptionAnalysis[] = [];
  for (const invocation of model.invocations) {
    for (const argument of invocation.arguments) {
      const option = argument.option;
      if (!option) continue;
      const state = optionState(invocation.tool, option);
      if (!state) continue;
      const features = profile.catalogue.featuresOfOption(option.name);
      const kept = isKept(profile, [option.name, argument.text], features);
      const rules = features.map((f) => featureRule(profile, f));
      const removable =
        state.state === 'on' && features.length > 0 && !kept && rules.every((r) => r !== null);
      out.push({
        invocation,
        argument,
        option,
        state,
        features,
        kept,
        rule: removable ? rules[0] : null,
      });
    }
  }
  return out;
}

function analyzeMakedepends(
  model: ApkbuildModel,
  profile: Profile,
  options: OptionAnalysis[],
): MakedependAnalysis[] {
  const out: MakedependAnalysis[] = [];
  // Options that are on, by the features they switch on: a lookup per makedepend, not a scan.
  const onByFeature = new Map<Feature, OptionAnalysis[]>();
  for (const o of options) {
    if (o.state.state !== 'on') continue;
    for (const f of o.features) {
      const list = onByFeature.get(f);
      if (list) list.push(o);
      else onByFeature.set(f, [o]);
    }
  }
  const neededByFeatures = new Map<readonly Feature[], OptionAnalysis[]>();
  const allFlagged = new Map<OptionAnalysis[], boolean>();
  let sharing: ListSharing | undefined; // worked out only when an item could be removable
  const shared = (): ListSharing => (sharing ??= listSharing(model, MAKEDEPENDS_VARIABLES));
  for (const assignment of model.assignments) {
    if (!MAKEDEPENDS_VARIABLES.has(assignment.name)) continue;
    for (const item of assignment.items ?? []) {
      if (item.hasExpansion) continue;
      const name = item.text.replace(/[<>=~].*$/, '');
      const features = profile.catalogue.featuresOfPackage(name);
      // One array per feature set (the catalogue returns one per package name), shared by the
      // items: a file that repeats a package thousands of times stays linear.
      let neededBy = neededByFeatures.get(features);
      if (!neededBy) {
        neededBy = [...new Set(features.flatMap((f) => onByFeature.get(f) ?? []))];
        neededByFeatures.set(features, neededBy);
        allFlagged.set(
          neededBy,
          neededBy.every((o) => o.rule !== null),
        );
      }
      const kept = isKept(profile, [name, item.text], features);
      const rules = features.map((f) => featureRule(profile, f));
      const candidate =
        features.length > 0 &&
        !kept &&
        rules.every((r) => r !== null) &&
        allFlagged.get(neededBy) === true;
      const reader = candidate ? shared().readBy.get(assignment.name) : undefined;
      const via = candidate ? shared().arrivesVia.get(name) : undefined;
      const sharedWith =
        reader !== undefined
          ? `$${assignment.name} is also read by ${reader}`
          : via !== undefined
            ? `it also comes in through $${via}`
            : null;
      const removable = candidate && sharedWith === null;
      out.push({
        name,
        item,
        assignment,
        features,
        neededBy,
        kept,
        sharedWith,
        rule: removable ? rules[0] : null,
      });
    }
  }
  return out;
}

/** A subpackages entry's value; `$pkgname-doc`, by far the commonest form, without a parse. */
function subpackageEntry(
  model: ApkbuildModel,
  text: string,
  hasExpansion: boolean,
  pkgname: StaticValue | undefined,
): StaticValue {
  if (!hasExpansion) return { known: true, value: text };
  const simple = /^\$\{?pkgname\}?(-[\w.+:-]*)$/.exec(text);
  if (simple && pkgname?.known) return { known: true, value: pkgname.value + simple[1] };
  return model.expand(text);
}

function analyzeSubpackages(model: ApkbuildModel, profile: Profile): SubpackageAnalysis[] {
  const pkgname = model.value('pkgname');
  const out: SubpackageAnalysis[] = [];
  for (const assignment of model.assignments) {
    if (assignment.name !== 'subpackages') continue;
    for (const item of assignment.items ?? []) {
      const expanded = subpackageEntry(model, item.text, item.hasExpansion, pkgname);
      if (!expanded.known) continue;
      const entry = expanded.value;
      const { name } = parseSubpackage(entry);
      const suffix =
        pkgname?.known && name.startsWith(`${pkgname.value}-`)
          ? name.slice(pkgname.value.length + 1)
          : null;
      const kept = isKept(profile, [name, entry, ...(suffix ? [suffix] : [])], []);
      const rule: ProfileRule | null =
        suffix !== null && profile.dropSubpackages.has(suffix) && !kept
          ? { kind: 'drop-subpackage', suffix }
          : null;
      out.push({ entry, name, item, assignment, kept, rule, splitFunction: null });
    }
  }
  const removed = out.filter((s) => s.rule !== null);
  const functions = splitFunctionsToRemove(model, removed);
  for (const sub of removed) sub.splitFunction = functions.get(sub.entry) ?? null;
  return out;
}

function optionFinding(
  o: OptionAnalysis,
  dropsByFeature: ReadonlyMap<Feature, ReadonlyMap<string, boolean>>,
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Finding {
  const feature = o.features[0];
  // Evidence names what goes away with it; makedepends that other features still use stay.
  const needs = new Map<string, boolean>();
  for (const f of o.features)
    for (const [name, drops] of dropsByFeature.get(f) ?? [])
      needs.set(name, (needs.get(name) ?? true) && drops);
  const dropped = [...needs].filter(([, drops]) => drops).map(([name]) => name);
  const stays = [...needs].filter(([, drops]) => !drops).map(([name]) => name);
  const evidence = gatherEvidence(o.features, dropped, [o.argument.text], model, sbom);
  const staying =
    stays.length > 0
      ? ` ${stays.join(', ')} stay${stays.length === 1 ? 's' : ''}: other features may use ${stays.length === 1 ? 'it' : 'them'}.`
      : '';
  const what = o.features
    .map((f) => (f.name === f.capability ? f.name : `${f.name} (${f.capability})`))
    .join(', ');
  return {
    code: 'harden/removable-option',
    range: o.argument.range,
    subject: o.argument.text,
    message:
      `${o.argument.text} switches on ${what}, and ${describeRule(o.rule!)}. ${describeEvidence(evidence)}${staying} ${describeImpact(evidence)}`.trim(),
    rule: o.rule!,
    feature: feature.name,
    capability: feature.capability,
    evidence,
    target: { kind: 'option', analysis: o },
  };
}

function makedependFinding(
  m: MakedependAnalysis,
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Finding {
  const feature = m.features[0];
  const evidence = gatherEvidence(
    m.features,
    [m.name],
    m.neededBy.map((o) => o.argument.text),
    model,
    sbom,
  );
  const controlled =
    m.neededBy.length > 0
      ? `only the removable option${m.neededBy.length > 1 ? 's' : ''} ${m.neededBy.map((o) => o.argument.text).join(', ')} need${m.neededBy.length > 1 ? '' : 's'} it`
      : 'no build option here controls it, so the build has to detect its absence by itself';
  return {
    code: 'harden/removable-makedepend',
    range: m.item.range,
    subject: m.item.text,
    message:
      `${m.name} is needed for ${m.features.map((f) => f.name).join(', ')}, and ${describeRule(m.rule!)}; ${controlled}. ${describeEvidence({ ...evidence, makedepends: [] })} ${describeImpact(evidence)}`.trim(),
    rule: m.rule!,
    feature: feature.name,
    capability: feature.capability,
    evidence,
    target: { kind: 'makedepend', analysis: m },
  };
}

function subpackageFinding(s: SubpackageAnalysis): Finding {
  const fn = s.splitFunction ? `; its split function ${s.splitFunction.name}() goes with it` : '';
  return {
    code: 'harden/removable-subpackage',
    range: s.item.range,
    subject: s.item.text,
    message: `${s.name} is not shipped: ${describeRule(s.rule!)}${fn}.`,
    rule: s.rule!,
    feature: null,
    capability: null,
    evidence: { makedepends: [], origins: [], sonames: [], options: [] },
    target: { kind: 'subpackage', analysis: s },
  };
}

/** Judges every build option, makedepend and subpackage of a file against a profile. */
export function analyzeHardening(
  model: ApkbuildModel,
  profile: Profile,
  sbom?: SbomInput,
): HardeningAnalysis {
  const options = analyzeOptions(model, profile);
  const makedepends = analyzeMakedepends(model, profile, options);
  const subpackages = analyzeSubpackages(model, profile);
  // Per feature, the makedepends it needs and whether every occurrence of each goes away.
  const dropsByFeature = new Map<Feature, Map<string, boolean>>();
  for (const m of makedepends) {
    for (const f of m.features) {
      const names = dropsByFeature.get(f) ?? new Map<string, boolean>();
      names.set(m.name, (names.get(m.name) ?? true) && m.rule !== null);
      dropsByFeature.set(f, names);
    }
  }
  // Findings only where the model is sound: sourcing stops at the first syntax error.
  const soundUntil = model.syntaxDiagnostics[0]?.start ?? Infinity;
  const sound = (o: { invocation?: BuildInvocation; assignment?: VariableAssignment }): boolean =>
    (o.invocation?.range.end ?? o.assignment?.range.end ?? 0) <= soundUntil;
  for (const o of options) if (!sound(o)) o.rule = null;
  for (const m of makedepends) if (!sound(m)) m.rule = null;
  for (const sub of subpackages) if (!sound(sub)) sub.rule = null;
  const findings = [
    ...options.filter((o) => o.rule).map((o) => optionFinding(o, dropsByFeature, model, sbom)),
    ...makedepends.filter((m) => m.rule).map((m) => makedependFinding(m, model, sbom)),
    ...subpackages.filter((s) => s.rule).map(subpackageFinding),
  ].sort((a, b) => a.range.start - b.range.start);
  return { profile, options, makedepends, subpackages, findings };
}
