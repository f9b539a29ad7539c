import type { ApkbuildModel } from '../apkbuild';
import type { OptionKnowledge, TlsUse } from './build-knowledge';
import { sonameMatches, type Feature } from './catalogue';
import type { PackageContext } from './package-context';
import type { Profile } from './profile';
import { featureVerdict, isKept, type ProfileRule } from './profile-rules';
import { judgeSwitch, type OffFix, type SwitchJudgement } from './switch-state';
import { configureKind } from './switches/configure-kind';
import { findSwitches, type Switch } from './switches/find-switches';
import type { ShellScopes } from './switches/shell-scopes';

export interface OptionAnalysis {
  switch: Switch;
  judgement: SwitchJudgement;
  /** What upstream's build knowledge says of it, if anything. */
  knowledge: OptionKnowledge | null;
  features: Feature[];
  kept: boolean;
  /** Set when the profile makes this switch removable. */
  rule: ProfileRule | null;
  /** Why the profile's rules do not reach it although they name one of its features. */
  stays: string | null;
}

/** Switches that only say where things go (`--prefix=`, `DESTDIR=`), never a feature. */
const PLACES =
  /^(--)?(prefix|exec-prefix|bindir|sbindir|libdir|libexecdir|sysconfdir|localstatedir|datadir|datarootdir|includedir|mandir|infodir|docdir|sharedstatedir|runstatedir|build|host|target|DESTDIR|PREFIX|CC|CXX|AR|RANLIB|STRIP|LD|CFLAGS|CXXFLAGS|LDFLAGS|CPPFLAGS|OPT|V|VERBOSE)$/i;

/** How a switch uses TLS: its own knowledge, then the package's, then its role's. */
function tlsUseOf(ctx: PackageContext, known: OptionKnowledge | null): TlsUse | null {
  return known?.tls ?? ctx.tlsUse;
}

/** Option names that say where or which copy, not whether: `--with-udev-rules-dir=`, `MAN_DIR=`. */
const PLACE_SUFFIX =
  /(dir|path|home|prefix|executable|exe|bin|binary|program|file|root|location|command|cmd|user|group)$/;
const WHICH_COPY = /(^|_)(system|bundled|internal|external|embedded|vendored|builtin)(_|$)/i;

function featuresOf(
  profile: Profile,
  ctx: PackageContext,
  s: Switch,
  known: OptionKnowledge | null,
): Feature[] {
  if (known?.features)
    return known.features.flatMap((name) => profile.catalogue.features.get(name) ?? []);
  if (s.option.form === 'link') {
    const soname = `lib${s.option.name}.so`;
    // `-lssl` links libssl.so, which the catalogue writes as libssl.so.* or libssl.so.
    return [...profile.catalogue.features.values()].filter((f) =>
      f.sonames.some((p) => sonameMatches(p, soname) || sonameMatches(p, `${soname}.0`)),
    );
  }
  if (PLACES.test(s.option.name)) return [];
  // Options that take a path or a name describe where a feature lives, not whether it is on.
  if (
    s.option.value !== null &&
    PLACE_SUFFIX.test(s.option.name.toLowerCase().replace(/[^a-z]/g, ''))
  )
    return [];
  if (WHICH_COPY.test(s.option.name) || /version/i.test(s.option.name)) return [];
  // `--with-dbus-sys=/usr/share/dbus-1/system.d` is where; `--with-sqlite3=/usr/lib` is on.
  if (s.option.value?.includes('/') && profile.catalogue.tokensOf(s.option.name).length > 1)
    return [];
  const scripted = s.system === 'waf' || s.system === 'configure-script';
  if (s.option.form === 'flag' && !scripted) return [];
  // The package's own name is not a feature of it (php83-pecl-redis' --enable-redis-lz4).
  return profile.catalogue.featuresOfOption(s.option.name, ownTokens(profile, ctx));
}

/**
 * A switch that is one of a choice upstream requires (curl's TLS backends): its off is the
 * choice's own off (`--without-ssl`), and leaving it out stops the build.
 */
function withChoices(j: SwitchJudgement, ctx: PackageContext, key: string): SwitchJudgement {
  const group = ctx.knowledge.choices?.find((c) => c.options.includes(key));
  if (!group) return j;
  const why = `upstream needs one of ${group.options.join(', ')}${group.off ? ` or ${group.off}` : ''}`;
  return {
    ...j,
    disable: group.off ? { edit: 'replace', text: group.off, verified: true, why: null } : null,
    remove: { edit: 'remove', text: '', verified: false, why },
  };
}

const owned = new WeakMap<PackageContext, Set<string>>();
function ownTokens(profile: Profile, ctx: PackageContext): Set<string> {
  let tokens = owned.get(ctx);
  if (!tokens) {
    const words = ctx.origin ? profile.catalogue.tokensOf(ctx.origin) : [];
    tokens = new Set(words.flatMap((w) => [w, w.replace(/\d+$/, '')]));
    owned.set(ctx, tokens);
  }
  return tokens;
}

/** A switch of a `./configure` takes the kind of script it reaches. */
function classify(model: ApkbuildModel, ctx: PackageContext, s: Switch): Switch {
  if (s.system !== 'configure') return s;
  const system = configureKind(model, s.commands[0], ctx.knowledge);
  return system === 'configure' ? s : { ...s, system };
}

/** Every switch of the file with its state, its features and the profile's verdict. */
export function analyzeOptions(
  model: ApkbuildModel,
  profile: Profile,
  ctx: PackageContext,
  scopes: ShellScopes,
): OptionAnalysis[] {
  const out: OptionAnalysis[] = [];
  for (const found of findSwitches(model, scopes)) {
    const s = classify(model, ctx, found);
    // `session_tracking=elogind` is known apart from `session_tracking=ConsoleKit`.
    const options = ctx.knowledge.options;
    const known =
      (s.option.value !== null ? options?.[`${s.option.key}=${s.option.value}`] : undefined) ??
      options?.[s.option.key] ??
      null;
    const judgement = withChoices(judgeSwitch(s, ctx.knowledge), ctx, s.option.key);
    const features = featuresOf(profile, ctx, s, known);
    if (features.length === 0 && !known) continue;
    const kept = isKept(profile, [s.option.name, s.option.key, s.text], features);
    const use = {
      origin: ctx.origin,
      role: ctx.role,
      tlsUse: tlsUseOf(ctx, known),
      mandatory: false,
    };
    let rule: ProfileRule | null = null;
    let stays: string | null = null;
    if (features.length > 0) {
      const verdicts = features.map((f) =>
        featureVerdict(profile, f, {
          ...use,
          mandatory: known?.mandatory === true || (ctx.knowledge.mandatory ?? []).includes(f.name),
        }),
      );
      stays = verdicts.find((v) => v.stays !== null)?.stays ?? null;
      const removable =
        judgement.state === 'on' &&
        !kept &&
        verdicts.every((v) => v.rule !== null) &&
        s.option.form !== 'link';
      rule = removable ? verdicts[0].rule : null;
    }
    out.push({ switch: s, judgement, knowledge: known, features, kept, rule, stays });
  }
  return out;
}

/** The off fix a variant uses: disable writes the explicit off where upstream has one. */
export function offFixOf(o: OptionAnalysis, variant: 'disable' | 'remove'): OffFix {
  if (variant === 'disable' && o.judgement.disable) return o.judgement.disable;
  return o.judgement.remove;
}

/** The fix a finding offers first: the explicit off when verified, else removal when verified. */
export function preferredOffFix(o: OptionAnalysis): OffFix {
  const disable = o.judgement.disable;
  if (disable?.verified) return disable;
  if (o.judgement.remove.verified) return o.judgement.remove;
  return disable ?? o.judgement.remove;
}
