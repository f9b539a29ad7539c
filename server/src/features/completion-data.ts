import { REQUIRED_VARIABLES as REQUIRED } from '../apkbuild';
/** What completion offers: APKBUILD variables, abuild's preset variables, options and arches. */

export interface Described {
  name: string;
  documentation: string;
}

export interface VariableName extends Described {
  /** The snippet body after `name=`; `"$1"` unless the value is a bare integer (AL28). */
  value?: string;
}

/** Every APKBUILD must set these; completion offers the missing ones first. */
export const REQUIRED_VARIABLES: ReadonlySet<string> = new Set(REQUIRED);

/** The variables abuild reads from an APKBUILD, in the order an APKBUILD usually sets them. */
export const APKBUILD_VARIABLE_NAMES: readonly VariableName[] = [
  { name: 'pkgname', documentation: 'Name of the package: lowercase, as the directory in aports.' },
  { name: 'pkgver', documentation: 'Upstream version, in a form apk can compare (no -rN).' },
  {
    name: 'pkgrel',
    documentation: 'Release number of this packaging; reset to 0 on a new pkgver.',
    value: '${1:0}',
  },
  { name: 'pkgdesc', documentation: 'One-line description of what the package is.' },
  { name: 'url', documentation: 'Home page of the upstream project.' },
  { name: 'arch', documentation: 'Architectures to build for: all, noarch, a list, or !arch.' },
  { name: 'license', documentation: 'SPDX license expression of the packaged software.' },
  { name: 'depends', documentation: 'Run-time dependencies not found automatically.' },
  { name: 'depends_dev', documentation: 'Extra dependencies of the -dev subpackage.' },
  { name: 'makedepends', documentation: 'Packages needed to build: host and build together.' },
  {
    name: 'makedepends_build',
    documentation: 'Build dependencies that run on the build machine (cross builds).',
  },
  {
    name: 'makedepends_host',
    documentation: 'Build dependencies for the target machine: libraries, headers.',
  },
  { name: 'checkdepends', documentation: 'Packages needed only to run check().' },
  { name: 'install', documentation: 'Install scripts: $pkgname.pre-install, .post-upgrade, ...' },
  { name: 'triggers', documentation: 'Trigger scripts with the folders that fire them.' },
  { name: 'subpackages', documentation: 'Subpackages to split off: name[:function[:arch]].' },
  { name: 'source', documentation: 'Files to fetch and patches to apply; name::url renames.' },
  { name: 'options', documentation: 'abuild options: !check, net, !strip, suid, ...' },
  { name: 'provides', documentation: 'Virtual names or other packages this one provides.' },
  {
    name: 'provider_priority',
    documentation: 'Priority among packages providing the same name.',
    value: '$1',
  },
  { name: 'replaces', documentation: 'Packages whose files this one may overwrite.' },
  {
    name: 'replaces_priority',
    documentation: 'Priority when several packages replace the same files.',
    value: '$1',
  },
  { name: 'install_if', documentation: 'Install automatically once all these are installed.' },
  { name: 'pkgusers', documentation: 'System users the package needs at install time.' },
  { name: 'pkggroups', documentation: 'System groups the package needs at install time.' },
  { name: 'builddir', documentation: 'Where the build runs; $srcdir/$pkgname-$pkgver if unset.' },
  { name: 'sonameprefix', documentation: 'Prefix for the so: names this package provides.' },
  { name: 'somask', documentation: 'Shared objects not to add as so: provides.' },
  { name: 'ldpath', documentation: 'Extra folders searched for shared objects when tracing.' },
  { name: 'pcprefix', documentation: 'Prefix for the pc: names this package provides.' },
  { name: 'giturl', documentation: 'Git repository of the upstream project (snapshots).' },
  { name: 'sha512sums', documentation: 'Checksums of the sources; written by abuild checksum.' },
];

/** Variables abuild has set by the time the APKBUILD or one of its functions runs. */
export const PRESET_VARIABLES: readonly Described[] = [
  { name: 'CARCH', documentation: 'Architecture the package is built for.' },
  { name: 'CBUILD', documentation: 'Target triplet of the machine doing the build.' },
  { name: 'CHOST', documentation: 'Target triplet of the machine the package runs on.' },
  { name: 'CTARGET', documentation: 'Target triplet a compiler package generates code for.' },
  { name: 'CBUILD_ARCH', documentation: 'Architecture of the build machine.' },
  { name: 'CTARGET_ARCH', documentation: 'Architecture of CTARGET.' },
  { name: 'CLIBC', documentation: 'C library of the target: musl.' },
  { name: 'CC', documentation: 'C compiler.' },
  { name: 'CXX', documentation: 'C++ compiler.' },
  { name: 'CFLAGS', documentation: 'C compiler flags from abuild.conf.' },
  { name: 'CXXFLAGS', documentation: 'C++ compiler flags from abuild.conf.' },
  { name: 'CPPFLAGS', documentation: 'Preprocessor flags from abuild.conf.' },
  { name: 'LDFLAGS', documentation: 'Linker flags from abuild.conf.' },
  { name: 'JOBS', documentation: 'Number of parallel build jobs.' },
  { name: 'MAKEFLAGS', documentation: 'Flags make reads from the environment (-jN).' },
  { name: 'SOURCE_DATE_EPOCH', documentation: 'Timestamp for reproducible builds.' },
  { name: 'startdir', documentation: 'Folder holding the APKBUILD.' },
  { name: 'srcdir', documentation: 'Where sources are downloaded and unpacked: $startdir/src.' },
  { name: 'builddir', documentation: 'Where the build runs; abuild cds here before each step.' },
  { name: 'pkgbasedir', documentation: 'Parent of the package folders: $startdir/pkg.' },
  { name: 'pkgdir', documentation: 'Staging root of the main package, filled by package().' },
  { name: 'subpkgdir', documentation: 'Staging root of the subpackage a split function fills.' },
  { name: 'subpkgname', documentation: 'Name of the subpackage a split function makes.' },
  { name: 'subpkgarch', documentation: 'Architecture of the subpackage a split function makes.' },
  { name: 'repo', documentation: 'aports repository of the package: main, community, ...' },
  { name: 'SRCDEST', documentation: 'Cache folder of downloaded sources.' },
  { name: 'REPODEST', documentation: 'Folder that receives the built packages.' },
];

/** Values of `options="..."` that abuild understands. */
export const ABUILD_OPTIONS: readonly Described[] = [
  { name: '!check', documentation: 'Do not run check(); say why in a comment.' },
  { name: 'net', documentation: 'The build needs network access beyond fetching sources.' },
  { name: 'suid', documentation: 'Allow setuid or setgid files in the package.' },
  { name: 'setcap', documentation: 'Allow files carrying file capabilities.' },
  { name: '!strip', documentation: 'Do not strip binaries and libraries.' },
  { name: '!tracedeps', documentation: 'Do not add so:, pc: and cmd: dependencies automatically.' },
  { name: '!fhs', documentation: 'Do not reject files outside FHS paths such as /usr/local.' },
  { name: '!archcheck', documentation: 'Allow architecture-specific files in a noarch package.' },
  { name: '!dbg', documentation: 'Never split a -dbg subpackage, even when abuild.conf asks.' },
  { name: '!spdx', documentation: 'Do not warn when license is not an SPDX identifier.' },
  { name: 'chmod-clean', documentation: 'Make srcdir writable before removing it (Go caches).' },
  { name: 'checkroot', documentation: 'Run check() under fakeroot.' },
  { name: 'textrels', documentation: 'Allow text relocations in shared objects.' },
  { name: 'toolchain', documentation: 'Part of the toolchain: changes cross-build dependencies.' },
  { name: 'lib64', documentation: 'Allow files in /lib64 and /usr/lib64.' },
  { name: 'libtool', documentation: 'Keep libtool .la archives instead of deleting them.' },
  { name: 'keepdirs', documentation: 'Keep empty folders in the package.' },
  { name: 'bigdocs', documentation: 'Allow large documentation in the main package.' },
  { name: 'charset.alias', documentation: 'Keep /usr/lib/charset.alias, removed by default.' },
  {
    name: 'ldpath-recursive',
    documentation: 'Search ldpath folders recursively when tracing shared objects.',
  },
  {
    name: 'sover-namecheck',
    documentation: 'Check that so: provides carry the version in their file name.',
  },
];

/** `arch="..."` values besides the architectures themselves. */
export const ARCH_KEYWORDS: readonly Described[] = [
  { name: 'all', documentation: 'Build on every architecture; add !arch to leave some out.' },
  { name: 'noarch', documentation: 'Architecture-independent: built once, installable anywhere.' },
];
