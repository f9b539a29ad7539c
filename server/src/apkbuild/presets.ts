import { Unknown } from './environment';

/** Alpine's architectures and the target triplets abuild derives from them. */
export const ARCH_TRIPLETS: Record<string, string> = {
  x86_64: 'x86_64-alpine-linux-musl',
  x86: 'i586-alpine-linux-musl',
  aarch64: 'aarch64-alpine-linux-musl',
  armhf: 'armv6-alpine-linux-musleabihf',
  armv7: 'armv7-alpine-linux-musleabihf',
  ppc64le: 'powerpc64le-alpine-linux-musl',
  s390x: 's390x-alpine-linux-musl',
  riscv64: 'riscv64-alpine-linux-musl',
  loongarch64: 'loongarch64-alpine-linux-musl',
};

export interface SourcingContext {
  /** Architecture that `case "$CARCH"` branches are evaluated for. */
  carch: string;
  /** Folder of the APKBUILD as abuild sees it (`startdir`). */
  startdir: string;
  /** The aports repository the file belongs to (main, community, testing). */
  repo: string;
  /** Variables of the environment abuild runs in, set before the file (see ApkbuildOptions). */
  environment?: Readonly<Record<string, string>>;
}

/** The presets that depend on the architecture only (most of them), per CARCH. */
const byArchitecture = new Map<string, ReadonlyMap<string, string>>();

/**
 * abuildPresets in two layers for an Environment: the architecture's presets, shared by every
 * file and never changed, and a new map of those of the file's folder and the environment.
 * Sourcing makes one per file: copying the shared part each time was a measurable cost.
 */
export function presetLayers(context: SourcingContext): {
  shared: ReadonlyMap<string, string>;
  own: Map<string, string>;
} {
  let shared = byArchitecture.get(context.carch);
  if (shared === undefined) {
    shared = new Map(Object.entries(architecturePresets(context.carch)));
    byArchitecture.set(context.carch, shared);
  }
  const own = new Map<string, string>();
  const location = locationPresets(context.startdir, context.repo);
  for (const name in location) own.set(name, location[name]);
  const environment = context.environment;
  if (environment !== undefined) for (const name in environment) own.set(name, environment[name]);
  return { shared, own };
}

/** The presets that come from the aport's folder. */
function locationPresets(startdir: string, repo: string): Record<string, string> {
  return {
    // abuild sources the file from its folder, so the shell's working directory is startdir.
    PWD: startdir,
    startdir,
    srcdir: `${startdir}/src`,
    pkgbasedir: `${startdir}/pkg`,
    repo,
  };
}

/** Variables abuild has set when it sources an APKBUILD (abuild 3.14, native build). */
export function abuildPresets(context: SourcingContext): Record<string, string> {
  return {
    ...architecturePresets(context.carch),
    ...locationPresets(context.startdir, context.repo),
  };
}

/** The presets that depend on the architecture only. */
function architecturePresets(carch: string): Record<string, string> {
  const triplet = ARCH_TRIPLETS[carch] ?? `${carch}-alpine-linux-musl`;
  return {
    CARCH: carch,
    CBUILD_ARCH: carch,
    CTARGET_ARCH: carch,
    CLIBC: 'musl',
    CHOST: triplet,
    CTARGET: triplet,
    CBUILD: triplet,
    CC: 'gcc',
    CXX: 'g++',
    JOBS: '2',
    MAKEFLAGS: '-j2',
    CFLAGS: '-Os -fstack-clash-protection -Wformat -Werror=format-security -fno-plt',
    LDFLAGS: '-Wl,--as-needed,-O1,--sort-common -Wl,-z,pack-relative-relocs',
    SRCDEST: '/var/cache/distfiles',
    REPODEST: '/home/buildozer/packages/',
    SOURCE_DATE_EPOCH: '',
    CPPFLAGS: '',
    IFS: ' \t\n',
  };
}

/** Variables every APKBUILD must set: abuild refuses a package without them. */
export const REQUIRED_VARIABLES = [
  'pkgname',
  'pkgver',
  'pkgrel',
  'pkgdesc',
  'url',
  'license',
  'arch',
] as const;

/** The variables an APKBUILD defines for abuild; unset until the file sets them. */
export const APKBUILD_VARIABLES = new Set([
  'maintainer',
  'pkgname',
  'pkgver',
  'pkgrel',
  'pkgdesc',
  'url',
  'arch',
  'license',
  'depends',
  'depends_dev',
  'makedepends',
  'makedepends_build',
  'makedepends_host',
  'checkdepends',
  'install',
  'triggers',
  'subpackages',
  'source',
  'options',
  'provides',
  'provider_priority',
  'replaces',
  'replaces_priority',
  'install_if',
  'pkgusers',
  'pkggroups',
  'builddir',
  'sonameprefix',
  'somask',
  'ldpath',
  'langdir',
  'sha512sums',
  'sha256sums',
  'md5sums',
  'pcprefix',
  'giturl',
  'disturl',
  'patch_args',
  'subpkgname',
  'subpkgarch',
]);

const PER_SUBPACKAGE = /^(depends|install_if|provides|replaces|pkgdesc|arch|license)_\w+$/;

/** A variable abuild reads from an APKBUILD, per-subpackage ones (`depends_doc`) included. */
export function isApkbuildVariable(name: string): boolean {
  return APKBUILD_VARIABLES.has(name) || PER_SUBPACKAGE.test(name);
}

/**
 * What an unset name reads as before the file sets it: APKBUILD variables and custom `_names`
 * are unset; anything else would come from the environment abuild runs in, so it is unknown.
 */
export function unsetNameFallback(name: string): Unknown | undefined {
  if (name.startsWith('_') || APKBUILD_VARIABLES.has(name) || PER_SUBPACKAGE.test(name))
    return undefined;
  let unknown = fromEnvironment.get(name);
  if (!unknown) {
    if (fromEnvironment.size > 1024) fromEnvironment.clear();
    unknown = new Unknown(`$${name} comes from the environment abuild runs in`);
    fromEnvironment.set(name, unknown);
  }
  return unknown;
}

/** One Unknown per environment name: reads of them are frequent, and the reason never changes. */
const fromEnvironment = new Map<string, Unknown>();
