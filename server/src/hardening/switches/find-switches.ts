import type { ApkbuildModel, Assignment, SimpleCommand, Span, Word } from '../../apkbuild';
import { splitListItems } from '../../apkbuild/lists';
import { readBuildCommand, type BuildCommand, type BuildSystem } from './build-command';
import { parseFlagWord, parseSwitch, type SwitchOption } from './parse-switch';
import { ShellScopes, type ScopedAssignment } from './shell-scopes';

/** Where a switch is written, which is where a fix edits it. */
export type SwitchSite =
  /** A word (or, for `-D name=value`, two words) of a command: the build command or a call. */
  | { kind: 'argument'; command: SimpleCommand }
  /** A word inside an assignment's value: `local opts="--with-x --with-y"`, `ccargs="$ccargs -DX"`. */
  | { kind: 'word'; assignment: Assignment; command: SimpleCommand }
  /** A whole `NAME=value`: `export BUILD_TLS=yes`, `BUILD_TLS=yes make`. */
  | { kind: 'assignment'; assignment: Assignment; command: SimpleCommand };

/** One switch, written in one place, reaching one or more build commands. */
export interface Switch {
  option: SwitchOption;
  system: BuildSystem;
  commands: BuildCommand[];
  /** The source text where it is written. */
  text: string;
  range: Span;
  /** Its value after static expansion (quotes removed); null when not known. */
  value: string | null;
  site: SwitchSite;
  /** How it reaches the command, outermost first: `_configure "$@"`, `$_opts`, `export`. */
  via: string[];
  /** Written under a condition, or reaching the command through one. */
  conditional: boolean;
}

const MAX_DEPTH = 6;
const SWITCH_VARIABLE = /^(USE|WITH|WITHOUT|ENABLE|DISABLE|BUILD|NO|HAVE|HAS|CONFIG)_/;
const FLAGS_VARIABLE = /(FLAGS|ARGS|LIBS|OPTS)/i;

type Parameter = { name: string; quoted: boolean };

/** `$x`, `${x}`, `"$x"`, `"${x}"` alone (no operator): the variable, else null. */
function loneParameter(word: Word): Parameter | null {
  if (word.parts.length !== 1) return null;
  let part = word.parts[0];
  let quoted = false;
  if (part.kind === 'double-quoted') {
    if (part.parts.length !== 1) return null;
    part = part.parts[0];
    quoted = true;
  }
  if (part.kind !== 'parameter' || part.operator !== null) return null;
  return { name: part.name, quoted };
}

class SwitchFinder {
  readonly found = new Map<number, Switch>();
  private readonly text: string;

  constructor(
    private readonly model: ApkbuildModel,
    private readonly scopes: ShellScopes,
  ) {
    this.text = model.text;
  }

  private add(
    command: BuildCommand,
    system: BuildSystem,
    option: SwitchOption | null,
    range: Span,
    value: string | null,
    site: SwitchSite,
    via: string[],
    conditional: boolean,
  ): void {
    if (!option) return;
    this.recording?.push(range.start);
    const existing = this.found.get(range.start);
    if (existing) {
      if (!existing.commands.includes(command)) existing.commands.push(command);
      existing.conditional ||= conditional;
      return;
    }
    this.found.set(range.start, {
      option,
      system,
      commands: [command],
      text: this.text.slice(range.start, range.end),
      range,
      value,
      site,
      via,
      conditional: conditional || command.conditional,
    });
  }

  /** Switches each exported assignment gave, by where they are written (see environment). */
  private readonly exported = new Map<Assignment, number[]>();
  private recording: number[] | null = null;

  /** Values by range: an exported word is read again for every make command it reaches. */
  private readonly values = new Map<string, string | null>();

  private staticValue(range: Span): string | null {
    const key = `${range.start}:${range.end}`;
    let value = this.values.get(key);
    if (value === undefined) {
      const expanded = this.model.expand(this.text.slice(range.start, range.end));
      this.values.set(key, (value = expanded.known ? expanded.value : null));
    }
    return value;
  }

  /** A word that reaches `command` in function `scope`, written at `site`. */
  argument(
    bc: BuildCommand,
    word: Word,
    next: Word | undefined,
    site: SimpleCommand,
    scope: string | null,
    via: string[],
    conditional: boolean,
    depth: number,
  ): number {
    if (depth > MAX_DEPTH) return 0;
    const param = loneParameter(word);
    if (param && (param.name === '@' || param.name === '*')) {
      if (scope === null) return 0;
      for (const call of this.scopes.callSites(scope)) {
        const words = call.command.words;
        for (let i = 1; i < words.length; i++)
          i += this.argument(
            bc,
            words[i],
            words[i + 1],
            call.command,
            call.functionName,
            [...via, `${scope} "$@"`],
            conditional || call.conditional,
            depth + 1,
          );
      }
      return 0;
    }
    if (param) {
      for (const a of this.scopes.reaching(param.name, scope, site.start))
        this.assignmentWords(bc, bc.system, a, [...via, `$${param.name}`], conditional, depth + 1);
      return 0;
    }
    let range: Span = { start: word.start, end: word.end };
    let used = 0;
    const raw = this.text.slice(word.start, word.end).replace(/["']/g, '');
    if ((bc.system === 'meson' || bc.system === 'cmake') && raw === '-D' && next) {
      range = { start: word.start, end: next.end };
      used = 1;
    }
    const written = this.text.slice(range.start, range.end);
    const value = this.staticValue(range);
    const parseText = value ?? written.replace(/["']/g, '');
    const normalized = used ? parseText.replace(/^-D\s+/, '-D') : parseText;
    this.add(
      bc,
      bc.system,
      parseSwitch(bc.system, normalized, value === null),
      range,
      value,
      { kind: 'argument', command: site },
      via,
      conditional,
    );
    if (bc.system === 'make')
      this.flagWordsInArgument(bc, word, site, scope, via, conditional, depth);
    return used;
  }

  /** The words of an assignment's value, each a switch written there. */
  assignmentWords(
    bc: BuildCommand,
    system: BuildSystem,
    a: ScopedAssignment,
    via: string[],
    conditional: boolean,
    depth: number,
    flags = false,
  ): void {
    const value = a.node.value;
    if (!value || depth > MAX_DEPTH) return;
    const cond = conditional || a.conditional;
    for (const item of splitListItems(this.text, value)) {
      const lone = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(item.text);
      if (lone) {
        const name = lone[1];
        // `x="$x --more"`: the earlier assignments of x are among the reaching ones already.
        if (name === a.name) continue;
        for (const b of this.scopes.reaching(name, a.functionName, a.command.start))
          this.assignmentWords(bc, system, b, [...via, `$${name}`], cond, depth + 1, flags);
        continue;
      }
      const site: SwitchSite = { kind: 'word', assignment: a.node, command: a.command };
      const itemValue = item.hasExpansion ? this.staticValue(item.range) : item.text;
      const text = itemValue ?? item.text;
      const option = flags ? parseFlagWord(text) : parseSwitch(system, text, itemValue === null);
      this.add(bc, system, option, item.range, itemValue, site, via, cond);
    }
  }

  /** Flag words inside `CCARGS="$ccargs"` or `CFLAGS="-DUSE_X $CFLAGS"`. */
  private flagWordsInArgument(
    bc: BuildCommand,
    word: Word,
    site: SimpleCommand,
    scope: string | null,
    via: string[],
    conditional: boolean,
    depth: number,
  ): void {
    const text = this.text.slice(word.start, word.end);
    const name = /^([A-Za-z_]\w*)=/.exec(text)?.[1];
    if (!name || !FLAGS_VARIABLE.test(name)) return;
    const inner = /\$\{?([A-Za-z_]\w*)\}?/g;
    for (const match of text.matchAll(inner)) {
      for (const a of this.scopes.reaching(match[1], scope, site.start))
        this.assignmentWords(
          bc,
          bc.system,
          a,
          [...via, `${name}="$${match[1]}"`],
          conditional,
          depth + 1,
          true,
        );
    }
    const literal = /(?<=[="\s])(-[Dl][A-Za-z_][\w.=+-]*)/g;
    for (const match of text.matchAll(literal)) {
      const start = word.start + match.index;
      const range = { start, end: start + match[1].length };
      this.add(
        bc,
        'make',
        parseFlagWord(match[1]),
        range,
        match[1],
        { kind: 'argument', command: site },
        [...via, name],
        conditional,
      );
    }
  }

  /** `export USE_X=1`, `USE_X=1 make`: make variables set in the environment. */
  environment(bc: BuildCommand, command: SimpleCommand): void {
    for (const a of command.assignments) this.environmentAssignment(bc, a, command, ['prefix']);
    const scopes = [
      bc.functionName,
      ...this.scopes.callSites(bc.functionName ?? '').map((c) => c.functionName),
      null,
    ];
    const seen = new Set<Assignment>();
    for (const scope of new Set(scopes)) {
      for (const a of this.scopes.exportsIn(scope)) {
        if (seen.has(a.node)) continue;
        if (scope === bc.functionName && a.node.start > command.start) continue;
        seen.add(a.node);
        // An export reaches every later make command alike: its words are read once, and the
        // next commands join the switches they gave (a file may repeat both thousands of times).
        const known = this.exported.get(a.node);
        if (known) {
          for (const start of known) {
            const existing = this.found.get(start)!;
            if (!existing.commands.includes(bc)) existing.commands.push(bc);
            existing.conditional ||= a.conditional;
          }
          continue;
        }
        this.recording = [];
        this.environmentAssignment(bc, a.node, a.command, ['export'], a.conditional);
        this.exported.set(a.node, this.recording);
        this.recording = null;
      }
    }
  }

  private environmentAssignment(
    bc: BuildCommand,
    node: Assignment,
    command: SimpleCommand,
    via: string[],
    conditional = false,
  ): void {
    if (FLAGS_VARIABLE.test(node.name) && node.value) {
      const scoped = {
        name: node.name,
        node,
        command,
        functionName: bc.functionName,
        conditional,
        keyword: null,
      };
      this.assignmentWords(bc, 'make', scoped, [...via, node.name], conditional, 1, true);
      return;
    }
    if (!SWITCH_VARIABLE.test(node.name)) return;
    const range = { start: node.start, end: node.end };
    const value = this.staticValue(range);
    const option = parseSwitch(
      'make',
      value ?? this.text.slice(node.start, node.end),
      value === null,
    );
    this.add(
      bc,
      'make',
      option,
      range,
      value === null ? null : value,
      { kind: 'assignment', assignment: node, command },
      via,
      conditional,
    );
  }
}

/**
 * Every switch that reaches a build command: written in it, passed to a wrapper function that
 * hands `"$@"` to it, assembled in a variable it expands, or (for make) set on its command line
 * or in its environment. Each is reported once, at the place where it is written.
 */
export function findSwitches(model: ApkbuildModel, scopes = new ShellScopes(model)): Switch[] {
  const finder = new SwitchFinder(model, scopes);
  for (const placed of scopes.commands) {
    const bc = readBuildCommand(model.text, placed);
    if (!bc) continue;
    const words = bc.command.words;
    for (let i = bc.firstArgument; i < words.length; i++)
      i += finder.argument(bc, words[i], words[i + 1], bc.command, bc.functionName, [], false, 0);
    if (bc.system === 'make') finder.environment(bc, bc.command);
  }
  return [...finder.found.values()].sort((a, b) => a.range.start - b.range.start);
}
