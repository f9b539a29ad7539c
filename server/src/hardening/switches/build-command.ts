import { MESON_SUBCOMMANDS, type SimpleCommand, type Span } from '../../apkbuild';
import { commandName, plainWordText, type PlacedCommand } from './shell-scopes';

/**
 * The build systems whose switches the analyzer reads. `configure` is a `./configure` not yet
 * known to be GNU autoconf's or a hand-written script (see configure-kind.ts).
 */
export type BuildSystem =
  'meson' | 'cmake' | 'autoconf' | 'configure-script' | 'configure' | 'waf' | 'make';

/** A command that configures or builds, and takes switches. */
export interface BuildCommand {
  system: BuildSystem;
  /** The command word as written: `abuild-meson`, `./configure`, `make`. */
  tool: string;
  command: SimpleCommand;
  functionName: string | null;
  conditional: boolean;
  range: Span;
  /** Index in `command.words` of the first argument after the tool (and its subcommand). */
  firstArgument: number;
}

const CMAKE_NOT_CONFIGURE = new Set(['--build', '--install', '-E', '-P', '--version', '--help']);

const INTERPRETERS = new Set(['sh', 'bash', 'perl', 'python', 'python3']);

function toolOf(
  source: string,
  command: SimpleCommand,
): { system: BuildSystem; tool: string; first: number } | null {
  const first = commandName(source, command);
  if (first === null) return null;
  const word = (i: number): string => {
    const w = command.words[i];
    return w ? (plainWordText(source, w) ?? '') : '';
  };
  // `perl ./Configure`, `bash ./configure`, `python3 ./waf configure`: the script is the tool.
  const at = INTERPRETERS.has(first) && command.words.length > 1 ? 1 : 0;
  const name = at === 0 ? first : word(1);
  const tool = at === 0 ? first : `${first} ${name}`;
  const next = word(at + 1);
  const base = name.slice(name.lastIndexOf('/') + 1);
  const found = (system: BuildSystem, skip: number): ReturnType<typeof toolOf> => ({
    system,
    tool,
    first: at + 1 + skip,
  });
  if (at === 0 && base === 'abuild-meson') return found('meson', 0);
  if (at === 0 && base === 'meson') {
    if (next === 'setup') return found('meson', 1);
    if (next === '' || MESON_SUBCOMMANDS.has(next) || next.startsWith('--version')) return null;
    return found('meson', 0);
  }
  if (at === 0 && base === 'cmake') return CMAKE_NOT_CONFIGURE.has(next) ? null : found('cmake', 0);
  if (base === 'configure') return found('configure', 0);
  if (base === 'Configure') return found('configure-script', 0);
  if (base === 'waf') return next === 'configure' ? found('waf', 1) : null;
  if (at === 0 && (base === 'make' || base === 'gmake')) return found('make', 0);
  return null;
}

/** The build command a simple command is, if it is one. */
export function readBuildCommand(source: string, placed: PlacedCommand): BuildCommand | null {
  const found = toolOf(source, placed.command);
  if (!found) return null;
  return {
    system: found.system,
    tool: found.tool,
    command: placed.command,
    functionName: placed.functionName,
    conditional: placed.conditional,
    range: { start: placed.command.start, end: placed.command.end },
    firstArgument: found.first,
  };
}
