import type { ApkbuildModel } from '../apkbuild';
import { parseSource } from '../apkbuild';
import { tlsUseOfRole, type PackageKnowledge, type Role, type TlsUse } from './build-knowledge';
import type { Profile } from './profile';

/** What the analyzer knows of the package in front of it. */
export interface PackageContext {
  /** pkgname, which is the origin of everything the aport builds; null when not known. */
  origin: string | null;
  knowledge: PackageKnowledge;
  /** From the build knowledge, or inferred; null when not known (a daemon of unknown kind). */
  role: Role | null;
  /** How the role was found, for messages: `build knowledge`, `inferred: ...`. */
  roleSource: string;
  /** How the package uses TLS: the build knowledge's word, else its role's; null when unknown. */
  tlsUse: TlsUse | null;
  /** Names the aport builds: pkgname and its subpackages. */
  builds: Set<string>;
}

function shipsInitScript(model: ApkbuildModel): boolean {
  const source = model.list('source');
  if (Array.isArray(source) && source.some((s) => /\.initd$/.test(parseSource(s).filename)))
    return true;
  const subpackages = model.list('subpackages');
  return Array.isArray(subpackages) && subpackages.some((s) => /-openrc(:|$)/.test(s));
}

/**
 * The role when the build knowledge does not give one: a package that ships no init script is
 * a library (its name or a -dev subpackage says so) or a tool; one that does is a daemon whose
 * use of TLS and authentication is not known, so the providers of a deployment replace nothing
 * in it.
 */
function inferRole(
  model: ApkbuildModel,
  origin: string | null,
  builds: Set<string>,
): { role: Role | null; source: string } {
  if (shipsInitScript(model))
    return {
      role: null,
      source:
        'not known: it ships an init script, but what it serves is not in the build knowledge',
    };
  const library =
    origin !== null &&
    (/^(lib|py3-|perl-|lua-|ruby-|php\d*-pecl-)/.test(origin) || builds.has(`${origin}-dev`));
  return library
    ? {
        role: 'library',
        source: 'inferred: a library (no init script, a -dev subpackage or a library name)',
      }
    : {
        role: 'tool',
        source: 'inferred: a command-line tool (no init script, no -dev subpackage)',
      };
}

export function packageContext(model: ApkbuildModel, profile: Profile): PackageContext {
  const pkgname = model.value('pkgname');
  const origin = pkgname?.known ? pkgname.value : null;
  const knowledge = profile.knowledge.of(origin);
  const builds = new Set<string>(origin ? [origin] : []);
  const subpackages = model.list('subpackages');
  if (Array.isArray(subpackages)) for (const s of subpackages) builds.add(s.split(':')[0]);
  const { role, source } = knowledge.role
    ? { role: knowledge.role, source: 'build knowledge' }
    : inferRole(model, origin, builds);
  const tlsUse = knowledge.tls ?? (role ? tlsUseOfRole(role) : null);
  return { origin, knowledge, role, roleSource: source, tlsUse, builds };
}
