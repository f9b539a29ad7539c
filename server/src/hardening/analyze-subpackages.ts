import type {
  ApkbuildModel,
  FunctionInfo,
  ListItem,
  StaticValue,
  VariableAssignment,
} from '../apkbuild';
import { parseSubpackage, splitFunctionOf } from '../apkbuild';
import type { OptionAnalysis } from './analyze-options';
import type { Feature } from './catalogue';
import type { ImplicitSwitch } from './implicit-switches';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { isKept, type ProfileRule } from './profile-rules';
import { splitFunctionsToRemove, strayMoves } from './split-functions';
import { featureRule, ownersOf, splitMentions } from './subpackage-owners';
import type { ShellScopes } from './switches/shell-scopes';

/**
 * What happens to a subpackage's files when its entry goes. abuild's split functions move
 * files out of the main package; without the entry they stay in it. So an entry whose files
 * the deployment does not want goes together with what puts those files there:
 * - `drop`: the files may stay in the main package (debug symbols are stripped instead; a
 *   feature's files are not built any more);
 * - `stop-files`: the files must not be produced: `package()` removes these folders at its
 *   end (init scripts, translations, completions).
 */
export type SubpackageKind = 'dbg' | 'openrc' | 'lang' | 'completion' | 'feature' | 'other';

export interface SubpackageAnalysis {
  /** The entry's value, e.g. `lighttpd-dbg` or `lighttpd-mod_auth:mod_auth`. */
  entry: string;
  name: string;
  item: ListItem;
  assignment: VariableAssignment;
  kind: SubpackageKind;
  kept: boolean;
  rule: ProfileRule | null;
  /** The split function that goes with it when removed, if nothing else uses it. */
  splitFunction: FunctionInfo | null;
  /** Folders under `$pkgdir` that `package()` must stop shipping when the entry goes. */
  stopFolders: string[];
  /** For `feature` entries: the features its files belong to. */
  features: Feature[];
  /** Every part of dropping it is known to build; else `advice` says why not. */
  verified: boolean;
  advice: string | null;
  /**
   * Features its own split function moves files named for (`mv .../mod_ssl.so`): switching one
   * of them off while the entry stays would leave the function without its files.
   */
  mentions: Feature[];
  /** The build knowledge says its files are built whatever the switches. */
  alwaysBuilt: boolean;
}

/**
 * Suffixes abuild's own split functions handle and that hold no feature's files; never read as
 * feature names. (`-udev` and `-systemd` do hold a feature's files: udev rules, unit files.)
 */
const STANDARD = new Set([
  'dbg',
  'doc',
  'dev',
  'static',
  'libs',
  'openrc',
  'lang',
  'pyc',
  'nftrules',
  'devhelp',
]);

const COMPLETION_FOLDERS: Record<string, string[]> = {
  'bash-completion': ['usr/share/bash-completion'],
  'zsh-completion': ['usr/share/zsh/site-functions'],
  'fish-completion': ['usr/share/fish/vendor_completions.d', 'usr/share/fish/completions'],
};

/** A subpackages entry's value; `$pkgname-doc`, by far the commonest form, without a parse. */
function subpackageEntry(
  model: ApkbuildModel,
  text: string,
  hasExpansion: boolean,
  pkgname: StaticValue | undefined,
): StaticValue {
  if (!hasExpansion) return { known: true, value: text };
  const simple = /^\$\{?pkgname\}?(-[\w.+:-]*)$/.exec(text);
  if (simple && pkgname?.known) return { known: true, value: pkgname.value + simple[1] };
  return model.expand(text);
}

function kindOf(
  name: string,
  origin: string | null,
): { kind: SubpackageKind; suffix: string | null } {
  for (const suffix of Object.keys(COMPLETION_FOLDERS))
    if (name.endsWith(`-${suffix}`)) return { kind: 'completion', suffix };
  if (name.endsWith('-openrc')) return { kind: 'openrc', suffix: 'openrc' };
  if (name.endsWith('-lang')) return { kind: 'lang', suffix: 'lang' };
  if (name.endsWith('-dbg')) return { kind: 'dbg', suffix: 'dbg' };
  const prefixed = origin !== null && name.startsWith(`${origin}-`);
  // A subpackage not named after pkgname (device-mapper-udev of lvm2) is read by its whole name,
  // unless its last word is one of abuild's own (xkbcli-doc).
  const suffix = prefixed ? name.slice(origin.length + 1) : name;
  const last = name.slice(name.lastIndexOf('-') + 1);
  return { kind: STANDARD.has(suffix) || STANDARD.has(last) ? 'other' : 'feature', suffix };
}

export function analyzeSubpackages(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  options: readonly OptionAnalysis[],
  implicit: readonly ImplicitSwitch[],
  scopes: ShellScopes,
): SubpackageAnalysis[] {
  const pkgname = model.value('pkgname');
  const packageFn = model.functions.find((f) => f.name === 'package');
  const canStop = packageFn?.node
    ? null
    : 'package() is not written in the file, so nothing can stop it shipping these files';
  const langdir = model.value('langdir');
  const loops = scopes.loopVariables;
  const owners = ownersOf(profile, options);
  const out: SubpackageAnalysis[] = [];
  for (const assignment of model.assignments) {
    if (assignment.name !== 'subpackages') continue;
    for (const item of assignment.items ?? []) {
      // An item a loop fills in is generated: see generatedSubpackages.
      if (
        loops.size > 0 &&
        item.hasExpansion &&
        [...item.text.matchAll(/\$\{?(\w+)/g)].some((m) => loops.has(m[1]))
      )
        continue;
      const expanded = subpackageEntry(model, item.text, item.hasExpansion, pkgname);
      // `$subpackages` (a list read into itself) or any item that expands to several names.
      if (!expanded.known || /\s/.test(expanded.value) || expanded.value === '') continue;
      const entry = expanded.value;
      const { name } = parseSubpackage(entry);
      const known =
        ctx.knowledge.subpackages?.[item.text] !== undefined ||
        owners.byEntry.has(item.text) ||
        implicit.some((i) => i.knowledge.subpackages?.includes(item.text));
      const found = kindOf(name, ctx.origin);
      const { kind, suffix } =
        known && found.kind !== 'openrc' && found.kind !== 'dbg'
          ? { kind: 'feature' as const, suffix: found.suffix ?? name }
          : found;
      const kept = isKept(profile, [name, entry, ...(suffix ? [suffix] : [])], []);
      const alwaysBuilt = ctx.knowledge.subpackages?.[item.text]?.length === 0;
      const mentions = alwaysBuilt ? [] : splitMentions(model, profile, ctx, entry);
      let rule: ProfileRule | null = null;
      let stopFolders: string[] = [];
      let advice: string | null = null;
      let features: Feature[] = [];
      if (kind === 'feature' && suffix !== null) {
        let weak: string | null;
        ({ rule, features, weak } = featureRule(profile, ctx, suffix, item.text, owners, implicit));
        advice = weak;
      } else if (suffix !== null && profile.dropSubpackages.has(suffix)) {
        rule = { kind: 'drop-subpackage', suffix };
        if (kind === 'openrc') stopFolders = ['etc/init.d', 'etc/conf.d'];
        else if (kind === 'lang')
          stopFolders = [
            (langdir?.known && langdir.value !== '' ? langdir.value : '/usr/share/locale').replace(
              /^\/+/,
              '',
            ),
          ];
        else if (kind === 'completion') stopFolders = COMPLETION_FOLDERS[suffix];
        else if (kind === 'other')
          advice = `without its entry, the files its split function moves stay in ${ctx.origin ?? 'the main package'}`;
        if (stopFolders.length > 0) advice = canStop ?? strayAdvice(model, entry, stopFolders, ctx);
      }
      if (kept || (model.syntaxDiagnostics[0]?.start ?? Infinity) < assignment.range.end)
        rule = null;
      out.push({
        entry,
        name,
        item,
        assignment,
        kind,
        kept,
        rule,
        splitFunction: null,
        stopFolders,
        features,
        verified: rule !== null && advice === null,
        advice,
        mentions,
        alwaysBuilt,
      });
    }
  }
  const removed = out.filter((s) => s.rule !== null);
  const functions = splitFunctionsToRemove(model, removed);
  for (const sub of removed) sub.splitFunction = functions.get(sub.entry) ?? null;
  return out;
}

/** Files its own split function moves from elsewhere would stay in the main package. */
function strayAdvice(
  model: ApkbuildModel,
  entry: string,
  folders: readonly string[],
  ctx: PackageContext,
): string | null {
  const stray = strayMoves(model, entry, folders);
  if (stray.length === 0) return null;
  const fn = splitFunctionOf(entry);
  return `${fn}() also moves ${stray.join(', ')}, which would stay in ${ctx.origin ?? 'the main package'} without the entry`;
}
