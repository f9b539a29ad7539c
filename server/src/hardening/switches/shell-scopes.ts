import type { ApkbuildModel, Assignment, SimpleCommand, Span, Word } from '../../apkbuild';
import { forEachCommand } from '../../apkbuild/visit';

/** An assignment anywhere in the file: top level, or inside a function body. */
export interface ScopedAssignment {
  name: string;
  node: Assignment;
  /** The command it belongs to (`local x=...`, `x=... make`, `export X=...`). */
  command: SimpleCommand;
  /** The function around it; null at top level. */
  functionName: string | null;
  /** Inside an if, case, loop or `&&`/`||` list. */
  conditional: boolean;
  /** `local`, `export`, ... or null; `prefix` for `NAME=value command`. */
  keyword: string | null;
}

/** A call of a function the file defines, with the function it is written in. */
export interface CallSite {
  command: SimpleCommand;
  callee: string;
  functionName: string | null;
  conditional: boolean;
}

/** A simple command with where it sits. */
export interface PlacedCommand {
  command: SimpleCommand;
  functionName: string | null;
  conditional: boolean;
}

/** The text of a word that is one literal or quoted part (quotes removed); else null. */
export function plainWordText(source: string, word: Word): string | null {
  if (word.parts.length !== 1) return null;
  const part = word.parts[0];
  if (part.kind === 'literal') return part.value;
  if (part.kind === 'single-quoted') return part.value;
  if (part.kind === 'double-quoted' && part.parts.every((p) => p.kind === 'literal'))
    return part.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join('');
  return source.slice(word.start, word.end);
}

/** The command's name as written, quotes removed; null when it is not literal text. */
export function commandName(source: string, command: SimpleCommand): string | null {
  const first = command.words[0];
  if (!first) return null;
  return plainWordText(source, first) ?? source.slice(first.start, first.end).replace(/["']/g, '');
}

/**
 * Where variables are assigned and functions are called, per function: what the switch finder
 * needs to follow `$opts` and `"$@"` back to where a switch is written. Shell scoping is
 * dynamic, so a function sees its callers' locals; the finder asks in that order.
 */
export class ShellScopes {
  private readonly assignments = new Map<string, ScopedAssignment[]>();
  /** Exports per function: asked once per make command, which a file may repeat thousands of times. */
  private readonly exports = new Map<string | null, readonly ScopedAssignment[]>();
  private readonly calls = new Map<string, CallSite[]>();
  readonly commands: PlacedCommand[] = [];
  /** Variables of `for` loops outside functions (a subpackages item reading one is generated). */
  readonly loopVariables = new Set<string>();
  private readonly defined: ReadonlySet<string>;

  constructor(readonly model: ApkbuildModel) {
    this.defined = new Set(model.functions.map((f) => f.name));
    const text = model.text;
    forEachCommand(model.script, (command, context) => {
      if (command.kind === 'for' && context.functionName === null)
        this.loopVariables.add(command.variable);
      if (command.kind !== 'simple') return;
      const { functionName, conditional } = context;
      this.commands.push({ command, functionName, conditional });
      if (command.assignments.length + command.declarations.length === 0 && this.defined.size === 0)
        return;
      const keyword = command.words[0] ? commandName(text, command) : null;
      const prefix = command.words.length === 0 ? null : 'prefix';
      for (const a of command.assignments) this.add(a, command, context, prefix);
      for (const a of command.declarations) this.add(a, command, context, keyword);
      if (keyword !== null && command.words.length > 0 && this.defined.has(keyword)) {
        const list = this.calls.get(keyword) ?? [];
        list.push({ command, callee: keyword, functionName, conditional });
        this.calls.set(keyword, list);
      }
    });
  }

  private add(
    node: Assignment,
    command: SimpleCommand,
    context: { functionName: string | null; conditional: boolean },
    keyword: string | null,
  ): void {
    const list = this.assignments.get(node.name) ?? [];
    list.push({
      name: node.name,
      node,
      command,
      functionName: context.functionName,
      conditional: context.conditional,
      keyword,
    });
    this.assignments.set(node.name, list);
  }

  callSites(functionName: string): readonly CallSite[] {
    return this.calls.get(functionName) ?? [];
  }

  /**
   * Assignments of `name` that can give its value at `at` inside `functionName`: the last
   * unconditional one before it in the same function and every conditional one after that;
   * when the function assigns nothing there, its callers' (shell scoping is dynamic), then the
   * top level's.
   */
  reaching(name: string, functionName: string | null, at: number, depth = 0): ScopedAssignment[] {
    const all = this.assignments.get(name) ?? [];
    const local = all.filter((a) => a.functionName === functionName && a.node.start < at);
    if (local.length > 0 || functionName === null) return lastReaching(local);
    if (depth < 4) {
      const fromCallers = this.callSites(functionName).flatMap((site) =>
        this.reaching(name, site.functionName, site.command.start, depth + 1),
      );
      if (fromCallers.length > 0) return unique(fromCallers);
    }
    return lastReaching(all.filter((a) => a.functionName === null));
  }

  /** `export NAME=value` commands in a function (or at top level, for null), in source order. */
  exportsIn(functionName: string | null): readonly ScopedAssignment[] {
    const known = this.exports.get(functionName);
    if (known) return known;
    const out: ScopedAssignment[] = [];
    for (const list of this.assignments.values())
      for (const a of list)
        if (a.keyword === 'export' && a.functionName === functionName) out.push(a);
    out.sort((x, y) => x.node.start - y.node.start);
    this.exports.set(functionName, out);
    return out;
  }

  /** Every assignment of `name`, anywhere, in source order. */
  assignmentsOf(name: string): readonly ScopedAssignment[] {
    return this.assignments.get(name) ?? [];
  }
}

/** From the last assignment that sets the whole value unconditionally (not `x="$x ..."`). */
function lastReaching(list: ScopedAssignment[]): ScopedAssignment[] {
  let from = 0;
  for (let i = list.length - 1; i >= 0; i--)
    if (!list[i].conditional && !list[i].node.append && !readsItself(list[i].node)) {
      from = i;
      break;
    }
  return list.slice(from);
}

/** `x="$x more"`: the value keeps what was there before. */
export function readsItself(node: Assignment): boolean {
  let found = false;
  const visit = (parts: Word['parts']): void => {
    for (const part of parts) {
      if (part.kind === 'parameter' && part.name === node.name) found = true;
      else if (part.kind === 'double-quoted') visit(part.parts);
    }
  };
  if (node.value) visit(node.value.parts);
  return found;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The span of a word, for ranges. */
export function spanOf(node: Span): Span {
  return { start: node.start, end: node.end };
}
