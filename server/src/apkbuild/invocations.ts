import { isUnknown, type Environment } from './environment';
import { expandString } from './expand';
import type { SimpleCommand, Span, Word } from './syntax';

export type BuildTool = 'meson' | 'configure' | 'cmake';

/** A build option as the tool reads it. */
export interface BuildOption {
  /** `-D` (meson, cmake), `--with`, `--without`, `--enable`, `--disable`, or `--` for other long options. */
  prefix: '-D' | '--with' | '--without' | '--enable' | '--disable' | '--';
  /** `with_ldap` (meson), `ldap` (`--with-ldap`), `ENABLE_OPENSSL` (cmake), `prefix` (`--prefix=`). */
  name: string;
  /** The value after `=`; null when absent or not known statically. */
  value: string | null;
  /** cmake's `-DNAME:TYPE=VALUE` type. */
  type: string | null;
}

export interface BuildArgument {
  /** Source text of the argument (two words for `-D name=value`). */
  text: string;
  range: Span;
  /** The whole physical line the argument sits on, without its newline. */
  lineRange: Span;
  /** Static value of the argument when known. */
  value: string | null;
  option: BuildOption | null;
}

/** An `abuild-meson`/`meson setup`, `./configure` or `cmake` call. */
export interface BuildInvocation {
  tool: BuildTool;
  /** Name of the function it is in (`build`), or null at top level. */
  functionName: string | null;
  command: SimpleCommand;
  range: Span;
  arguments: BuildArgument[];
}

/** meson's subcommands other than setup: `meson compile` configures nothing. */
export const MESON_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'compile',
  'test',
  'install',
  'configure',
  'dist',
  'introspect',
  'subprojects',
  'wrap',
  'init',
  'rewrite',
  'devenv',
  'env2mfile',
  'format',
  'fmt',
  'help',
  'rewrite',
]);

function rawText(source: string, word: Word): string {
  return source.slice(word.start, word.end).replace(/["']/g, '');
}

function toolOf(
  source: string,
  command: SimpleCommand,
): { tool: BuildTool; firstArgument: number } | null {
  const first = command.words[0];
  if (!first) return null;
  if (first.end - first.start < 5) return null; // shorter than any tool name, e.g. `make`
  const last = source.charCodeAt(first.end - 1);
  // Cheap filter before slicing: the names end in 'n' (meson), 'e' (configure, cmake) or a quote.
  if (last !== 110 && last !== 101 && last !== 34 && last !== 39) return null;
  const name = rawText(source, first);
  const next = command.words[1] ? rawText(source, command.words[1]) : '';
  if (name === 'abuild-meson') return { tool: 'meson', firstArgument: 1 };
  if (name === 'meson') {
    if (next === 'setup') return { tool: 'meson', firstArgument: 2 };
    return next !== '' && !MESON_SUBCOMMANDS.has(next) && !next.startsWith('--version')
      ? { tool: 'meson', firstArgument: 1 }
      : null;
  }
  if (name === 'configure' || name.endsWith('/configure'))
    return { tool: 'configure', firstArgument: 1 };
  if (name === 'cmake' && !['--build', '--install', '-E', '-P', '--version'].includes(next))
    return { tool: 'cmake', firstArgument: 1 };
  return null;
}

/** The build invocation this command is, if it is one. */
export function readBuildInvocation(
  source: string,
  command: SimpleCommand,
  functionName: string | null,
  env: Environment,
): BuildInvocation | null {
  const tool = toolOf(source, command);
  if (!tool) return null;
  const args = readArguments(source, command.words.slice(tool.firstArgument), tool.tool, env);
  return {
    tool: tool.tool,
    functionName,
    command,
    range: { start: command.start, end: command.end },
    arguments: args,
  };
}

function lineRangeOf(source: string, range: Span): Span {
  const start = source.lastIndexOf('\n', range.start - 1) + 1;
  const newline = source.indexOf('\n', range.end);
  return { start, end: newline < 0 ? source.length : newline };
}

function readArguments(
  source: string,
  words: Word[],
  tool: BuildTool,
  env: Environment,
): BuildArgument[] {
  const args: BuildArgument[] = [];
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    let range: Span = { start: word.start, end: word.end };
    let raw = rawText(source, word);
    let value = staticValue(word, env);
    if (tool !== 'configure' && raw === '-D' && words[i + 1]) {
      word = words[++i]!;
      range = { start: range.start, end: word.end };
      const rest = staticValue(word, env);
      raw = `-D${rawText(source, word)}`;
      value = rest === null ? null : `-D${rest}`;
    }
    args.push({
      text: source.slice(range.start, range.end),
      range,
      lineRange: lineRangeOf(source, range),
      value,
      option: parseOption(value ?? raw, tool, value === null),
    });
  }
  return args;
}

function staticValue(word: Word, env: Environment): string | null {
  const value = expandString(word, env);
  return isUnknown(value) ? null : value;
}

/** Parses one argument; `dynamic` means the text still holds expansions, so the value is unknown. */
export function parseOption(text: string, tool: BuildTool, dynamic: boolean): BuildOption | null {
  const valueOf = (v: string | undefined): string | null =>
    v === undefined || (dynamic && v.includes('$')) ? null : v;
  if (tool === 'configure') {
    const match = /^--(with|without|enable|disable)-([^=\s]+)(?:=(.*))?$/s.exec(text);
    if (match)
      return {
        prefix: `--${match[1]}` as BuildOption['prefix'],
        name: match[2],
        value: valueOf(match[3]),
        type: null,
      };
    const long = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(text);
    return long ? { prefix: '--', name: long[1], value: valueOf(long[2]), type: null } : null;
  }
  const define = /^-D([A-Za-z_][\w.-]*)(?::([A-Za-z]+))?(?:=(.*))?$/s.exec(text);
  if (define) {
    if (dynamic && define[1].includes('$')) return null;
    return { prefix: '-D', name: define[1], value: valueOf(define[3]), type: define[2] ?? null };
  }
  const long = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(text);
  return long ? { prefix: '--', name: long[1], value: valueOf(long[2]), type: null } : null;
}
