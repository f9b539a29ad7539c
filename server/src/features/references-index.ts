import type {
  ApkbuildModel,
  ArithmeticPart,
  Assignment,
  Heredoc,
  ParameterPart,
  SimpleCommand,
  Span,
  Word,
} from '../apkbuild';
import { forEachChild, type SyntaxNode } from '../apkbuild/visit';
import { IDENTIFIER, touches } from './ranges';

/** A variable name in the tree: a `$name` use, an assignment, or a `local` declaration. */
export interface VariableReference {
  kind: 'variable';
  role: 'use' | 'assignment' | 'local';
  name: string;
  /** The name only: `pkgver` of `${pkgver%.*}`, `x` of `local x=1`. */
  range: Span;
  /** The function whose body holds it; null at top level. */
  functionName: string | null;
  /** The assignment, for assignments and `local x=...`; null for uses and a bare `local x`. */
  node: Assignment | null;
}

/** The first word of a simple command when it is a plain name (a function or a program). */
export interface CommandReference {
  kind: 'command';
  name: string;
  range: Span;
  functionName: string | null;
}

export type Reference = VariableReference | CommandReference;

/** Keywords whose `name` and `name=value` arguments are local to the function around them. */
const LOCAL_KEYWORDS = new Set(['local', 'declare', 'typeset']);
const COMMAND_NAME = /^[A-Za-z_][\w.:-]*$/;
const ARITHMETIC_NAME = /(?<![\w#$])\$?\{?([A-Za-z_]\w*)/g;
const HEREDOC_NAME = /(?<!\\)\$\{?([A-Za-z_]\w*)/g;

/** Every variable and command reference of a file, in source order, with its function. */
export class ReferenceIndex {
  readonly references: Reference[];

  constructor(model: ApkbuildModel) {
    const found: Reference[] = [];
    new Collector(model.text, found).visit(model.script, null);
    this.references = found.sort((a, b) => a.range.start - b.range.start);
  }

  /** The reference the cursor touches; one the cursor is inside wins over one it merely ends. */
  at(offset: number): Reference | undefined {
    let touching: Reference | undefined;
    for (const reference of this.references) {
      if (reference.range.start > offset) break;
      if (!touches(reference.range, offset)) continue;
      if (offset < reference.range.end) return reference;
      touching ??= reference;
    }
    return touching;
  }

  /** Assignments and `local` declarations, optionally only those of one name or one function. */
  declarations(filter: { name?: string; functionName?: string | null } = {}): VariableReference[] {
    return this.references.filter(
      (r): r is VariableReference =>
        r.kind === 'variable' &&
        r.role !== 'use' &&
        (filter.name === undefined || r.name === filter.name) &&
        (filter.functionName === undefined || r.functionName === filter.functionName),
    );
  }
}

/** The text of a word made only of unquoted literal parts; null when it has quotes or expansions. */
export function plainWord(word: Word | undefined): string | null {
  if (!word || word.parts.length === 0) return null;
  let text = '';
  for (const part of word.parts) {
    if (part.kind !== 'literal' || part.quoted) return null;
    text += part.value;
  }
  return text;
}

class Collector {
  constructor(
    private readonly text: string,
    private readonly out: Reference[],
  ) {}

  visit(node: SyntaxNode, functionName: string | null): void {
    switch (node.kind) {
      case 'function':
        forEachChild(node, (child) => this.visit(child, node.name));
        return;
      case 'simple':
        this.simple(node, functionName);
        break;
      case 'parameter':
        this.parameter(node, functionName);
        break;
      case 'arithmetic':
        this.arithmetic(node, functionName);
        return;
      case 'redirect':
        if (node.heredoc && !node.heredoc.quoted) this.heredoc(node.heredoc, functionName);
        break;
    }
    forEachChild(node, (child) => this.visit(child, functionName));
  }

  private simple(command: SimpleCommand, functionName: string | null): void {
    const keyword = plainWord(command.words[0]);
    const local = functionName !== null && keyword !== null && LOCAL_KEYWORDS.has(keyword);
    // Prefix assignments of a command (`DESTDIR=x make`) only set its environment.
    if (command.words.length === 0)
      for (const a of command.assignments) this.assignment(a, 'assignment', functionName);
    for (const a of command.declarations)
      this.assignment(a, local ? 'local' : 'assignment', functionName);
    if (local)
      for (const word of command.words.slice(1)) {
        const name = plainWord(word);
        if (name !== null && IDENTIFIER.test(name))
          this.push({ role: 'local', name, range: span(word), functionName, node: null });
      }
    if (keyword !== null && COMMAND_NAME.test(keyword))
      this.out.push({
        kind: 'command',
        name: keyword,
        range: span(command.words[0]),
        functionName,
      });
  }

  private assignment(
    node: Assignment,
    role: 'assignment' | 'local',
    functionName: string | null,
  ): void {
    const range = { start: node.start, end: node.nameEnd };
    this.push({ role, name: node.name, range, functionName, node });
  }

  private parameter(part: ParameterPart, functionName: string | null): void {
    if (!IDENTIFIER.test(part.name)) return;
    const start = this.text.indexOf(part.name, part.start + 1);
    if (start < 0 || start + part.name.length > part.end) return;
    const range = { start, end: start + part.name.length };
    this.push({ role: 'use', name: part.name, range, functionName, node: null });
  }

  /** Names in `$(( ))` are variables with or without `$`; `0x1f` and `16#ff` are numbers. */
  private arithmetic(part: ArithmeticPart, functionName: string | null): void {
    const base = this.text.indexOf(part.expression, part.start);
    if (base < 0) return;
    this.scan(part.expression, base, ARITHMETIC_NAME, functionName);
  }

  /** The parser keeps heredoc bodies as text; an unquoted delimiter still expands `$name`. */
  private heredoc(heredoc: Heredoc, functionName: string | null): void {
    const body = this.text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    this.scan(body, heredoc.bodyStart, HEREDOC_NAME, functionName);
  }

  private scan(source: string, base: number, pattern: RegExp, functionName: string | null): void {
    for (const match of source.matchAll(pattern)) {
      const start = base + match.index + match[0].length - match[1].length;
      const range = { start, end: start + match[1].length };
      this.push({ role: 'use', name: match[1], range, functionName, node: null });
    }
  }

  private push(reference: Omit<VariableReference, 'kind'>): void {
    this.out.push({ kind: 'variable', ...reference });
  }
}

function span(node: Span): Span {
  return { start: node.start, end: node.end };
}
