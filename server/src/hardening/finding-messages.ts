import type { ApkbuildModel } from '../apkbuild';
import type { MakedependAnalysis } from './analyze-makedepends';
import type { OptionAnalysis } from './analyze-options';
import type { SubpackageAnalysis } from './analyze-subpackages';
import type { Finding } from './analyzer';
import type { Feature } from './catalogue';
import { describeEvidence, describeImpact, gatherEvidence, type SbomInput } from './evidence';
import type { FixPlan, MakedependSureness } from './fix-plan';
import type { ImplicitSwitch } from './implicit-switches';
import { describeRule, ruleClause } from './profile-rules';

const NO_EVIDENCE = { makedepends: [], origins: [], sonames: [], options: [] };

// Makedepends of one feature share their neededBy list: one list of texts serves them all.
const texts = new WeakMap<readonly OptionAnalysis[], string[]>();
function switchTexts(list: readonly OptionAnalysis[]): string[] {
  let found = texts.get(list);
  if (!found) texts.set(list, (found = list.map((o) => o.switch.text)));
  return found;
}

/** "a, b and c", or "a, b, c and 12 more" for a long list. */
function someOf(names: readonly string[]): string {
  if (names.length <= 5)
    return names.length <= 1
      ? names.join('')
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function featureText(features: readonly Feature[]): string {
  return features
    .map((f) => (f.name === f.capability ? f.name : `${f.name} (${f.capability})`))
    .join(', ');
}

/** " Advice only: why." or "" for a verified fix. */
function sureness(plan: { verified: boolean; advice: string | null }): string {
  return plan.verified
    ? ''
    : ` Advice only, no fix is applied: ${plan.advice ?? 'not every part of the fix is known to build'}.`;
}

function alsoGoes(plan: FixPlan): string {
  const parts: string[] = [];
  if (plan.makedepends.length > 0) parts.push(plan.makedepends.map((m) => m.item.text).join(', '));
  if (plan.subpackages.length > 0)
    parts.push(
      `subpackage${plan.subpackages.length > 1 ? 's' : ''} ${plan.subpackages.map((s) => s.name).join(', ')}`,
    );
  if (parts.length === 0) return '';
  return plan.verified
    ? ` The fix also drops ${parts.join(' and ')}.`
    : ` A fix would also drop ${parts.join(' and ')}.`;
}

function via(o: OptionAnalysis): string {
  const path = o.switch.via.filter((v) => v !== 'prefix');
  return path.length > 0
    ? ` (it reaches ${o.switch.commands[0].tool} through ${path.join(', ')})`
    : '';
}

/**
 * "openldap-dev: removable, authentication is provided by api-gateway": short enough for the
 * Problems panel; the message and the hover hold the rest.
 */
function summaryOf(parts: {
  code: Finding['code'];
  subject: string;
  named?: string;
  verdict: string;
  rule: Finding['rule'];
  sure: { verified: boolean };
}): string {
  const subject = parts.named ?? parts.subject;
  if (parts.code === 'harden/kept-makedepend') return `${subject}: ${parts.verdict}`;
  const advice = parts.sure.verified ? '' : ' (advice only)';
  return `${subject}: ${parts.verdict}, ${ruleClause(parts.rule)}${advice}`;
}

/** A finding from its parts: the message's blanks folded, verified and advice from `sure`. */
function finding(parts: {
  code: Finding['code'];
  range: Finding['range'];
  subject: string;
  message: string;
  /** The summary's verdict: "removable", "not shipped", ... (the rule's clause follows). */
  verdict: string;
  /** The subject as the summary names it, when not as written (`$pkgname-dbg`). */
  named?: string;
  rule: Finding['rule'];
  feature: Feature | null;
  evidence: Finding['evidence'];
  sure: { verified: boolean; advice: string | null };
  target: Finding['target'];
}): Finding {
  return {
    code: parts.code,
    range: parts.range,
    subject: parts.subject,
    message: parts.message.replace(/\s+/g, ' ').trim(),
    summary: summaryOf(parts),
    rule: parts.rule,
    feature: parts.feature?.name ?? null,
    capability: parts.feature?.capability ?? null,
    evidence: parts.evidence,
    verified: parts.sure.verified,
    advice: parts.sure.verified ? null : parts.sure.advice,
    target: parts.target,
  };
}

export function optionFinding(
  o: OptionAnalysis,
  plan: FixPlan,
  model: ApkbuildModel,
  /** The makedepends of its features. */
  needs: readonly MakedependAnalysis[],
  sbom: SbomInput | undefined,
): Finding {
  const dropped = plan.makedepends.map((m) => m.name);
  const going = new Set(dropped);
  const stays = needs.filter((m) => !going.has(m.name));
  const evidence = gatherEvidence(o.features, dropped, [o.switch.text], model, sbom);
  const kept = stays.filter((m) => m.broughtBy === null);
  const brought = stays.filter((m) => m.broughtBy !== null);
  const staying =
    (kept.length > 0
      ? ` ${kept.map((m) => m.name).join(', ')} stay${kept.length === 1 ? 's' : ''}: other switches or features still use ${kept.length === 1 ? 'it' : 'them'}.`
      : '') + brought.map((m) => ` ${m.name} stays: ${m.broughtBy} brings it in.`).join('');
  const feature = o.features[0];
  return finding({
    code: 'harden/removable-option',
    range: o.switch.range,
    subject: o.switch.text,
    verdict: 'removable',
    message: `${o.switch.text}${via(o)} switches on ${featureText(o.features)}, and ${describeRule(o.rule!)}. ${describeEvidence(evidence)}${staying}${alsoGoes(plan)} ${describeImpact(evidence)}${sureness(plan)}`,
    rule: o.rule!,
    feature,
    evidence,
    sure: plan,
    target: { kind: 'option', analysis: o },
  });
}

export function defaultOnFinding(
  i: ImplicitSwitch,
  plan: FixPlan,
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Finding {
  const command = i.commands[0];
  const first = command.command.words[0];
  const evidence = gatherEvidence(
    i.features,
    plan.makedepends.map((m) => m.name),
    [i.off],
    model,
    sbom,
  );
  const note = i.knowledge.note ? ` ${i.knowledge.note}` : '';
  return finding({
    code: 'harden/default-on',
    range: { start: first.start, end: first.end },
    subject: i.off,
    verdict: `${command.tool} builds ${i.features.map((f) => f.name).join(', ')} by default`,
    message: `${command.tool} builds ${featureText(i.features)} by default (${i.key}), and ${describeRule(i.rule!)}: the fix writes ${i.off}.${note} ${describeEvidence(evidence)}${alsoGoes(plan)} ${describeImpact(evidence)}${sureness(plan)}`,
    rule: i.rule!,
    feature: i.features[0],
    evidence,
    sure: plan,
    target: { kind: 'default-on', analysis: i },
  });
}

export function makedependFinding(
  m: MakedependAnalysis,
  sure: MakedependSureness,
  model: ApkbuildModel,
  sbom: SbomInput | undefined,
): Finding {
  const feature = m.features[0];
  const switches = switchTexts(m.neededBy);
  const evidence = gatherEvidence(m.features, [m.name], switches, model, sbom);
  const controlled =
    switches.length > 0
      ? `only the removable switch${switches.length > 1 ? 'es' : ''} ${someOf(switches)} need${switches.length > 1 ? '' : 's'} it, and the fix switches ${switches.length > 1 ? 'them' : 'it'} off too`
      : sure.inserts.length > 0
        ? `upstream builds it by default; the fix writes ${sure.inserts.join(', ')}`
        : 'no switch in this file controls it';
  return finding({
    code: 'harden/removable-makedepend',
    range: m.item.range,
    subject: m.item.text,
    verdict: 'removable',
    message: `${m.name} is needed for ${m.features.map((f) => f.name).join(', ')}, and ${describeRule(m.rule!)}; ${controlled}. ${describeEvidence({ ...evidence, makedepends: [] })} ${describeImpact(evidence)}${sureness(sure)}`,
    rule: m.rule!,
    feature,
    evidence,
    sure,
    target: { kind: 'makedepend', analysis: m },
  });
}

/** A makedepend the profile would remove, but another makedepend brings it in: a note, no fix. */
export function keptMakedependFinding(m: MakedependAnalysis): Finding {
  const feature = m.features[0];
  const why = `${m.broughtBy} brings ${m.name} in, so removing it from makedepends removes nothing`;
  return finding({
    code: 'harden/kept-makedepend',
    range: m.item.range,
    subject: m.item.text,
    verdict: `stays, ${m.broughtBy} brings it in`,
    message: `${m.name} would go with ${m.features.map((f) => f.name).join(', ')}, but ${why}. The switches that need it can still go.`,
    rule: { kind: 'unused', name: feature.name },
    feature,
    evidence: { ...NO_EVIDENCE, makedepends: [m.name] },
    sure: { verified: false, advice: why },
    target: { kind: 'makedepend', analysis: m },
  });
}

const FOLDERS_WHY: Record<string, string> = {
  openrc: 'its init scripts are not installed any more',
  lang: 'package() removes the translations',
  completion: 'package() removes the completions',
};

export function subpackageFinding(s: SubpackageAnalysis, plan: FixPlan): Finding {
  const fn = s.splitFunction ? `; its split function ${s.splitFunction.name}() goes with it` : '';
  const files =
    s.stopFolders.length > 0
      ? `; ${FOLDERS_WHY[s.kind] ?? 'its files are not shipped'}, so they do not land in the main package`
      : '';
  const feature =
    s.kind === 'feature'
      ? `; its files come with ${featureText(s.features)}, which ${s.features.length > 1 ? 'go' : 'goes'}`
      : '';
  return finding({
    code: 'harden/removable-subpackage',
    range: s.item.range,
    subject: s.item.text,
    named: s.name,
    verdict: 'not shipped',
    message: `${s.name} is not shipped: ${describeRule(s.rule!)}${feature}${fn}${files}.${sureness(plan)}`,
    rule: s.rule!,
    feature: s.features[0] ?? null,
    evidence: NO_EVIDENCE,
    sure: plan,
    target: { kind: 'subpackage', analysis: s },
  });
}
