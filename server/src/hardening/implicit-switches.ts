import type { ApkbuildModel } from '../apkbuild';
import type { OptionAnalysis } from './analyze-options';
import type { OptionKnowledge } from './build-knowledge';
import type { Feature } from './catalogue';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { featureVerdict, isKept, type ProfileRule } from './profile-rules';
import { tlsUseOfRole } from './build-knowledge';
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

export function implicitSwitches(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  options: readonly OptionAnalysis[],
  scopes: ShellScopes,
): ImplicitSwitch[] {
  const out: ImplicitSwitch[] = [];
  const implicitKeys = Object.values(ctx.knowledge.options ?? {}).some((k) => k.implicit);
  const all = implicitKeys ? buildCommands(model, ctx, scopes) : [];
  const tlsUse = ctx.knowledge.tls ?? (ctx.role ? tlsUseOfRole(ctx.role) : null);
  for (const [key, known] of Object.entries(ctx.knowledge.options ?? {})) {
    if (!known.implicit || !known.off || !known.features) continue;
    // Written after all: the written switch is judged instead.
    if (options.some((o) => o.switch.option.key === key)) continue;
    const features = known.features.flatMap((name) => profile.catalogue.features.get(name) ?? []);
    if (features.length === 0) continue;
    const commands = targetCommands(all, key);
    if (commands.length === 0) continue;
    const verdicts = features.map((f) =>
      featureVerdict(profile, f, {
        origin: ctx.origin,
        role: ctx.role,
        tlsUse: known.tls ?? tlsUse,
        mandatory: known.mandatory === true,
      }),
    );
    const kept = isKept(profile, [key, known.off], features);
    const rule = !kept && verdicts.every((v) => v.rule !== null) ? verdicts[0].rule : null;
    out.push({ key, knowledge: known, off: known.off, features, commands, rule });
  }
  return out;
}
