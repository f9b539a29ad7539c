import type { AportLabels, OptionFact } from './hardening-labels';

/**
 * Whether a fixed APKBUILD would still configure and package, predicted from the upstream
 * facts of its label file (not from the analyzer's own knowledge): every switch the fix wrote
 * must be one upstream accepts, every switch left on must still have what it needs, upstream's
 * mandatory dependencies and required choices must stay, and no subpackage may lose the
 * files its split function moves.
 */
export interface BuildInput {
  /** What each build dependency brings with it, from the real APKINDEX (apk add's closure). */
  broughtIn?: (names: readonly string[]) => Map<string, string>;
  original: string;
  fixed: string;
  /** makedepends of the fixed file after sourcing, version constraints kept. */
  makedepends: string[];
  /** Subpackage names of the fixed file after sourcing (`$pkgname-x` expanded). */
  subpackages: string[];
  pkgname: string;
}

const bare = (name: string): string => name.replace(/[<>=~].*$/, '');

/** The words of the text as a shell would see them, roughly: comments out, quotes off. */
function tokens(text: string): string[] {
  return text
    .replace(/^\s*#.*$/gm, '')
    .replace(/\\\n/g, ' ')
    .split(/[\s;]+/)
    .map((t) => t.replace(/["']/g, ''))
    .filter((t) => t !== '');
}

const ON = new Set(['yes', 'true', 'on', 'enabled', '1', 'y', 'auto', 'check']);
const OFF = new Set(['no', 'false', 'off', 'disabled', '0', 'n', '', 'none']);

type State = 'on' | 'off' | null;

/** How an option with upstream name `name` is written among `words`: on, off, or not at all. */
function writtenState(
  name: string,
  fact: OptionFact,
  words: readonly string[],
): { state: State; value: string | null } {
  let state: State = null;
  let value: string | null = null;
  let on = false;
  const form = fact.form ?? '';
  for (const w of words) {
    let m: RegExpExecArray | null;
    if ((m = /^--(with|enable)-([^=]+)(?:=(.*))?$/.exec(w)) && m[2] === name) {
      value = m[3] ?? null;
      state = value !== null && OFF.has(value.toLowerCase()) ? 'off' : 'on';
    } else if ((m = /^--(without|disable|no)-([^=]+)$/.exec(w)) && m[2] === name) state = 'off';
    else if ((m = /^-D([^=:]+)(?::\w+)?=(.*)$/.exec(w)) && m[1] === name) {
      value = m[2];
      state = OFF.has(value.toLowerCase()) ? 'off' : 'on';
    } else if (
      (m = /^([A-Za-z_]\w*)=(.*)$/.exec(w)) &&
      m[1] === name &&
      (form === 'variable' || form === '')
    ) {
      value = m[2];
      const inverted = /^(NO|WITHOUT|DISABLE)_/.test(name);
      const truthy = !OFF.has(value.toLowerCase());
      state = truthy !== inverted ? 'on' : 'off';
    } else if (
      (w === `--${name}` || w === `enable-${name}`) &&
      (form === 'flag' || form === 'enable-word' || form === '')
    )
      state = 'on';
    else if (w === `no-${name}` && (form === 'flag' || form === '')) state = 'off';
    else if (w === `-D${name}` || w.startsWith(`-D${name}=`)) state = 'on';
    else if (
      (m = /^--([^=]+)=(.*)$/.exec(w)) &&
      m[1] === name &&
      (form === 'flag' || form === '')
    ) {
      value = m[2];
      state = OFF.has(value.toLowerCase()) ? 'off' : 'on';
    } else continue;
    if (state === 'on') on = true;
  }
  // Several configure runs (openssh builds three variants): on in any of them is on.
  return { state: on ? 'on' : state, value };
}

function defaultState(fact: OptionFact): State {
  const d = fact.default;
  if (d === undefined || d === null) return null;
  const text = String(d).toLowerCase();
  if (/^(auto|check)/.test(text)) return null;
  if (/^(unset|not set|none|empty|off)/.test(text)) return 'off';
  return ON.has(text) ? 'on' : OFF.has(text) ? 'off' : null;
}

/** Build dependencies present after the fix, with what they bring (label `brings`, the index). */
function present(labels: AportLabels, input: BuildInput): Set<string> {
  const makedepends = input.makedepends;
  const have = new Set(makedepends.map(bare));
  if (input.broughtIn) for (const name of input.broughtIn(makedepends).keys()) have.add(name);
  const brings = labels.brings ?? {};
  for (let changed = true; changed;) {
    changed = false;
    for (const [by, brought] of Object.entries(brings))
      if (have.has(bare(by)))
        for (const b of brought)
          if (!have.has(bare(b))) {
            have.add(bare(b));
            changed = true;
          }
  }
  return have;
}

/**
 * The problems the fix brings: those of the fixed file that the original does not have too
 * (a switch whose files come from outside the APKBUILD, as exim's Local/Makefile, cannot be
 * seen either way).
 */
export function predictBuild(
  labels: AportLabels,
  input: BuildInput,
  original: BuildInput,
): string[] {
  const before = new Set(problemsOf(labels, { ...original, original: original.original }));
  return problemsOf(labels, input).filter((p) => !before.has(p));
}

function problemsOf(labels: AportLabels, input: BuildInput): string[] {
  const problems: string[] = [];
  const before = tokens(input.original);
  const after = tokens(input.fixed);
  const beforeSet = new Set(before);
  const options = labels.options ?? {};
  const have = present(labels, input);
  // Switches the fix wrote: each must be one upstream accepts.
  for (const w of new Set(after)) {
    if (beforeSet.has(w) || !/^(--|-D|no-|enable-|[A-Z][A-Z0-9_]*=)/.test(w)) continue;
    const known = Object.entries(options).find(
      ([name, fact]) => writtenState(name, fact, [w]).state !== null,
    );
    if (!known) {
      if (labels.unknown_options === 'fatal')
        problems.push(
          `the fix writes ${w}, which upstream's build does not define (unknown options are fatal)`,
        );
      continue;
    }
    const [name, fact] = known;
    const { state, value } = writtenState(name, fact, [w]);
    if (state === 'off' && fact.off === null)
      problems.push(`the fix writes ${w}, but upstream has no off spelling for ${name}`);
    else if (state === 'off' && fact.off && fact.off !== w && labels.unknown_options === 'fatal')
      problems.push(`the fix writes ${w}; upstream spells ${name} off as ${fact.off}`);
    if (
      value !== null &&
      fact.form === 'feature' &&
      !['enabled', 'disabled', 'auto'].includes(value)
    )
      problems.push(`${w}: a meson feature takes enabled, disabled or auto`);
    if (value !== null && fact.form === 'boolean' && !['true', 'false'].includes(value))
      problems.push(`${w}: a meson boolean takes true or false`);
    if (value !== null && fact.choices && !fact.choices.includes(value))
      problems.push(`${w}: ${name} takes one of ${fact.choices.join(', ')}`);
  }
  // Switches left on: what they need must stay.
  for (const [name, fact] of Object.entries(options)) {
    const written = writtenState(name, fact, after).state;
    const state = written ?? defaultState(fact);
    if (state !== 'on' || !fact.fails_without_needs) continue;
    for (const need of fact.needs ?? [])
      if (!have.has(bare(need)))
        problems.push(
          `${name} is ${written ? 'switched on' : 'on by default'} but ${bare(need)} is gone`,
        );
  }
  for (const need of labels.mandatory ?? [])
    if (!have.has(bare(need))) problems.push(`${bare(need)} is mandatory upstream but is gone`);
  for (const group of labels.require_one_of ?? [])
    if (!group.some((choice) => after.includes(choice)))
      problems.push(`one of ${group.join(', ')} is required, and none is left`);
  // Subpackages whose files depend on an option.
  const subpackages = new Set(input.subpackages);
  for (const [entry, spec] of Object.entries(labels.subpackages ?? {})) {
    const option = spec?.needs_option;
    if (!option) continue;
    const name = entry.replace(/^\$\{?pkgname\}?/, input.pkgname).split(':')[0];
    if (!subpackages.has(name)) continue;
    const fact = options[option] ?? {};
    const state = writtenState(option, fact, after).state ?? defaultState(fact);
    if (state === 'off')
      problems.push(`${name} stays, but ${option} is off: its split function finds no files`);
  }
  // abuild's packaging rules.
  const docGone = !subpackages.has(`${input.pkgname}-doc`) && input.original.includes('-doc');
  if (docGone && labels.installs?.man)
    problems.push(
      `-doc is gone, and the man pages land uncompressed in another package (postcheck fails)`,
    );
  for (const name of input.subpackages)
    if (
      name.endsWith('-openrc') &&
      !/initd|init\.d|confd|conf\.d/.test(
        input.fixed.replace(/^\s*#.*$/gm, '').replace(/^(source|sha512sums)="[^"]*"/gm, ''),
      )
    )
      problems.push(`${name} stays, but nothing installs init scripts any more (empty subpackage)`);
  return problems;
}
