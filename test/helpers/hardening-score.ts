import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { indexAportsTree, ORDINARY_BUILD } from '../../server/src/aports';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  fixAll,
  type Finding,
  type SbomInput,
} from '../../server/src/hardening';
import { HardeningSources } from '../../server/src/hardening-sources';
import { indexPackages, readApkIndex } from '../../server/src/sbom';
import { predictBuild, type BuildInput } from './build-prediction';
import type { AportLabels, LabelFinding, LabelKind } from './hardening-labels';
import { corpusFile, corpusRoot, sharedRoot } from './paths';

/** How one aport fares under one profile. */
export interface AportScore {
  aport: string;
  system: string;
  profile: string;
  matched: { label: LabelFinding; finding: Finding }[];
  /** Reported but not labelled (traps under `not:` included). */
  extra: Finding[];
  /** Labelled but not reported. */
  missed: LabelFinding[];
  /** Matched, but verified where the label says advice, or the other way round. */
  sureness: { label: LabelFinding; finding: Finding }[];
  /** `not:` entries that were reported. */
  traps: LabelFinding[];
  /** `fixed:` expectations the fixed file does not meet. */
  fixed: string[];
  /** Why the fixed file would not configure or package, per the upstream facts. */
  build: string[];
}

const KIND: Record<string, LabelKind | null> = {
  'harden/removable-option': 'option',
  'harden/default-on': 'option',
  'harden/removable-makedepend': 'makedepend',
  'harden/removable-subpackage': 'subpackage',
  'harden/kept-makedepend': null,
};

const collapse = (text: string): string => text.replace(/\\\n/g, ' ').replace(/[ \t\n]+/g, ' ');

export function scoreAport(
  labels: AportLabels,
  profileName: 'kubernetes' | 'minimal',
  sbom?: SbomInput,
): AportScore {
  const path = `${labels.aport}/APKBUILD`;
  const text = readFileSync(corpusFile(path), 'utf8');
  const options = {
    startdir: `/home/buildozer/aports/${labels.aport}`,
    environment: ORDINARY_BUILD,
  };
  const model = analyzeApkbuild(text, options);
  const profile = builtinProfile(profileName)!;
  const analysis = analyzeHardening(model, profile, sbom);
  const expect = labels.expect?.[profileName] ?? {};
  const wanted = [...(expect.findings ?? [])];
  const traps = expect.not ?? [];
  const score: AportScore = {
    aport: labels.aport,
    system: labels.system,
    profile: profileName,
    matched: [],
    extra: [],
    missed: [],
    sureness: [],
    traps: [],
    fixed: [],
    build: [],
  };
  /** Takes the wanted label of this kind and subject, if any, as matched by the finding. */
  const match = (kind: LabelKind, subject: string, finding: Finding): boolean => {
    const at = wanted.findIndex((l) => l.kind === kind && l.subject === subject);
    if (at < 0) return false;
    const [label] = wanted.splice(at, 1);
    score.matched.push({ label, finding });
    if ((label.verified ?? true) !== finding.verified) score.sureness.push({ label, finding });
    return true;
  };
  for (const finding of analysis.findings) {
    const kind = KIND[finding.code];
    if (kind === null || match(kind, finding.subject, finding)) continue;
    score.extra.push(finding);
    const trap = traps.find((l) => l.kind === kind && l.subject === finding.subject);
    if (trap) score.traps.push(trap);
  }
  // A default-on switch a makedepend's fix writes is reported inside that makedepend's finding
  // ("the fix writes --without-sphinx-build"), not as a finding of its own.
  for (const finding of analysis.findings)
    if (finding.target.kind === 'makedepend')
      for (const off of finding.target.analysis.implicitOff) match('option', off.text, finding);
  score.missed = wanted;
  const fixedText = applyEdits(text, fixAll(model, analysis).edits);
  const fixedFlat = collapse(fixedText);
  const spec = expect.fixed ?? {};
  const commands =
    spec.command === undefined ? [] : Array.isArray(spec.command) ? spec.command : [spec.command];
  for (const command of commands)
    if (!fixedFlat.includes(collapse(command)))
      score.fixed.push(`the fixed file has no command ${command}`);
  for (const t of spec.contains ?? [])
    if (!fixedText.includes(t) && !fixedFlat.includes(collapse(t)))
      score.fixed.push(`the fixed file lost ${t}`);
  for (const t of spec.lacks ?? [])
    if (fixedText.includes(t)) score.fixed.push(`the fixed file still has ${t}`);
  const fixedModel = analyzeApkbuild(fixedText, options);
  const inputOf = (m: typeof model, fixed: string): BuildInput => {
    const list = (name: string): string[] => {
      const value = m.list(name);
      return Array.isArray(value) ? value : [];
    };
    const pkgname = m.value('pkgname');
    return {
      broughtIn: sbom?.broughtIn,
      original: text,
      fixed,
      makedepends: [
        ...list('makedepends'),
        ...list('makedepends_build'),
        ...list('makedepends_host'),
      ],
      subpackages: list('subpackages').map((s) => s.split(':')[0]),
      pkgname: pkgname?.known ? pkgname.value : labels.aport.split('/')[1],
    };
  };
  score.build = predictBuild(labels, inputOf(fixedModel, fixedText), inputOf(model, text));
  if (fixedModel.syntaxDiagnostics.length > model.syntaxDiagnostics.length)
    score.build.push(
      `the fixed file has a syntax error: ${fixedModel.syntaxDiagnostics[0].message}`,
    );
  return score;
}

export interface Totals {
  matched: number;
  extra: number;
  missed: number;
  sureness: number;
  brokenFiles: number;
  fixedMisses: number;
  aports: number;
}

export function totals(scores: readonly AportScore[]): Totals {
  return {
    matched: scores.reduce((n, s) => n + s.matched.length, 0),
    extra: scores.reduce((n, s) => n + s.extra.length, 0),
    missed: scores.reduce((n, s) => n + s.missed.length, 0),
    sureness: scores.reduce((n, s) => n + s.sureness.length, 0),
    brokenFiles: scores.filter((s) => s.build.length > 0).length,
    fixedMisses: scores.filter((s) => s.fixed.length > 0).length,
    aports: scores.length,
  };
}

export const precision = (t: Totals): number =>
  t.matched + t.extra === 0 ? 1 : t.matched / (t.matched + t.extra);
export const recall = (t: Totals): number =>
  t.matched + t.missed === 0 ? 1 : t.matched / (t.matched + t.missed);

/** A readable account of what went wrong, for a failing assertion or the bench. */
export function describeScore(s: AportScore): string[] {
  const out: string[] = [];
  for (const f of s.extra)
    out.push(`  extra   ${f.code} ${f.subject}${f.verified ? '' : ' (advice)'}`);
  for (const l of s.missed)
    out.push(`  missed  ${l.kind} ${l.subject}${l.verified === false ? ' (advice)' : ''}`);
  for (const m of s.sureness)
    out.push(
      `  sure    ${m.label.kind} ${m.label.subject}: tool ${m.finding.verified ? 'verified' : `advice (${m.finding.advice})`}, label ${m.label.verified === false ? 'advice' : 'verified'}`,
    );
  for (const p of s.fixed) out.push(`  fixed   ${p}`);
  for (const p of s.build) out.push(`  BUILD   ${p}`);
  return out.length > 0 ? [`${s.aport} [${s.profile}]`, ...out] : [];
}

/** What `check --index v3.19 --aports corpus` gives the analyzer: the benchmark's SBOM input. */
export async function benchmarkSbom(): Promise<SbomInput> {
  const indexFile = join(sharedRoot, 'apkindex', 'v3.19.0-main-x86_64', 'APKINDEX.tar.gz');
  const read = readApkIndex(readFileSync(indexFile), indexFile);
  const tree = await indexAportsTree(join(corpusRoot, 'aports'));
  return new HardeningSources(indexPackages(read.packages), tree).sbomInput(null);
}
