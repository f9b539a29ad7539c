import type {
  ApkbuildModel,
  BuildArgument,
  BuildInvocation,
  FunctionInfo,
  ListItem,
  VariableAssignment,
} from '../apkbuild';
import type { Finding, HardeningAnalysis, MakedependAnalysis, OptionAnalysis } from './analyzer';
import {
  normalizeEdits,
  removeArguments,
  removeFunction,
  removeListItems,
  type TextEdit,
} from './text-edits';

/**
 * disable: switch the option off explicitly (`=disabled`, `=false`, `--without-x`, `=OFF`), the
 * default, since meson's auto-detection can bring a feature back when it is only left out;
 * remove: delete the argument. Both also drop the makedepends only it needed.
 */
export type FixVariant = 'disable' | 'remove';

export interface HardeningFix {
  title: string;
  variant: FixVariant | null;
  findings: Finding[];
  edits: TextEdit[];
}

/** What a set of fixes changes, gathered so edits to one list or one command are made together. */
class EditPlan {
  readonly removedArguments = new Map<BuildInvocation, Set<BuildArgument>>();
  readonly replacedArguments = new Map<BuildArgument, string>();
  readonly removedItems = new Map<VariableAssignment, Set<ListItem>>();
  readonly removedFunctions = new Set<FunctionInfo>();

  /** `analysis` is null when every finding is added anyway (fix-all): no pairing needed then. */
  add(finding: Finding, variant: FixVariant, analysis: HardeningAnalysis | null): void {
    const target = finding.target;
    if (target.kind === 'option') {
      this.addOption(target.analysis, variant);
      if (analysis)
        for (const m of unneededMakedepends(analysis, [target.analysis]))
          this.addItem(m.assignment, m.item);
    } else if (target.kind === 'makedepend') {
      this.addItem(target.analysis.assignment, target.analysis.item);
    } else {
      this.addItem(target.analysis.assignment, target.analysis.item);
      if (target.analysis.splitFunction) this.removedFunctions.add(target.analysis.splitFunction);
    }
  }

  private addOption(option: OptionAnalysis, variant: FixVariant): void {
    if (variant === 'disable' && option.state.disabled !== null) {
      this.replacedArguments.set(option.argument, option.state.disabled);
      return;
    }
    const set = this.removedArguments.get(option.invocation) ?? new Set();
    set.add(option.argument);
    this.removedArguments.set(option.invocation, set);
  }

  private addItem(assignment: VariableAssignment, item: ListItem): void {
    const set = this.removedItems.get(assignment) ?? new Set();
    set.add(item);
    this.removedItems.set(assignment, set);
  }

  edits(model: ApkbuildModel): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const [invocation, args] of this.removedArguments)
      edits.push(...removeArguments(model.text, invocation, args));
    for (const [argument, text] of this.replacedArguments)
      edits.push({ range: argument.range, newText: text });
    for (const [assignment, items] of this.removedItems)
      edits.push(...removeListItems(model.text, assignment, items));
    for (const fn of this.removedFunctions) edits.push(removeFunction(model.text, fn));
    return normalizeEdits(edits);
  }
}

/** Flagged makedepends that no option outside `fixed` still needs. */
function unneededMakedepends(
  analysis: HardeningAnalysis,
  fixed: readonly OptionAnalysis[],
): MakedependAnalysis[] {
  return analysis.makedepends.filter(
    (m) => m.rule !== null && m.neededBy.length > 0 && m.neededBy.every((o) => fixed.includes(o)),
  );
}

function variantsOf(finding: Finding): FixVariant[] {
  if (finding.target.kind !== 'option') return ['remove'];
  return finding.target.analysis.state.disabled !== null ? ['disable', 'remove'] : ['remove'];
}

function titleOf(finding: Finding, variant: FixVariant, plan: EditPlan): string {
  const target = finding.target;
  if (target.kind === 'option') {
    const dropped = [...plan.removedItems.values()].flatMap((s) => [...s].map((i) => i.text));
    const also = dropped.length > 0 ? ` and drop ${dropped.join(', ')}` : '';
    if (variant === 'disable')
      return `Disable: ${target.analysis.argument.text} -> ${target.analysis.state.disabled!}${also}`;
    return `Remove ${target.analysis.argument.text}${also}`;
  }
  if (target.kind === 'makedepend') return `Remove makedepend ${target.analysis.name}`;
  const fn = target.analysis.splitFunction
    ? ` and its function ${target.analysis.splitFunction.name}()`
    : '';
  return `Remove subpackage ${target.analysis.name}${fn}`;
}

/** The quick-fixes of one finding: both variants for an option that can be switched off. */
export function fixesForFinding(
  model: ApkbuildModel,
  analysis: HardeningAnalysis,
  finding: Finding,
): HardeningFix[] {
  return variantsOf(finding).map((variant) => {
    const plan = new EditPlan();
    plan.add(finding, variant, analysis);
    return {
      title: titleOf(finding, variant, plan),
      variant: finding.target.kind === 'option' ? variant : null,
      findings: [finding],
      edits: plan.edits(model),
    };
  });
}

/** Every fix of the file in one edit; options that have no "off" value are removed either way. */
export function fixAll(
  model: ApkbuildModel,
  analysis: HardeningAnalysis,
  variant: FixVariant = 'disable',
): HardeningFix {
  const plan = new EditPlan();
  for (const finding of analysis.findings) plan.add(finding, variant, null);
  const count = analysis.findings.length;
  return {
    title: `Apply all ${count} hardening fix${count === 1 ? '' : 'es'} (${variant})`,
    variant,
    findings: analysis.findings,
    edits: plan.edits(model),
  };
}
