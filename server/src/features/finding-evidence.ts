/**
 * The evidence of a hardening finding as places: the makedepends that go with a switch, the
 * switches a makedepend is needed by, a subpackage's split function, and the profile's rule,
 * each as LSP related information, so the short message in the Problems panel leads to them.
 */
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { DiagnosticRelatedInformation, Location } from 'vscode-languageserver';
import { LineIndex, type ApkbuildModel, type Span } from '../apkbuild';
import {
  describeEvidence,
  describeImpact,
  type Finding,
  type HardeningAnalysis,
  type LoadedProfile,
  type ProfileRule,
} from '../hardening';

/** Where a finding's evidence is: the document and the profile in use. */
export interface EvidenceContext {
  uri: string;
  hardening: HardeningAnalysis;
  profile: LoadedProfile;
}

function location(uri: string, lines: LineIndex, span: Span): Location {
  return {
    uri,
    range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) },
  };
}

/** The profile's YAML, read once per text: a publish asks it for each finding's rule. */
let lastProfile: { text: string; document: Document.Parsed } | null = null;
function parsedProfile(text: string): Document.Parsed {
  if (lastProfile?.text !== text) lastProfile = { text, document: parseDocument(text) };
  return lastProfile.document;
}

/** The node of `rule` in the profile's YAML text, or null when the rule came from elsewhere. */
function ruleNode(text: string, rule: ProfileRule): Node | null {
  const document = parsedProfile(text);
  const item = (list: unknown, value: string): Node | null =>
    isSeq(list)
      ? ((list.items.find((i) => isScalar(i) && i.value === value) as Node) ?? null)
      : null;
  if (rule.kind === 'drop-subpackage')
    return item(document.getIn(['subpackages', 'drop'], true), rule.suffix);
  if (rule.kind === 'unused') return item(document.get('unused', true), rule.name);
  const provided = document.get('provided', true);
  if (!isMap(provided)) return null;
  const pair = provided.items.find((p) => isScalar(p.key) && p.key.value === rule.capability);
  return (pair?.key as Node | undefined) ?? null;
}

/** The rule's place in the profile file; none for a built-in or an extended profile's rule. */
function ruleLocation(profile: LoadedProfile, rule: ProfileRule): Location | null {
  if (profile.file === null || profile.text === null || profile.broken) return null;
  const range = ruleNode(profile.text, rule)?.range;
  if (!range) return null;
  return location(pathToFileURL(profile.file).href, new LineIndex(profile.text), {
    start: range[0],
    end: range[1],
  });
}

/** Related information for `finding`: each piece of evidence with its place. */
export function findingEvidence(
  model: ApkbuildModel,
  finding: Finding,
  context: EvidenceContext,
): DiagnosticRelatedInformation[] {
  const here = (span: Span): Location => location(context.uri, model.lines, span);
  const related: DiagnosticRelatedInformation[] = [];
  // What it brings and what removing it takes out of the closure and the passes: about the
  // finding itself, so at its own place.
  const brings = describeEvidence({ ...finding.evidence, makedepends: [] });
  const impact = describeImpact(finding.evidence);
  for (const said of [brings, impact])
    if (said !== '') related.push({ location: here(finding.range), message: said });
  const target = finding.target;
  if (target.kind === 'option' || target.kind === 'default-on') {
    for (const name of finding.evidence.makedepends) {
      const makedepend = context.hardening.makedepends.find((m) => m.name === name);
      if (makedepend)
        related.push({ location: here(makedepend.item.range), message: `${name} goes with it` });
    }
  } else if (target.kind === 'makedepend') {
    for (const option of target.analysis.neededBy)
      related.push({
        location: here(option.switch.range),
        message: `needed by ${option.switch.text}`,
      });
  } else if (target.analysis.splitFunction) {
    const fn = target.analysis.splitFunction;
    related.push({ location: here(fn.nameRange), message: `its split function ${fn.name}()` });
  }
  const rule = ruleLocation(context.profile, finding.rule);
  if (rule) related.push({ location: rule, message: 'the profile rule' });
  return related;
}
