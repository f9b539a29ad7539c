import type { ApkbuildModel } from '../apkbuild';
import { dependencyName } from '../aports';
import type { OptionAnalysis } from './analyze-options';
import type { OptionKnowledge } from './build-knowledge';
import type { Feature } from './catalogue';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { featureVerdict, isKept, type ProfileRule } from './profile-rules';
import { readBuildCommand, type BuildCommand, type BuildSystem } from './switches/build-command';
import { configureKind } from './switches/configure-kind';
import type { ShellScopes } from './switches/shell-scopes';

/**
 * A switch upstream has on by default that the APKBUILD does not write: mosquitto's
 * `WITH_TLS`, lighttpd's `with_zlib`. Switching its feature off means writing `off` into the
 * build commands; the build knowledge says what upstream spells.
 */
export interface ImplicitSwitch {
  key: string;
  knowledge: OptionKnowledge;
  /** The text a fix writes. */
  off: string;
  features: Feature[];
  /** The build commands the fix writes it into. */
  commands: BuildCommand[];
  rule: ProfileRule | null;
}

function systemOfKey(key: string): BuildSystem[] {
  if (key.startsWith('--')) return ['autoconf', 'configure', 'configure-script', 'waf'];
  if (/^[A-Z0-9_]+$/.test(key)) return ['make', 'cmake'];
  return ['meson', 'cmake'];
}

/** The build commands in functions, with each ./configure's kind worked out. */
function buildCommands(
  model: ApkbuildModel,
  ctx: PackageContext,
  scopes: ShellScopes,
): BuildCommand[] {
  const out: BuildCommand[] = [];
  for (const placed of scopes.commands) {
    const bc = readBuildCommand(model.text, placed);
    if (!bc || placed.functionName === null) continue;
    const system = bc.system === 'configure' ? configureKind(model, bc, ctx.knowledge) : bc.system;
    out.push({ ...bc, system });
  }
  return out;
}

/** Where an off switch is written: the configure step, or for make every build and install run. */
function targetCommands(commands: readonly BuildCommand[], key: string): BuildCommand[] {
  const systems = systemOfKey(key);
  // make reads its variables again at install time: both runs get the switch.
  return commands.filter(
    (bc) =>
      systems.includes(bc.system) &&
      (bc.system !== 'make' || /^(build|package|_\w+)$/.test(bc.functionName ?? '')),
  );
}

const GETTEXT = new Set(['gettext-dev', 'gettext-tiny-dev']);

/**
 * Defaults every build of a kind has, where no build knowledge says more: an autoconf build
 * with gettext in makedepends and a -lang subpackage builds translations unless given
 * `--disable-nls` (AM_GNU_GETTEXT declares it; an autoconf configure only warns about an
 * option it does not know).
 */
function genericDefaults(model: ApkbuildModel): Record<string, OptionKnowledge> {
  const makedepends = model.list('makedepends');
  const subpackages = model.list('subpackages');
  const gettext =
    Array.isArray(makedepends) && makedepends.some((m) => GETTEXT.has(dependencyName(m) ?? m));
  const lang = Array.isArray(subpackages) && subpackages.some((s) => /-lang(:|$)/.test(s));
  if (!gettext || !lang) return {};
  return {
    '--enable-nls': {
      implicit: true,
      off: '--disable-nls',
      features: ['nls'],
      note: "autoconf's gettext macros take --disable-nls",
    },
  };
}

export function implicitSwitches(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  options: readonly OptionAnalysis[],
  scopes: ShellScopes,
): ImplicitSwitch[] {
  const out: ImplicitSwitch[] = [];
  const generic = genericDefaults(model);
  const facts = { ...generic, ...ctx.knowledge.options };
  const implicitKeys = Object.values(facts).some((k) => k.implicit);
  const all = implicitKeys ? buildCommands(model, ctx, scopes) : [];
  for (const [key, known] of Object.entries(facts)) {
    if (!known.implicit || !known.off || !known.features) continue;
    // Written after all: the written switch is judged instead.
    if (options.some((o) => o.switch.option.key === key)) continue;
    const features = known.features.flatMap((name) => profile.catalogue.features.get(name) ?? []);
    if (features.length === 0) continue;
    // A generic default is only known for GNU autoconf's configure.
    const commands = targetCommands(all, key).filter(
      (c) =>
        !(key in generic) || ctx.knowledge.options?.[key] !== undefined || c.system === 'autoconf',
    );
    if (commands.length === 0) continue;
    const verdicts = features.map((f) =>
      featureVerdict(profile, f, {
        origin: ctx.origin,
        role: ctx.role,
        tlsUse: known.tls ?? ctx.tlsUse,
        mandatory: known.mandatory === true,
      }),
    );
    const kept = isKept(profile, [key, known.off], features);
    const rule = !kept && verdicts.every((v) => v.rule !== null) ? verdicts[0].rule : null;
    out.push({ key, knowledge: known, off: known.off, features, commands, rule });
  }
  return out;
}
