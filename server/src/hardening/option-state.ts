import type { BuildOption, BuildTool } from '../apkbuild';

/**
 * How a build option is typed, which tells what "off" is:
 * - `feature`: meson feature option (enabled | disabled | auto);
 * - `boolean`: meson boolean (true | false) or cmake BOOL (ON | OFF);
 * - `with` / `enable`: autoconf `--with-x` / `--enable-x`;
 * - `choice`: a value that selects an implementation (`-Dssl=openssl`): it has no generic "off".
 */
export type OptionKind = 'feature' | 'boolean' | 'with' | 'enable' | 'choice';

export interface OptionState {
  kind: OptionKind;
  /** on: it switches the feature on (or may: meson's `auto` detects it); unknown: set at run time. */
  state: 'on' | 'off' | 'unknown';
  /** The argument that switches it off explicitly, or null when there is none (choice). */
  disabled: string | null;
}

const CMAKE_ON = new Set(['on', 'true', 'yes', 'y', '1']);
const CMAKE_OFF = new Set(['off', 'false', 'no', 'n', '0']);

export function optionState(tool: BuildTool, option: BuildOption): OptionState | null {
  const value = option.value === null ? null : option.value.toLowerCase();
  if (tool === 'configure') {
    if (option.prefix === '--with' || option.prefix === '--enable') {
      const kind = option.prefix === '--with' ? 'with' : 'enable';
      const off = `--${kind === 'with' ? 'without' : 'disable'}-${option.name}`;
      if (option.value === null && /\$/.test(option.name))
        return { kind, state: 'unknown', disabled: off };
      return { kind, state: value === 'no' ? 'off' : 'on', disabled: off };
    }
    if (option.prefix === '--without' || option.prefix === '--disable')
      return {
        kind: option.prefix === '--without' ? 'with' : 'enable',
        state: 'off',
        disabled: null,
      };
    return null;
  }
  if (option.prefix !== '-D') return null;
  if (value === null) return { kind: 'choice', state: 'unknown', disabled: null };
  const define = (text: string): string =>
    `-D${option.name}${option.type ? `:${option.type}` : ''}=${text}`;
  if (tool === 'meson') {
    if (value === 'enabled' || value === 'auto')
      return { kind: 'feature', state: 'on', disabled: define('disabled') };
    if (value === 'disabled') return { kind: 'feature', state: 'off', disabled: null };
    if (value === 'true') return { kind: 'boolean', state: 'on', disabled: define('false') };
    if (value === 'false') return { kind: 'boolean', state: 'off', disabled: null };
    return {
      kind: 'choice',
      state: value === '' || value === 'none' ? 'off' : 'on',
      disabled: null,
    };
  }
  if (CMAKE_ON.has(value)) return { kind: 'boolean', state: 'on', disabled: define('OFF') };
  if (CMAKE_OFF.has(value)) return { kind: 'boolean', state: 'off', disabled: null };
  return { kind: 'choice', state: value === '' ? 'off' : 'on', disabled: null };
}
