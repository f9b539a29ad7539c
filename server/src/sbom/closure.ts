import { parseDependency, type ApkPackage, type Dependency } from './apkindex';
import { autoSelectable, bestProvider, satisfies } from './closure-providers';

/**
 * The install closure of `apk add`, computed from an index: every dependency (a package name,
 * `so:`, `cmd:`, `pc:` or another provided name) is satisfied by a package already chosen or
 * by the best candidate of the index. Nothing is guessed: what no package provides is listed.
 */

export interface PackageIndex {
  packages: ApkPackage[];
  byName: Map<string, ApkPackage[]>;
  /** Provided name -> packages whose `p:` line provides it. */
  providers: Map<string, ApkPackage[]>;
}

export function indexPackages(packages: ApkPackage[]): PackageIndex {
  const byName = new Map<string, ApkPackage[]>();
  const providers = new Map<string, ApkPackage[]>();
  const add = (map: Map<string, ApkPackage[]>, key: string, pkg: ApkPackage): void => {
    const list = map.get(key);
    if (list) list.push(pkg);
    else map.set(key, [pkg]);
  };
  for (const pkg of packages) {
    add(byName, pkg.name, pkg);
    for (const provide of pkg.provides) add(providers, provide.name, pkg);
  }
  return { packages, byName, providers };
}

export interface ClosurePackage {
  name: string;
  version: string;
  origin: string;
  installedSize: number;
  /** The dependency that pulled it in: the token and the package that has it (none: a target). */
  why: { token: string; neededBy?: string };
}

/** One dependency of a chosen package and the package that satisfies it. */
export interface Resolution {
  consumer: string;
  token: string;
  name: string;
  provider: string;
  providerOrigin: string;
}

export interface Unresolved {
  token: string;
  /** The package whose dependency it is; none for a target. */
  neededBy?: string;
  reason: string;
}

export interface Conflict {
  token: string;
  /** The package that declares `!name`. */
  declaredBy: string;
  /** The chosen package that matches it. */
  installed: string;
}

export interface Closure {
  /** The packages the targets add (on top of `base`, when given), in the order chosen. */
  packages: ClosurePackage[];
  /** The closure of `base`: installed already. */
  base: ClosurePackage[];
  unresolved: Unresolved[];
  conflicts: Conflict[];
  /** Every resolved dependency, of base and added packages alike. */
  resolutions: Resolution[];
  /**
   * The packages apk adds by install_if (`i:`) once the targets are in: each with the condition
   * that holds (`openrc lighttpd=1.4.73-r0`). They and what they pull in are in `installIfPackages`.
   */
  installIf: { name: string; condition: string }[];
  /** What install_if adds on top of `packages` (the triggered packages and their depends). */
  installIfPackages: ClosurePackage[];
  /** Sum of the installed sizes (`I:`) of `packages`. */
  installedSize: number;
  baseInstalledSize: number;
}

export interface ClosureOptions {
  /** A starting set (e.g. `alpine-base`) whose closure counts as installed already. */
  base?: string[];
}

/** Where each package stands in its index: apk meets equal providers in the index's order. */
const positions = new WeakMap<PackageIndex, Map<ApkPackage, number>>();

function inIndexOrder(index: PackageIndex, packages: ApkPackage[]): ApkPackage[] {
  let position = positions.get(index);
  if (!position) {
    position = new Map(index.packages.map((pkg, i) => [pkg, i]));
    positions.set(index, position);
  }
  const at = position;
  return [...new Set(packages)].sort((a, b) => (at.get(a) ?? 0) - (at.get(b) ?? 0));
}

class Resolver {
  readonly chosen = new Map<string, ApkPackage>();
  readonly order: ClosurePackage[] = [];
  readonly unresolved: Unresolved[] = [];
  readonly resolutions: Resolution[] = [];
  readonly conflictDeps: { dep: Dependency; by: string }[] = [];

  constructor(private readonly index: PackageIndex) {}

  chosenSatisfying(dep: Dependency): ApkPackage | undefined {
    const named = this.chosen.get(dep.name);
    if (named && satisfies(named, dep)) return named;
    for (const pkg of this.index.providers.get(dep.name) ?? [])
      if (this.chosen.get(pkg.name) === pkg && satisfies(pkg, dep)) return pkg;
    return undefined;
  }

  /**
   * As apk-tools' solver (src/solver.c, apk_solver_solve) does, names with one candidate are
   * settled first and a name with a choice of providers only when none is left: by then a
   * package required by name may provide it already (v3.14 acf-core needs lua5.2, which
   * provides `lua`: apk never weighs lua5.1's provider_priority for acf-db-lib's `lua`).
   */
  install(targets: string[]): void {
    type Item = { dep: Dependency; by?: string };
    const queue: Item[] = [];
    const choices: Item[] = [];
    // Wanted only by virtual provides: decided once everything else is in (see autoSelectable).
    const virtualOnly: Item[] = [];
    for (const target of targets) {
      const dep = parseDependency(target);
      if (dep) queue.push({ dep });
      else this.unresolved.push({ token: target, reason: 'not a valid dependency' });
    }
    for (;;) {
      const fromQueue = queue.length > 0;
      const item = queue.shift() ?? choices.shift();
      if (!item) break;
      const { dep, by } = item;
      if (dep.conflict) {
        if (by !== undefined) this.conflictDeps.push({ dep, by });
        continue;
      }
      const pkg = this.chosenSatisfying(dep) ?? this.choose(dep, by, fromQueue);
      if (pkg === 'virtual') virtualOnly.push(item);
      if (pkg === 'choice') choices.push(item);
      if (pkg === undefined || pkg === 'virtual' || pkg === 'choice') continue;
      this.resolved(dep, by, pkg);
      if (this.chosen.has(pkg.name)) continue;
      this.chosen.set(pkg.name, pkg);
      this.order.push({
        name: pkg.name,
        version: pkg.version,
        origin: pkg.origin,
        installedSize: pkg.installedSize,
        why: by === undefined ? { token: dep.token } : { token: dep.token, neededBy: by },
      });
      for (const next of pkg.depends) queue.push({ dep: next, by: pkg.name });
    }
    for (const { dep, by } of virtualOnly) {
      const pkg = this.chosenSatisfying(dep);
      if (pkg) this.resolved(dep, by, pkg);
      else this.unresolvedBy(dep, by, this.virtualReason(dep));
    }
  }

  private resolved(dep: Dependency, by: string | undefined, pkg: ApkPackage): void {
    if (by !== undefined)
      this.resolutions.push({
        consumer: by,
        token: dep.token,
        name: dep.name,
        provider: pkg.name,
        providerOrigin: pkg.origin,
      });
  }

  private unresolvedBy(dep: Dependency, by: string | undefined, reason: string): void {
    this.unresolved.push(
      by === undefined ? { token: dep.token, reason } : { token: dep.token, neededBy: by, reason },
    );
  }

  private candidates(name: string): ApkPackage[] {
    return inIndexOrder(this.index, [
      ...(this.index.byName.get(name) ?? []),
      ...(this.index.providers.get(name) ?? []),
    ]);
  }

  private virtualReason(dep: Dependency): string {
    const names = [...new Set(this.candidates(dep.name).map((p) => p.name))].join(', ');
    return (
      `${dep.name} is provided only as a virtual name without provider_priority (by ${names}): ` +
      'apk installs none of them for it, one must be asked for by name'
    );
  }

  /**
   * The best candidate; 'virtual' when only providers apk never picks by themselves fit;
   * 'choice' when several fit and `mayDefer`: the choice waits for the names without one.
   */
  private choose(
    dep: Dependency,
    by: string | undefined,
    mayDefer: boolean,
  ): ApkPackage | 'virtual' | 'choice' | undefined {
    const all = this.candidates(dep.name);
    const fitting = all.filter((pkg) => satisfies(pkg, dep));
    // One version of a name at a time: a name already chosen cannot be chosen again.
    const free = fitting.filter((pkg) => !this.chosen.has(pkg.name));
    if (mayDefer && free.length > 1) return 'choice';
    const best = bestProvider(
      free.filter((pkg) => autoSelectable(pkg, dep.name)),
      dep.name,
    );
    if (best) return best;
    if (free.length > 0) return 'virtual';
    const reason =
      all.length === 0
        ? `no package in the index is or provides ${dep.name}`
        : fitting.length === 0
          ? `no version of ${dep.name} in the index satisfies ${dep.op ?? ''}${dep.version ?? ''}`
          : `${fitting.map((p) => p.name).join(', ')} would satisfy it, but another version is installed`;
    this.unresolvedBy(dep, by, reason);
    return undefined;
  }

  conflicts(): Conflict[] {
    const found: Conflict[] = [];
    for (const { dep, by } of this.conflictDeps) {
      const match = this.chosenSatisfying({ ...dep, conflict: false });
      if (match && match.name !== by)
        found.push({ token: dep.token, declaredBy: by, installed: match.name });
    }
    return found;
  }

  /**
   * As apk-tools does: a package whose install_if conditions all hold for the chosen packages
   * is installed, with its depends; that may satisfy further conditions, so until none is left.
   * Of several versions of one name, the best (as for a dependency) is taken.
   */
  installTriggered(): { name: string; condition: string }[] {
    const triggered: { name: string; condition: string }[] = [];
    for (;;) {
      const ready = this.index.packages.filter(
        (pkg) =>
          pkg.installIf.length > 0 &&
          !this.chosen.has(pkg.name) &&
          pkg.installIf.every((dep) => this.chosenSatisfying(dep) !== undefined),
      );
      const names = [...new Set(ready.map((pkg) => pkg.name))].sort();
      if (names.length === 0) return triggered;
      for (const name of names) {
        const best = bestProvider(
          ready.filter((p) => p.name === name),
          name,
        );
        if (!best) continue;
        triggered.push({ name, condition: best.installIf.map((d) => d.token).join(' ') });
        this.install([`${name}=${best.version}`]);
      }
    }
  }
}

const sum = (packages: ClosurePackage[]): number =>
  packages.reduce((total, p) => total + p.installedSize, 0);

/**
 * Resolves `targets` (names or dependency tokens like `lighttpd>=1.4`) as `apk add` would, on
 * top of the closure of `options.base`. Conflicts (`!name`) are reported, not resolved.
 * `apk add NAME` counts `packages` and `installIfPackages` together.
 */
export function installClosure(
  index: PackageIndex,
  targets: string[],
  options: ClosureOptions = {},
): Closure {
  const resolver = new Resolver(index);
  resolver.install(options.base ?? []);
  // `apk add alpine-base` installs ssl_client (i:busybox libssl3): the base is what apk makes.
  if ((options.base ?? []).length > 0) resolver.installTriggered();
  const baseCount = resolver.order.length;
  resolver.install(targets);
  const targetsCount = resolver.order.length;
  const installIf = resolver.installTriggered();
  const base = resolver.order.slice(0, baseCount);
  const packages = resolver.order.slice(baseCount, targetsCount);
  return {
    packages,
    base,
    unresolved: resolver.unresolved,
    conflicts: resolver.conflicts(),
    resolutions: resolver.resolutions,
    installIf,
    installIfPackages: resolver.order.slice(targetsCount),
    installedSize: sum(packages),
    baseInstalledSize: sum(base),
  };
}
