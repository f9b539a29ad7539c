import type { Hover, HoverParams } from 'vscode-languageserver';
import type { Span } from '../apkbuild';
import {
  describeRule,
  type Feature,
  type MakedependAnalysis,
  type OptionAnalysis,
  type ProfileRule,
  type SubpackageAnalysis,
} from '../hardening';
import type { DocumentAnalysis } from '../document-analysis';

const within = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** Names from the catalogue, the profile or the file, shown as written: `*` in a soname glob
 * or `_` in a path must not turn into emphasis. */
const plain = (text: string): string => text.replace(/[\\`*_[\]<>|]/g, '\\$&');
const plainList = (names: readonly string[]): string => names.map(plain).join(', ');

function featureLines(features: readonly Feature[]): string[] {
  return features.map((f) => {
    const origins = f.origins.length > 0 ? ` · brings ${plainList(f.origins)}` : '';
    // The catalogue's patterns, said to be patterns: the sonames really linked are the SBOM's.
    const sonames = f.sonames.length > 0 ? ` (libraries matching ${plainList(f.sonames)})` : '';
    return `- **${f.name}** (capability *${f.capability}*)${origins}${sonames}`;
  });
}

function verdict(
  doc: DocumentAnalysis,
  rule: ProfileRule | null,
  kept: boolean,
  features: readonly Feature[],
  stays: string | null = null,
): string {
  const source = plain(doc.profile.profile.source);
  if (kept) return `Kept: the profile's \`keep\` list names it (profile: ${source}).`;
  const scope = doc.hardening.scope.note;
  if (rule) return `**Removable**: ${describeRule(rule)} (profile: ${source}).`;
  if (features.length === 0) return 'No capability of the catalogue is attached to it.';
  if (scope && !doc.hardening.scope.features) return `Not judged: ${plain(scope)}.`;
  if (stays) return `Stays: ${plain(stays)} (profile: ${source}).`;
  return `Not removable: the profile neither provides nor marks these as unused (profile: ${source}).`;
}

/** Verified, or advice with its reason, for the finding that starts at this span. */
function surenessLine(doc: DocumentAnalysis, span: { start: number }): string[] {
  const finding = doc.hardening.findings.find(
    (f) => f.range.start === span.start && f.code !== 'harden/kept-makedepend',
  );
  if (!finding) return [];
  return finding.verified
    ? ['Fix: verified (every part of it is known to be accepted by the build and by abuild).']
    : [
        `Fix: advice only, none is applied (${plain(finding.advice ?? 'not every part is known to build')}).`,
      ];
}

/** What a removable finding takes away, in full, when the resolver is at hand. */
function impactLines(doc: DocumentAnalysis, span: { start: number }): string[] {
  const finding = doc.hardening.findings.find((f) => f.range.start === span.start);
  const lines: string[] = [];
  if (finding?.evidence.fromSbom && finding.evidence.sonames.length > 0)
    lines.push(`Links, per the SBOM: ${plainList(finding.evidence.sonames)}.`);
  if (finding?.evidence.closureDrops?.length)
    lines.push(`Leaves the install closure: ${plainList(finding.evidence.closureDrops)}.`);
  if (finding?.evidence.passDrops?.length)
    lines.push(`Leaves the rebuild passes: ${plainList(finding.evidence.passDrops)}.`);
  return lines;
}

function optionHover(doc: DocumentAnalysis, o: OptionAnalysis): string[] {
  const j = o.judgement;
  const state = j.state === 'on' ? 'on' : j.state === 'off' ? 'off' : 'set at run time';
  const off = j.disable
    ? `Switched off explicitly: \`${plain(j.disable.text)}\`${j.disable.verified ? '' : ` (not verified: ${plain(j.disable.why ?? '')})`}.`
    : `Upstream spells no "off" for it; removing it ${j.remove.verified ? 'is safe: it is off by default' : `is advice only: ${plain(j.remove.why ?? '')}`}.`;
  const needs = doc.hardening.makedepends
    .filter((m) => m.neededBy.includes(o))
    .map((m) => `\`${m.name}\``);
  const via =
    o.switch.via.length > 0
      ? ` Reaches \`${plain(o.switch.commands[0].tool)}\` through ${plainList(o.switch.via)}.`
      : '';
  return [
    `**${o.switch.text}**: ${o.switch.system} ${j.kind} option, ${state}.${via}`,
    ...featureLines(o.features),
    verdict(doc, o.rule, o.kept, o.features, o.stays),
    ...(needs.length > 0 ? [`Needs the makedepends ${needs.join(', ')}.`] : []),
    off,
  ];
}

function makedependHover(doc: DocumentAnalysis, m: MakedependAnalysis): string[] {
  const options = m.neededBy.map((o) => `\`${plain(o.switch.text)}\``);
  return [
    `**${m.name}**: build dependency`,
    ...featureLines(m.features),
    m.broughtBy !== null
      ? `Stays: ${plain(m.broughtBy)} brings it in, so removing it from makedepends removes nothing.`
      : m.sharedWith !== null && !m.kept
        ? `Not removable from this list: ${m.sharedWith}.`
        : verdict(doc, m.rule, m.kept, m.features, m.stays),
    options.length > 0
      ? `Switched on by ${options.join(', ')}.`
      : 'No build option in this file switches it on: the build detects it by itself, or needs it always.',
  ];
}

function subpackageHover(doc: DocumentAnalysis, s: SubpackageAnalysis): string[] {
  const fn = s.splitFunction
    ? `Its split function \`${s.splitFunction.name}()\` is only used by it and goes with it.`
    : '';
  return [
    `**${s.name}**: subpackage (\`${s.entry}\`)`,
    s.rule
      ? verdict(doc, s.rule, s.kept, [])
      : s.kept
        ? verdict(doc, null, true, [])
        : `Shipped: the profile does not drop it (profile: ${plain(doc.profile.profile.source)}).`,
    fn,
  ].filter((l) => l !== '');
}

/** What the profile says about the option, makedepend or subpackage under the cursor. */
export function hover(doc: DocumentAnalysis, offset: number): Hover | null {
  const { hardening, model } = doc;
  const option = hardening.options.find((o) => within(o.switch.range, offset));
  const makedepend = option
    ? undefined
    : hardening.makedepends.find((m) => within(m.item.range, offset));
  const subpackage =
    option || makedepend
      ? undefined
      : hardening.subpackages.find((s) => within(s.item.range, offset));
  const span = option?.switch.range ?? makedepend?.item.range ?? subpackage?.item.range;
  if (!span) return null;
  const lines = option
    ? optionHover(doc, option)
    : makedepend
      ? makedependHover(doc, makedepend)
      : subpackageHover(doc, subpackage!);
  lines.push(...surenessLine(doc, span), ...impactLines(doc, span));
  return {
    contents: { kind: 'markdown', value: lines.join('\n\n') },
    range: { start: model.lines.positionAt(span.start), end: model.lines.positionAt(span.end) },
  };
}

/** The LSP handler's shape: position in, hover out. */
export function hoverAt(doc: DocumentAnalysis, params: HoverParams): Hover | null {
  return hover(doc, doc.model.lines.offsetAt(params.position));
}
