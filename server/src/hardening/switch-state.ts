import type { OptionKnowledge, PackageKnowledge } from './build-knowledge';
import type { Switch } from './switches/find-switches';

/**
 * What a switch is, which tells what "off" is:
 * - `feature`: meson feature (enabled | disabled | auto); `boolean`: meson boolean, cmake BOOL;
 * - `with` / `enable`: `--with-x` / `--enable-x` of autoconf, waf or a hand-written script;
 * - `module`: nginx's `--with-x_module`, off unless given;
 * - `choice`: a value that selects an implementation (`-Dssl=openssl`), no generic "off";
 * - `variable`: a make variable; `define`: `-DUSE_X` in a make variable's flags.
 */
export type SwitchKind =
  'feature' | 'boolean' | 'with' | 'enable' | 'module' | 'choice' | 'variable' | 'define' | 'link';

/** One way to switch it off, and whether upstream's build is known to accept the result. */
export interface OffFix {
  /** `replace`: write `text` instead; `remove`: delete the switch. */
  edit: 'replace' | 'remove';
  text: string;
  verified: boolean;
  /** Why it is not verified; null when it is. */
  why: string | null;
}

export interface SwitchJudgement {
  kind: SwitchKind;
  state: 'on' | 'off' | 'unknown';
  /** Writing the explicit off; null where upstream has none. */
  disable: OffFix | null;
  /** Deleting the switch. */
  remove: OffFix;
}

const YES = new Set(['on', 'true', 'yes', 'y', '1', 'enabled', 'auto', 'yesplease']);
const NO = new Set(['off', 'false', 'no', 'n', '0', 'disabled', '']);

const verified = (edit: OffFix['edit'], text: string): OffFix => ({
  edit,
  text,
  verified: true,
  why: null,
});
const advice = (edit: OffFix['edit'], text: string, why: string): OffFix => ({
  edit,
  text,
  verified: false,
  why,
});

/** Removal is safe when upstream's default is off; otherwise leaving it out may keep it on. */
function removal(known: OptionKnowledge | undefined, unknownWhy: string): OffFix {
  if (known?.default === 'off') return verified('remove', '');
  if (known?.default === 'on')
    return advice(
      'remove',
      '',
      'upstream builds it by default, so leaving the switch out keeps it on',
    );
  return advice('remove', '', unknownWhy);
}

function knownOff(known: OptionKnowledge | undefined): OffFix | null | undefined {
  if (!known || known.off === undefined) return undefined;
  return known.off === null ? null : verified('replace', known.off);
}

/** `no_systemd`, `DISABLE_X`, `WITHOUT_X`: a true value switches the feature off. */
const INVERTED = /^(no|disable|without)[_-]/i;

function meson(s: Switch, known: OptionKnowledge | undefined): SwitchJudgement {
  const o = s.option;
  const raw = o.value?.toLowerCase() ?? null;
  // For an inverted name, true means off: judge it as the positive would be.
  const value = INVERTED.test(o.name) ? invertValue(raw) : raw;
  const define = (v: string): string => `-D${o.name}=${v}`;
  const why =
    "meson's default for this option is not known here, and an enabled or auto feature comes back when only left out";
  if (value === null)
    return { kind: 'choice', state: 'unknown', disable: null, remove: removal(known, why) };
  if (value === 'enabled' || value === 'auto')
    return {
      kind: 'feature',
      state: 'on',
      disable: knownOff(known) ?? verified('replace', define('disabled')),
      remove: removal(known, why),
    };
  if (value === 'true')
    return {
      kind: 'boolean',
      state: 'on',
      disable:
        knownOff(known) ?? verified('replace', define(INVERTED.test(o.name) ? 'true' : 'false')),
      remove: removal(known, why),
    };
  if (value === 'disabled' || value === 'false')
    return {
      kind: value === 'false' ? 'boolean' : 'feature',
      state: 'off',
      disable: null,
      remove: verified('remove', ''),
    };
  const off = knownOff(known);
  return {
    kind: 'choice',
    state: value === '' || value === 'none' ? 'off' : 'on',
    disable: off ?? null,
    remove: removal(
      known,
      'this option chooses an implementation; upstream decides what leaving it out means',
    ),
  };
}

function invertValue(value: string | null): string | null {
  if (value === 'true' || value === 'on' || value === 'yes' || value === '1') return 'false';
  if (value === 'false' || value === 'off' || value === 'no' || value === '0') return 'true';
  return value === null ? null : 'inverted';
}

function cmake(s: Switch, known: OptionKnowledge | undefined): SwitchJudgement {
  const o = s.option;
  const raw = o.value?.toLowerCase() ?? null;
  const value = INVERTED.test(o.name) ? invertValue(raw) : raw;
  const why = "cmake's default for this option is not known here";
  if (value === null)
    return { kind: 'choice', state: 'unknown', disable: null, remove: removal(known, why) };
  if (['on', 'true', 'yes', 'y', '1'].includes(value)) {
    const text = `-D${o.name}${o.type ? `:${o.type}` : ''}=${INVERTED.test(o.name) ? 'ON' : 'OFF'}`;
    return {
      kind: 'boolean',
      state: 'on',
      disable: knownOff(known) ?? verified('replace', text),
      remove: removal(known, why),
    };
  }
  if (['off', 'false', 'no', 'n', '0'].includes(value))
    return { kind: 'boolean', state: 'off', disable: null, remove: verified('remove', '') };
  return {
    kind: 'choice',
    state: value === '' ? 'off' : 'on',
    disable: knownOff(known) ?? null,
    remove: removal(
      known,
      'this option chooses an implementation (a value, not ON/OFF); upstream has no generic off for it',
    ),
  };
}

/** `--with-x`, `--enable-x` and their negations, in a build whose grammar is known or not. */
function longOption(
  s: Switch,
  known: OptionKnowledge | undefined,
  grammarKnown: boolean,
  unknownWhy: string,
): SwitchJudgement {
  const o = s.option;
  const positive =
    o.form === 'with' || o.form === 'enable' || o.form === 'enable-word' || o.form === 'flag';
  const kind: SwitchKind = o.form === 'with' || o.form === 'without' ? 'with' : 'enable';
  if (o.form === 'flag') {
    // A plain `--name[=value]` of a waf or hand-written script: its off is what upstream says.
    const value = o.value?.toLowerCase() ?? null;
    if (value === 'no' || value === 'false')
      return { kind, state: 'off', disable: null, remove: removal(known, unknownWhy) };
    return {
      kind,
      state: 'on',
      disable: knownOff(known) ?? null,
      remove: removal(known, unknownWhy),
    };
  }
  const value = o.value?.toLowerCase() ?? null;
  const dynamic = o.value === null && s.value === null && /\$/.test(s.text);
  if (!positive) return { kind, state: 'off', disable: null, remove: removal(known, unknownWhy) };
  if (value === 'no')
    return { kind, state: 'off', disable: null, remove: removal(known, unknownWhy) };
  const state = dynamic ? 'unknown' : 'on';
  const negative =
    o.form === 'enable-word'
      ? `no-${o.name}`
      : `--${kind === 'with' ? 'without' : 'disable'}-${o.name}`;
  const explicit = knownOff(known);
  const disable =
    explicit !== undefined
      ? explicit
      : grammarKnown
        ? verified('replace', negative)
        : advice('replace', negative, unknownWhy);
  return { kind, state, disable, remove: removal(known, unknownWhy) };
}

function nginxModule(s: Switch, known: OptionKnowledge | undefined): SwitchJudgement {
  const o = s.option;
  if (o.form === 'without')
    return {
      kind: 'module',
      state: 'off',
      disable: null,
      remove: removal(known, 'nginx builds this module unless told otherwise'),
    };
  if (o.form !== 'with')
    return {
      kind: 'with',
      state: 'unknown',
      disable: null,
      remove: advice('remove', '', 'not an nginx module switch'),
    };
  // nginx's --with-* switches add what is off by default; there is no --without- form for them.
  const remove =
    known?.default === 'on'
      ? advice('remove', '', 'upstream builds it by default')
      : verified('remove', '');
  return { kind: 'module', state: 'on', disable: knownOff(known) ?? null, remove };
}

function makeVariable(s: Switch, known: OptionKnowledge | undefined): SwitchJudgement {
  const o = s.option;
  const why =
    "make variables have no standard off: upstream's Makefile decides what each value means";
  if (o.form === 'link')
    return { kind: 'link', state: 'on', disable: null, remove: advice('remove', '', why) };
  if (o.form === 'cflag-define')
    return {
      kind: 'define',
      state: 'on',
      disable: null,
      remove:
        known?.default === 'off' || known?.off === null
          ? verified('remove', '')
          : removal(known, why),
    };
  const value = o.value?.toLowerCase() ?? null;
  const inverted = /^(NO|WITHOUT|DISABLE)_/.test(o.name);
  if (value === null)
    return { kind: 'variable', state: 'unknown', disable: null, remove: removal(known, why) };
  const on = YES.has(value) ? !inverted : NO.has(value) ? inverted : true;
  if (!on) return { kind: 'variable', state: 'off', disable: null, remove: removal(known, why) };
  return {
    kind: 'variable',
    state: 'on',
    disable: knownOff(known) ?? null,
    remove: removal(known, why),
  };
}

/** The state of a switch and how to turn it off, for the build system that reads it. */
export function judgeSwitch(s: Switch, pkg: PackageKnowledge): SwitchJudgement {
  const known = pkg.options?.[s.option.key];
  switch (s.system) {
    case 'meson':
      return meson(s, known);
    case 'cmake':
      return cmake(s, known);
    case 'autoconf':
      return longOption(s, known, true, "autoconf's default for this option is not known here");
    case 'configure':
      return longOption(
        s,
        known,
        false,
        "this ./configure is not known to be GNU autoconf's, which accepts --without-x and --disable-x for every option",
      );
    case 'waf':
      return longOption(
        s,
        known,
        pkg.grammar === 'symmetric',
        'a waf build accepts only the options its wscript declares',
      );
    case 'configure-script':
      if (pkg.grammar === 'nginx-modules') return nginxModule(s, known);
      return longOption(
        s,
        known,
        pkg.grammar === 'symmetric',
        'a hand-written configure script accepts only the options it lists',
      );
    case 'make':
      return makeVariable(s, known);
  }
}
