import { analyzeApkbuild, type ApkbuildModel, type Span } from '../apkbuild';
import { analyzeMakedepends, type MakedependAnalysis } from './analyze-makedepends';
import { analyzeOptions, type OptionAnalysis } from './analyze-options';
import { analyzeSubpackages, type SubpackageAnalysis } from './analyze-subpackages';
import type { Feature } from './catalogue';
import type { Evidence, SbomInput } from './evidence';
import {
  defaultOnFinding,
  keptMakedependFinding,
  makedependFinding,
  optionFinding,
  subpackageFinding,
} from './finding-messages';
import {
  indexParts,
  planDefaultOn,
  makedependSureness,
  planOption,
  planSubpackage,
  type PlanParts,
} from './fix-plan';
import { generatedSubpackages } from './generated-subpackages';
import { implicitSwitches, type ImplicitSwitch } from './implicit-switches';
import { packageContext, type PackageContext } from './package-context';
import type { Profile } from './profile';
import type { ProfileRule } from './profile-rules';
import { profileScope, type ProfileScope } from './profile-scope';
import { ShellScopes } from './switches/shell-scopes';

export type { MakedependAnalysis } from './analyze-makedepends';
export type { OptionAnalysis } from './analyze-options';
export type { SubpackageAnalysis };

export type FindingCode =
  | 'harden/removable-option'
  | 'harden/default-on'
  | 'harden/removable-makedepend'
  | 'harden/removable-subpackage'
  | 'harden/kept-makedepend';

export interface Finding {
  code: FindingCode;
  range: Span;
  /** The switch, package or subpackage as written; for `default-on`, the switch a fix writes. */
  subject: string;
  /** The whole explanation: what it switches or brings, the rule, what the fix does. */
  message: string;
  /** One clause for a list (the Problems panel): the subject, the verdict and the rule. */
  summary: string;
  rule: ProfileRule;
  feature: string | null;
  capability: string | null;
  evidence: Evidence;
  /**
   * Every part of the fix is known to be accepted: by upstream's build (the option and its off
   * spelling exist, nothing left needs what goes) and by abuild (no split function loses its
   * files). Quick-fixes and fix-all apply verified fixes only.
   */
  verified: boolean;
  /** Why the fix is advice only; null when verified. Also set, as a note, on kept makedepends. */
  advice: string | null;
  target:
    | { kind: 'option'; analysis: OptionAnalysis }
    | { kind: 'default-on'; analysis: ImplicitSwitch }
    | { kind: 'makedepend'; analysis: MakedependAnalysis }
    | { kind: 'subpackage'; analysis: SubpackageAnalysis };
}

/** A finding whose fix is not applied; a kept makedepend is a note, neither fix nor advice. */
export function isAdviceOnly(finding: Finding): boolean {
  return !finding.verified && finding.code !== 'harden/kept-makedepend';
}

export interface HardeningAnalysis {
  profile: Profile;
  context: PackageContext;
  /** Whether the profile judges this package, and how far. */
  scope: ProfileScope;
  /** What fix plans are made of. */
  parts: PlanParts;
  /** The file's commands with where they sit, walked once; fixes edit through them too. */
  scopes: ShellScopes;
  options: OptionAnalysis[];
  implicit: ImplicitSwitch[];
  makedepends: MakedependAnalysis[];
  subpackages: SubpackageAnalysis[];
  /** The removable ones (and kept makedepends, as notes), in source order. */
  findings: Finding[];
  /** Why the file was not judged at all (too large, or its evaluation stopped); else null. */
  skipped: string | null;
}

/**
 * Files larger than this are parsed and modelled but not judged: 2.2 times the largest APKBUILD
 * of aports (gcc's, 29.6 kB), and small enough that each step of its analysis (parse, model,
 * lint, judging) holds the thread that answers the editor for about 50 ms at most, even when
 * the file is made to be slow (the server sends larger ones to a worker).
 */
export const HARDENING_MAX_CHARS = 64 * 1024;

/** Why a text of `length` characters is not judged, or null when it is small enough. */
export function tooLargeToJudge(length: number): string | null {
  if (length <= HARDENING_MAX_CHARS) return null;
  return `the file is too large to judge (${length.toLocaleString('en-US')} characters; hardening judges files up to ${HARDENING_MAX_CHARS.toLocaleString('en-US')})`;
}

let empty: ApkbuildModel | undefined;
/** What a skipped file's scopes walk: nothing (fixes never edit a file that was not judged). */
const emptyModel = (): ApkbuildModel => (empty ??= analyzeApkbuild(''));

/** Why a file cannot be judged soundly, or null. */
function skipReason(model: ApkbuildModel): string | null {
  const tooLarge = tooLargeToJudge(model.text.length);
  if (tooLarge) return tooLarge;
  // Past a stop every value is unknown: no finding could be checked against the file.
  if (model.evaluationStop) return `not judged: ${model.evaluationStop.reason}`;
  return null;
}

/**
 * Why documentation off could leave -doc empty: abuild dies on a split function that moved
 * nothing, and only default_doc compresses man pages, so the entry cannot simply go either.
 * Something is known to remain when the build knowledge says so or package() installs a
 * licence (default_doc moves usr/share/licenses).
 */
function docsWouldEmpty(
  model: ApkbuildModel,
  ctx: PackageContext,
  subpackages: readonly SubpackageAnalysis[],
): string | null {
  const doc = subpackages.find((s) => s.name.endsWith('-doc') && s.rule === null);
  if (!doc) return null;
  if (ctx.knowledge.docsRemain) return null;
  const fn = model.functions.find((f) => f.name === 'package' && f.node);
  const body = fn ? model.text.slice(fn.range.start, fn.range.end) : '';
  if (/usr\/share\/licenses|\/licenses\//.test(body)) return null;
  return `with documentation off nothing is known to be left for ${doc.name}, and abuild fails on an empty subpackage`;
}

/** Judges every switch, makedepend and subpackage of a file against a profile. */
export function analyzeHardening(
  model: ApkbuildModel,
  profile: Profile,
  sbom?: SbomInput,
): HardeningAnalysis {
  const skipped = skipReason(model);
  const context = packageContext(model, profile);
  const scope = profileScope(profile, context, sbom);
  // One walk of the file's commands serves every part of the analysis.
  const scopes = new ShellScopes(skipped ? emptyModel() : model);
  const options = skipped ? [] : analyzeOptions(model, profile, context, scopes);
  const implicit = skipped ? [] : implicitSwitches(model, profile, context, options, scopes);
  const makedepends = skipped ? [] : analyzeMakedepends(model, profile, context, options, sbom);
  const subpackages = skipped
    ? []
    : analyzeSubpackages(model, profile, context, options, implicit, scopes);
  // Findings only where the model is sound: sourcing stops at the first syntax error.
  const soundUntil = model.syntaxDiagnostics[0]?.start ?? Infinity;
  const sound = (range: Span): boolean => range.end <= soundUntil;
  for (const o of options)
    if (
      !scope.features ||
      !o.switch.commands.every((c) => sound(c.range)) ||
      !sound(o.switch.range)
    )
      o.rule = null;
  for (const i of implicit)
    if (!scope.features || !i.commands.every((c) => sound(c.range))) i.rule = null;
  for (const m of makedepends) if (!scope.features || !sound(m.assignment.range)) m.rule = null;
  for (const s of subpackages)
    if (!sound(s.assignment.range) || (!scope.features && s.kind === 'feature')) s.rule = null;
  if (!scope.subpackages) for (const s of subpackages) s.rule = null;
  const base = {
    profile,
    autodetect: context.knowledge.autodetect ?? [],
    docsWouldEmpty: docsWouldEmpty(model, context, subpackages),
    generated: generatedSubpackages(
      model,
      profile,
      context.origin,
      new Set(subpackages.map((s) => s.name)),
    ),
    options,
    implicit,
    makedepends,
    subpackages,
  };
  const parts: PlanParts = { ...base, index: indexParts(base) };
  // One makedepend of each name per feature: a file that repeats a list thousands of times
  // stays linear.
  const byFeature = new Map<Feature, Map<string, MakedependAnalysis>>();
  for (const m of makedepends)
    for (const f of m.features) {
      const names = byFeature.get(f);
      if (names) names.set(m.name, m);
      else byFeature.set(f, new Map([[m.name, m]]));
    }
  const needsOf = (o: OptionAnalysis): MakedependAnalysis[] => {
    const needs = new Map<string, MakedependAnalysis>();
    for (const f of o.features) for (const [name, m] of byFeature.get(f) ?? []) needs.set(name, m);
    return [...needs.values()];
  };
  const findings = [
    ...options
      .filter((o) => o.rule)
      .map((o) => optionFinding(o, planOption(parts, o, 'disable'), model, needsOf(o), sbom)),
    // A default-on switch that a makedepend's fix writes is reported with that makedepend.
    ...implicit
      .filter(
        (i) =>
          i.rule &&
          !makedepends.some(
            (m) =>
              m.rule &&
              m.implicitOff.some((x) => x.key === i.key) &&
              makedependSureness(parts, m).verified,
          ),
      )
      .map((i) => defaultOnFinding(i, planDefaultOn(parts, i), model, sbom)),
    ...makedepends
      .filter((m) => m.rule)
      .map((m) => makedependFinding(m, makedependSureness(parts, m), model, sbom)),
    ...makedepends.filter((m) => m.broughtBy !== null && scope.features).map(keptMakedependFinding),
    ...subpackages.filter((s) => s.rule).map((s) => subpackageFinding(s, planSubpackage(s))),
  ].sort((a, b) => a.range.start - b.range.start);
  return {
    profile,
    context,
    scope,
    parts,
    scopes,
    options,
    implicit,
    makedepends,
    subpackages,
    findings,
    skipped,
  };
}
