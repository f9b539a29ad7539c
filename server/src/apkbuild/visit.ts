import type {
  Assignment,
  Command,
  FunctionDefinition,
  Redirect,
  Script,
  Word,
  WordPart,
} from './syntax';

export type SyntaxNode = Script | Command | Word | WordPart | Assignment | Redirect;

/** Calls `visit` on each direct child of `node`, in source order except heredoc bodies. */
export function forEachChild(node: SyntaxNode, visit: (child: SyntaxNode) => void): void {
  switch (node.kind) {
    case 'script':
      node.commands.forEach(visit);
      return;
    case 'simple': {
      if (node.assignments.length + node.declarations.length + node.redirects.length === 0) {
        node.words.forEach(visit);
        return;
      }
      const children: SyntaxNode[] = [
        ...node.assignments,
        ...node.words,
        ...node.declarations,
        ...node.redirects,
      ];
      children.sort((a, b) => a.start - b.start).forEach(visit);
      return;
    }
    case 'pipeline':
      node.commands.forEach(visit);
      return;
    case 'and-or':
      visit(node.first);
      for (const item of node.rest) visit(item.command);
      return;
    case 'if':
      for (const clause of node.clauses) {
        visit(clause.condition);
        visit(clause.body);
      }
      if (node.elseBody) visit(node.elseBody);
      node.redirects.forEach(visit);
      return;
    case 'for':
      node.items?.forEach(visit);
      visit(node.body);
      node.redirects.forEach(visit);
      return;
    case 'while':
      visit(node.condition);
      visit(node.body);
      node.redirects.forEach(visit);
      return;
    case 'case':
      visit(node.subject);
      for (const item of node.items) {
        item.patterns.forEach(visit);
        visit(item.body);
      }
      node.redirects.forEach(visit);
      return;
    case 'group':
    case 'subshell':
      visit(node.body);
      node.redirects.forEach(visit);
      return;
    case 'function':
      visit(node.body);
      return;
    case 'assignment':
      if (node.value) visit(node.value);
      node.array?.forEach(visit);
      return;
    case 'redirect':
      if (node.target) visit(node.target);
      return;
    case 'word':
      node.parts.forEach(visit);
      return;
    case 'double-quoted':
      node.parts.forEach(visit);
      return;
    case 'parameter':
      if (node.argument) visit(node.argument);
      if (node.second) visit(node.second);
      return;
    case 'command-substitution':
      if (node.body) visit(node.body);
      return;
    case 'literal':
    case 'single-quoted':
    case 'arithmetic':
      return;
  }
}

/** Depth-first walk; `visit` returns false to skip a node's children. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  forEachChild(node, (child) => walk(child, visit));
}

/** Where a command sits: the function around it and whether it runs only under a condition. */
export interface CommandContext {
  functionName: string | null;
  conditional: boolean;
}

/**
 * Visits every command (not words, not substitutions) with its context. Faster than `walk`
 * for the model's needs: it never descends into words.
 */
export function forEachCommand(
  script: Script,
  visit: (command: Command, context: CommandContext) => void,
): void {
  const inScript = (s: Script, context: CommandContext): void => {
    for (const command of s.commands) inCommand(command, context);
  };
  const inCommand = (command: Command, context: CommandContext): void => {
    visit(command, context);
    if (command.kind === 'simple') return;
    const conditional: CommandContext = context.conditional
      ? context
      : { ...context, conditional: true };
    switch (command.kind) {
      case 'pipeline':
        for (const c of command.commands) inCommand(c, context);
        return;
      case 'and-or':
        inCommand(command.first, conditional);
        for (const item of command.rest) inCommand(item.command, conditional);
        return;
      case 'if':
        for (const clause of command.clauses) {
          inScript(clause.condition, conditional);
          inScript(clause.body, conditional);
        }
        if (command.elseBody) inScript(command.elseBody, conditional);
        return;
      case 'for':
      case 'while':
        if (command.kind === 'while') inScript(command.condition, conditional);
        inScript(command.body, conditional);
        return;
      case 'case':
        for (const item of command.items) inScript(item.body, conditional);
        return;
      case 'group':
      case 'subshell':
        inScript(command.body, context);
        return;
      case 'function':
        inCommand(command.body, { functionName: command.name, conditional: false });
        return;
    }
  };
  inScript(script, { functionName: null, conditional: false });
}

/** Visits every command of one function definition, with the function as their context. */
export function forEachCommandOf(
  fn: FunctionDefinition,
  visit: (command: Command, context: CommandContext) => void,
): void {
  forEachCommand({ kind: 'script', start: fn.start, end: fn.end, commands: [fn] }, visit);
}
