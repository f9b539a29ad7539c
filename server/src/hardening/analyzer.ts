import type {
  ApkbuildModel,
  BuildArgument,
  BuildInvocation,
  BuildOption,
  FunctionInfo,
  ListItem,
  Span,
  VariableAssignment,
} from '../apkbuild';
import { parseSubpackage } from '../apkbuild';
import type { Feature } from './catalogue';
import { describeEvidence, gatherEvidence, type Evidence, type SbomInput } from './evidence';
import { listSharing } from './list-sharing';
import { optionState, type OptionState } from './option-state';
import type { Profile } from './profile';
import { describeRule, featureRule, isKept, type ProfileRule } from './profile-rules';
import { splitFunctionToRemove } from './split-functions';

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
  const sharing = listSharing(model, MAKEDEPENDS_VARIABLES);
  for (const assignment of model.assignments) {
    if (!MAKEDEPENDS_VARIABLES.has(assignment.name)) continue;
    for (const item of assignment.items ?? []) {
      if (item.hasExpansion) continue;
      const name = item.text.replace(/[<>=~].*$/, '');
      const features = profile.catalogue.featuresOfPackage(name);
      const neededBy = options.filter(
        (o) => o.state.state === 'on' && o.features.some((f) => features.includes(f)),
      );
      const kept = isKept(profile, [name, item.text], features);
      const rules = features.map((f) => featureRule(profile, f));
      const reader = sharing.readBy.get(assignment.name);
      const via = sharing.arrivesVia.get(name);
      const sharedWith =
        reader !== undefined
          ? `$${assignment.name} is also read by ${reader}`
          : via !== undefined
            ? `it also comes in through $${via}`
            : null;
      const removable =
        features.length > 0 &&
        !kept &&
        sharedWith === null &&
        rules.every((r) => r !== null) &&
        neededBy.every((o) => o.rule !== null);
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

function analyzeSubpackages(model: ApkbuildModel, profile: Profile): SubpackageAnalysis[] {
  const pkgname = model.value('pkgname');
  const out: SubpackageAnalysis[] = [];
  for (const assignment of model.assignments) {
    if (assignment.name !== 'subpackages') continue;
    for (const item of assignment.items ?? []) {
      const expanded = item.hasExpansion
        ? model.expand(item.text)
        : { known: true as const, value: item.text };
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
  for (const sub of removed)
    sub.splitFunction = splitFunctionToRemove(
      model,
      sub.entry,
      removed.map((s) => s.entry),
    );
  return out;
}

function optionFinding(
  o: OptionAnalysis,
  makedepends: MakedependAnalysis[],
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Finding {
  const feature = o.features[0];
  const needs = makedepends.filter((m) => m.neededBy.includes(o));
  // Evidence names what goes away with it; makedepends that other features still use stay.
  const dropped = needs.filter((m) => m.rule !== null).map((m) => m.name);
  const stays = needs.filter((m) => m.rule === null).map((m) => m.name);
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
      `${o.argument.text} switches on ${what}, and ${describeRule(o.rule!)}. ${describeEvidence(evidence)}${staying}`.trim(),
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
      `${m.name} is needed for ${m.features.map((f) => f.name).join(', ')}, and ${describeRule(m.rule!)}; ${controlled}. ${describeEvidence(evidence)}`.trim(),
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
  // Findings only where the model is sound: sourcing stops at the first syntax error.
  const soundUntil = model.syntaxDiagnostics[0]?.start ?? Infinity;
  const sound = (o: { invocation?: BuildInvocation; assignment?: VariableAssignment }): boolean =>
    (o.invocation?.range.end ?? o.assignment?.range.end ?? 0) <= soundUntil;
  for (const o of options) if (!sound(o)) o.rule = null;
  for (const m of makedepends) if (!sound(m)) m.rule = null;
  for (const sub of subpackages) if (!sound(sub)) sub.rule = null;
  const findings = [
    ...options.filter((o) => o.rule).map((o) => optionFinding(o, makedepends, model, sbom)),
    ...makedepends.filter((m) => m.rule).map((m) => makedependFinding(m, model, sbom)),
    ...subpackages.filter((s) => s.rule).map(subpackageFinding),
  ].sort((a, b) => a.range.start - b.range.start);
  return { profile, options, makedepends, subpackages, findings };
}
