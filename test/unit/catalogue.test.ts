import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_CATALOGUE_DATA,
  Catalogue,
  sonameMatches,
  type Feature,
} from '../../server/src/hardening/catalogue';
import { readApkIndex, type ApkPackage } from '../../server/src/sbom/apkindex';
import { indexPackages } from '../../server/src/sbom/closure';
import { corpusFile, readOracle, sharedRoot } from '../helpers/paths';

/**
 * The built-in catalogue held to reality: its package names are packages Alpine really has,
 * its sonames libraries those packages really provide, and its tokens the words real option
 * names use.
 */

const catalogue = new Catalogue(BUILTIN_CATALOGUE_DATA);
const features = [...catalogue.features.values()];

function readIndex(folder: string): ApkPackage[] {
  const bytes = readFileSync(join(sharedRoot, 'apkindex', folder, 'APKINDEX.tar.gz'));
  const read = readApkIndex(bytes, folder);
  expect(read.problems).toEqual([]);
  return read.packages;
}

const v319 = indexPackages(readIndex('v3.19.0-main-x86_64'));
/** Older main indexes, for sonames of library versions Alpine has since replaced. */
const older = [...readIndex('v3.14.0-main-x86_64'), ...readIndex('v3.12.12-main-x86')];

const oracle = readOracle();
const words = (value: unknown): string[] =>
  typeof value === 'string' ? value.split(/\s+/).filter((w) => w !== '') : [];
/** Every name in some corpus APKBUILD's makedepends, version constraint stripped. */
const corpusMakedepends = new Set(
  oracle.flatMap((r) =>
    ['makedepends', 'makedepends_build', 'makedepends_host']
      .flatMap((field) => words(r[field]))
      .map((w) => w.replace(/[<>=~].*$/, '')),
  ),
);
/** Every package some corpus APKBUILD builds: its pkgname and its subpackages. */
const corpusBuilt = new Set(
  oracle.flatMap((r) => [...words(r.pkgname), ...words(r.subpackages).map((s) => s.split(':')[0])]),
);
const corpusPkgnames = new Set(oracle.flatMap((r) => words(r.pkgname)));

const v319Names = [
  ...v319.byName.keys(),
  ...[...v319.providers.keys()].filter((p) => !/^(so|cmd|pc):/.test(p)),
];
const v319Origins = new Set(v319.packages.map((p) => p.origin));

const sonamesOf = (packages: ApkPackage[]): string[] =>
  packages.flatMap((p) =>
    p.provides.filter((v) => v.name.startsWith('so:')).map((v) => v.name.slice(3)),
  );

const globMatches = (pattern: string, name: string): boolean => sonameMatches(pattern, name);

/** Names of the existing catalogue that Alpine does not have, and why they stay. */
const MAKEDEPENDS_NOT_IN_ALPINE: Record<string, string> = {
  'systemd-dev': 'Alpine has no systemd; kept for trees (postmarketOS) that package it',
  'openpam-dev': 'OpenPAM is not packaged in Alpine; kept for trees that package it',
};
/** Origins that are no origin of a real package: systemd and OpenPAM (above), and names the
 * evidence matches makedepends against (libpq-dev -> libpq) where Alpine's origin is versioned. */
const ORIGINS_NOT_IN_ALPINE = new Set(['systemd', 'openpam', 'postgresql', 'libpq']);

/**
 * Soname patterns of features with an origin in v3.19 main whose library comes from another
 * origin of the feature (outside main) or from an older release.
 */
const SONAMES_ELSEWHERE: Record<string, { origin?: string; older?: true; absent?: string }> = {
  'libldap_r-*.so.*': { older: true }, // OpenLDAP < 2.5
  'libmysqlclient.so.*': { absent: "MySQL's own client library; Alpine ships MariaDB's" },
  'libgtk-x11-2.0.so.*': { origin: 'gtk+2.0' },
  'libgtk-4.so.*': { origin: 'gtk4.0' },
  'libglut.so.*': { origin: 'freeglut' },
  'libspice-client-glib-2.0.so.*': { origin: 'spice-gtk' },
  'libspice-client-gtk-3.0.so.*': { origin: 'spice-gtk' },
  'libnfs.so.*': { origin: 'libnfs' },
  'libbcc.so.*': { origin: 'bcc' },
  'libradcli.so.*': { origin: 'radcli' },
};

/** Words that name two features on purpose: `--enable-gui` switches on whichever toolkit is there. */
const INTENDED_SHARED_TOKENS: Record<string, string[]> = {
  gui: ['gtk', 'qt'],
};

describe('the catalogue against Alpine v3.19 and the corpus', () => {
  it('reads the real v3.19 main index and the corpus', () => {
    expect(v319.packages.length).toBeGreaterThan(5000);
    expect(corpusMakedepends.size).toBeGreaterThan(3000);
  });

  it("every feature's makedepends pattern names a real package", () => {
    const missing: string[] = [];
    for (const f of features) {
      for (const pattern of f.makedepends) {
        const real =
          v319Names.some((n) => globMatches(pattern, n)) ||
          [...corpusMakedepends].some((n) => globMatches(pattern, n)) ||
          [...corpusBuilt].some((n) => globMatches(pattern, n));
        if (!real) missing.push(`${f.name}: ${pattern}`);
      }
    }
    expect(missing.sort()).toEqual(
      Object.keys(MAKEDEPENDS_NOT_IN_ALPINE)
        .map((p) => `${features.find((f) => f.makedepends.includes(p))!.name}: ${p}`)
        .sort(),
    );
  });

  it("every feature's origin is a v3.19 main origin or a corpus APKBUILD", () => {
    const unknown = features.flatMap((f) =>
      f.origins
        .filter((o) => !v319Origins.has(o) && !corpusPkgnames.has(o))
        .map((o) => `${f.name}: ${o}`),
    );
    expect(unknown.filter((u) => !ORIGINS_NOT_IN_ALPINE.has(u.split(': ')[1]))).toEqual([]);
    expect(new Set(unknown.map((u) => u.split(': ')[1]))).toEqual(ORIGINS_NOT_IN_ALPINE);
  });

  it('every soname pattern of a feature with an origin in v3.19 main is provided there', () => {
    const problems: string[] = [];
    const usedExceptions = new Set<string>();
    for (const f of features) {
      const inMain = f.origins.filter((o) => v319Origins.has(o));
      if (inMain.length === 0) continue;
      const provided = sonamesOf(v319.packages.filter((p) => f.origins.includes(p.origin)));
      for (const pattern of f.sonames) {
        if (provided.some((s) => globMatches(pattern, s))) continue;
        const elsewhere = SONAMES_ELSEWHERE[pattern];
        usedExceptions.add(pattern);
        if (!elsewhere)
          problems.push(`${f.name}: ${pattern} is provided by none of ${inMain.join(', ')}`);
        else if (elsewhere.origin !== undefined) {
          if (
            !f.origins.includes(elsewhere.origin) ||
            v319Origins.has(elsewhere.origin) ||
            !corpusPkgnames.has(elsewhere.origin)
          )
            problems.push(
              `${f.name}: ${pattern} is said to come from ${elsewhere.origin}, outside main`,
            );
        } else if (elsewhere.older) {
          if (!sonamesOf(older).some((s) => globMatches(pattern, s)))
            problems.push(`${f.name}: ${pattern} is said to be in an older release, and is not`);
        } else if (
          [...sonamesOf(v319.packages), ...sonamesOf(older)].some((s) => globMatches(pattern, s))
        )
          problems.push(`${f.name}: ${pattern} is said to be absent from Alpine, and is there`);
      }
    }
    expect(problems).toEqual([]);
    expect([...usedExceptions].sort()).toEqual(Object.keys(SONAMES_ELSEWHERE).sort());
  });
});

describe('the catalogue tokens', () => {
  it('are words tokensOf can produce: lower case, letters and digits, not noise, two characters or more', () => {
    const noise = new Set(BUILTIN_CATALOGUE_DATA.noiseTokens);
    const bad = features.flatMap((f) =>
      f.tokens
        .filter((t) => !/^[a-z0-9]{2,}$/.test(t) || noise.has(t))
        .map((t) => `${f.name}: ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('name one feature each, except the intended ones', () => {
    const byToken = new Map<string, string[]>();
    for (const f of features)
      for (const t of f.tokens) byToken.set(t, [...(byToken.get(t) ?? []), f.name]);
    const shared = Object.fromEntries([...byToken].filter(([, names]) => names.length > 1));
    expect(shared).toEqual(INTENDED_SHARED_TOKENS);
  });

  it('every capability a feature names or a capability includes exists', () => {
    for (const f of features)
      expect(BUILTIN_CATALOGUE_DATA.capabilities).toHaveProperty([f.capability]);
    for (const c of catalogue.capabilities.values())
      for (const included of c.includes)
        expect(BUILTIN_CATALOGUE_DATA.capabilities).toHaveProperty([included]);
  });
});

/** The option's name as the build reads it: `-Dx11=enabled` -> x11, `--with-libssh2=yes` -> libssh2. */
function optionName(text: string): string {
  return text.replace(/^(-D|--(with|without|enable|disable)-)/, '').replace(/[:=].*$/, '');
}

const names = (list: Feature[]): string[] => list.map((f) => f.name).sort();

describe('option names of real corpus APKBUILDs', () => {
  // [file, the option as written there, the features it switches]
  const cases: [string, string, string[]][] = [
    ['community/folks', '-Ddocs=true', ['docs']],
    ['main/bubblewrap', '-Dman=enabled', ['docs']],
    ['main/glib', '-Dman-pages=enabled', ['docs']],
    ['main/eudev', '--enable-manpages', ['docs']],
    ['main/cairo', '-Dgtk_doc=true', ['docs']],
    ['community/exo', '--enable-gtk-doc', ['docs']],
    ['community/akonadi-mime', '-DBUILD_QCH=ON', ['docs']],
    ['main/libice', '--with-xmlto', ['docs']],
    ['main/jq', '--disable-docs', ['docs']],
    ['main/alsa-utils', '--disable-nls', ['nls']],
    ['main/lynx', '--enable-nls', ['nls']],
    ['community/icewm', '-DENABLE_NLS=ON', ['nls']],
    ['main/lzo', '-DBUILD_TESTING=ON', ['tests']],
    ['main/libdrm', '-Dtests=true', ['tests']],
    ['main/mtd-utils', '--enable-tests', ['tests']],
    ['community/libvncserver', '-DWITH_SYSTEMD=OFF', ['systemd']],
    ['community/swayidle', '-Dlogind=enabled', ['systemd']],
    ['community/elogind', '-Dpolkit=true', ['polkit']],
    ['main/libdrm', '-Dudev=true', ['udev']],
    ['community/phodav', '-Davahi=enabled', ['avahi']],
    ['community/retroarch', '--enable-bluetooth', ['bluez']],
    ['main/at-spi2-core', '-Dx11=enabled', ['x11']],
    ['community/emacs', '--with-xft', ['x11']],
    ['community/mesa-demos', '-Dwayland=enabled', ['wayland']],
    ['community/fontforge', '-DENABLE_GUI=ON', ['gtk', 'qt']],
    ['main/avahi-ui', '--enable-gtk3', ['gtk']],
    ['main/mesa', '-Degl=enabled', ['opengl']],
    ['community/libplacebo', '-Dvulkan=enabled', ['vulkan']],
    ['community/firefox-esr', '--enable-alsa', ['alsa']],
    ['community/mpv', '-Dpulse=enabled', ['pulseaudio']],
    ['community/mpd', '-Dpipewire=enabled', ['pipewire']],
    ['community/mpv', '-Djack=enabled', ['jack']],
    ['community/vlc', '--enable-v4l2', ['v4l']],
    ['community/libvncserver', '-DWITH_FFMPEG=ON', ['ffmpeg']],
    ['community/libnice', '-Dgstreamer=enabled', ['gstreamer']],
    ['community/virt-viewer', '-Dspice=enabled', ['spice']],
    ['community/guacamole-server', '--with-vnc', ['vnc']],
    ['main/curl', '--with-nghttp2', ['nghttp2']],
    ['main/nghttp2', '--disable-http3', ['nghttp3']],
    ['community/wget2', '--without-libpsl', ['psl']],
    ['community/php82-pecl-swoole', '--enable-cares', ['c-ares']],
    ['main/nmap', '--with-libssh2=yes', ['libssh2']],
    ['community/bird', '--enable-libssh', ['libssh']],
    ['community/ffmpeg', '--enable-libzmq', ['zeromq']],
    ['main/pmacct', '--enable-redis', ['hiredis']],
    ['community/php82-pecl-memcached', '--enable-memcached', ['memcached']],
    ['main/drbd-utils', '--without-xen', ['xen']],
    ['community/libtpms', '--with-tpm2', ['tpm']],
    ['main/cups', '--enable-libusb', ['libusb']],
    ['community/opensc', '--enable-pcsc', ['pcsc']],
    ['main/spice', '-Dsmartcard=disabled', ['pcsc']],
    ['community/mpd', '-Dnfs=enabled', ['nfs']],
    ['main/zfs-lts', '--with-tirpc', ['tirpc']],
    ['community/php82-pecl-swoole', '--enable-iouring', ['liburing']],
    ['community/suricata', '--enable-ebpf', ['libbpf']],
    ['community/afpfs-ng', '--enable-gcrypt', ['gcrypt']],
    ['community/libgsasl', '--with-libgcrypt', ['gcrypt']],
    ['main/freeradius-client', '--with-nettle', ['nettle']],
    ['main/dovecot', '--with-sodium', ['sodium']],
    ['main/zeromq', '-DWITH_LIBSODIUM=ON', ['sodium']],
    ['community/babeltrace', '--enable-python-bindings', ['python']],
    ['community/collectd', '--with-perl-bindings', ['perl']],
    ['community/hamlib', '--with-tcl-binding', ['tcl']],
    ['main/graphviz', '--enable-ruby', ['ruby']],
    ['main/dovecot', '--with-lua', ['lua']],
    ['community/gdal', '-DBUILD_JAVA_BINDINGS', ['java']],
    ['community/wolfssl', '--enable-jni', ['java']],
    // PHP's intl is ICU, not gettext.
    ['community/php82', '--enable-intl', ['icu']],
    // Words that are not features: a test runner's job count, Qt's major version, a path to ssh.
    ['community/openjdk11-loongarch', '--with-test-jobs', []],
    ['community/audiotube', '-DBUILD_WITH_QT6=ON', []],
    ['community/monitoring-plugins', '--with-ssh-command', []],
    // msquic's own switches stay with the TLS library they choose.
    ['community/libmsquic', '-DQUIC_TLS=openssl3', ['openssl']],
  ];

  it.each(cases)('%s: %s -> %j', (file, text, expected) => {
    expect(readFileSync(corpusFile(`${file}/APKBUILD`), 'utf8')).toContain(text);
    expect(names(catalogue.featuresOfOption(optionName(text)))).toEqual([...expected].sort());
  });

  it('makedepends of real corpus APKBUILDs map to the expected features', () => {
    const expected: Record<string, string[]> = {
      'gettext-dev': ['nls'],
      'py3-sphinx_rtd_theme': ['docs'],
      asciidoctor: ['docs'],
      scdoc: ['docs'],
      'cmocka-dev': ['tests'],
      'eudev-dev': ['udev'],
      'libxrandr-dev': ['x11'],
      'xcb-util-wm-dev': ['x11'],
      'wayland-protocols': ['wayland'],
      'qt6-qtbase-dev': ['qt'],
      'gtk4.0-dev': ['gtk'],
      'mesa-dev': ['opengl'],
      'vulkan-loader-dev': ['vulkan'],
      'pipewire-dev': ['pipewire'],
      'v4l-utils-dev': ['v4l'],
      'libvncserver-dev': ['vnc'],
      'ngtcp2-dev': ['ngtcp2'],
      'libssh-dev': ['libssh'],
      'openjdk21-jdk': ['java'],
      'tpm2-tss-dev': ['tpm'],
      'ceph-dev': ['ceph'],
      'liburing-dev': ['liburing'],
      'libsodium-dev': ['sodium'],
      'libxml2-dev': ['libxml2', 'webdav'],
    };
    for (const [name, want] of Object.entries(expected)) {
      expect(corpusMakedepends.has(name) || v319.byName.has(name)).toBe(true);
      expect(names(catalogue.featuresOfPackage(name)), name).toEqual(want);
    }
  });

  it('capabilities that stand for narrower ones cover them', () => {
    expect(catalogue.capabilityChain('pulseaudio')).toEqual(['pulseaudio', 'audio']);
    expect(catalogue.capabilityChain('vulkan')).toEqual(['vulkan', 'gpu']);
    expect(catalogue.features.get('sodium')!.capability).toBe('crypto');
    expect(catalogue.features.get('openssl')!.capability).toBe('tls');
  });
});
