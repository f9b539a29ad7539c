/**
 * Syntax tree of the shell subset APKBUILDs use. Every node carries the byte offsets
 * [start, end) of the text it was parsed from, so edits can target exact ranges and the
 * tree can be printed back byte for byte (see print-tree.ts).
 */

export interface Span {
  start: number;
  end: number;
}

/** Unquoted or quoted literal text; `value` has escapes and line continuations removed. */
export interface LiteralPart extends Span {
  kind: 'literal';
  value: string;
  /** True inside quotes or after a backslash: never split, never a glob character. */
  quoted: boolean;
}

export interface SingleQuotedPart extends Span {
  kind: 'single-quoted';
  value: string;
}

export interface DoubleQuotedPart extends Span {
  kind: 'double-quoted';
  parts: WordPart[];
}

/** Operators of `${name<op>arg}`; `length` is `${#name}`. */
export type ParameterOperator =
  | ':-'
  | '-'
  | ':='
  | '='
  | ':?'
  | '?'
  | ':+'
  | '+'
  | '#'
  | '##'
  | '%'
  | '%%'
  | '/'
  | '//'
  | '/#'
  | '/%'
  | ':'
  | '^'
  | '^^'
  | ','
  | ',,'
  | 'length';

export interface ParameterPart extends Span {
  kind: 'parameter';
  name: string;
  braced: boolean;
  operator: ParameterOperator | null;
  /** The word after the operator: default, pattern or offset. */
  argument: Word | null;
  /** The replacement of `/` forms, or the length of `${name:offset:length}`. */
  second: Word | null;
}

export interface CommandSubstitutionPart extends Span {
  kind: 'command-substitution';
  backtick: boolean;
  /** Parsed body of `$(...)`; backtick bodies are kept opaque. */
  body: Script | null;
}

export interface ArithmeticPart extends Span {
  kind: 'arithmetic';
  /** The expression between `$((` and `))`, as written. */
  expression: string;
}

export type WordPart =
  | LiteralPart
  | SingleQuotedPart
  | DoubleQuotedPart
  | ParameterPart
  | CommandSubstitutionPart
  | ArithmeticPart;

export interface Word extends Span {
  kind: 'word';
  parts: WordPart[];
}

export interface Assignment extends Span {
  kind: 'assignment';
  name: string;
  nameEnd: number;
  append: boolean;
  /** Null for `name=` (empty value); array assignments `name=(...)` keep their words. */
  value: Word | null;
  array: Word[] | null;
}

export interface Heredoc extends Span {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  bodyStart: number;
  bodyEnd: number;
}

export interface Redirect extends Span {
  kind: 'redirect';
  operator: string;
  target: Word | null;
  heredoc: Heredoc | null;
}

export interface SimpleCommand extends Span {
  kind: 'simple';
  /** Prefix assignments: `name=value cmd` (or a command of assignments only). */
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
  /** `name=value` arguments of export/local/readonly/declare/typeset, which bash does not split. */
  declarations: Assignment[];
}

export interface Pipeline extends Span {
  kind: 'pipeline';
  negated: boolean;
  commands: Command[];
}

export interface AndOrList extends Span {
  kind: 'and-or';
  first: Command;
  rest: { operator: '&&' | '||'; command: Command }[];
}

export interface IfClause {
  condition: Script;
  body: Script;
}

export interface IfCommand extends Span {
  kind: 'if';
  clauses: IfClause[];
  elseBody: Script | null;
  redirects: Redirect[];
}

export interface ForCommand extends Span {
  kind: 'for';
  variable: string;
  /** Null for `for x; do` (iterates the positional parameters). */
  items: Word[] | null;
  body: Script;
  redirects: Redirect[];
}

export interface WhileCommand extends Span {
  kind: 'while';
  until: boolean;
  condition: Script;
  body: Script;
  redirects: Redirect[];
}

export interface CaseItem extends Span {
  patterns: Word[];
  body: Script;
}

export interface CaseCommand extends Span {
  kind: 'case';
  subject: Word;
  items: CaseItem[];
  redirects: Redirect[];
}

export interface GroupCommand extends Span {
  kind: 'group' | 'subshell';
  body: Script;
  redirects: Redirect[];
}

export interface FunctionDefinition extends Span {
  kind: 'function';
  name: string;
  nameStart: number;
  nameEnd: number;
  body: Command;
}

export type Command =
  | SimpleCommand
  | Pipeline
  | AndOrList
  | IfCommand
  | ForCommand
  | WhileCommand
  | CaseCommand
  | GroupCommand
  | FunctionDefinition;

export interface Script extends Span {
  kind: 'script';
  commands: Command[];
}

export interface Comment extends Span {
  text: string;
}

export interface SyntaxDiagnostic extends Span {
  message: string;
}

export interface ParseResult {
  script: Script;
  comments: Comment[];
  diagnostics: SyntaxDiagnostic[];
}
