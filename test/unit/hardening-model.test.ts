import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, type ApkbuildModel } from '../../server/src/apkbuild';
import { ORDINARY_BUILD } from '../../server/src/aports';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  findSwitches,
  fixAll,
  fixesForFinding,
  parseProfileYaml,
  resolveProfile,
  type HardeningAnalysis,
  type Profile,
  type SbomInput,
} from '../../server/src/hardening';
import { corpusFile } from '../helpers/paths';

/**
 * The hardening model's mechanisms, each on a real aport of ../shared/corpus where one shows
 * it: switches followed to where they are written, off spelled per build system, what a
 * package is, what a removal really removes, subpackages that go with their features.
 */
function load(aport: string): ApkbuildModel {
  const text = readFileSync(corpusFile(`${aport}/APKBUILD`), 'utf8');
  return analyzeApkbuild(text, {
    startdir: `/home/buildozer/aports/${aport}`,
    environment: ORDINARY_BUILD,
  });
}

function profileOf(yaml: string): Profile {
  const parsed = parseProfileYaml(yaml);
  expect(parsed.diagnostics).toEqual([]);
  return resolveProfile(parsed.spec, 'test.yaml');
}

const kubernetes = (): Profile => builtinProfile('kubernetes')!;
const minimal = (): Profile => builtinProfile('minimal')!;

function analyze(
  aport: string,
  profile: Profile,
  sbom?: SbomInput,
): { model: ApkbuildModel; analysis: HardeningAnalysis } {
  const model = load(aport);
  return { model, analysis: analyzeHardening(model, profile, sbom) };
}

const subjects = (analysis: HardeningAnalysis): string[] => analysis.findings.map((f) => f.subject);
const fixedText = (model: ApkbuildModel, analysis: HardeningAnalysis): string =>
  applyEdits(model.text, fixAll(model, analysis).edits);

describe('finding every switch', () => {
  it('follows "$@" of a wrapper function to its calls, and a variable to its assignment', () => {
    const model = load('main/openssh');
    const found = findSwitches(model).filter((s) => /kerberos5|security-key-builtin/.test(s.text));
    expect(found.map((s) => [s.text, s.site.kind, s.via.join(' > ')])).toEqual([
      ['--without-kerberos5', 'argument', '_do_configure "$@"'],
      ['--with-kerberos5', 'argument', '_do_configure "$@"'],
      ['--with-security-key-builtin', 'word', '_do_configure "$@" > $_with_security_key_builtin'],
      ['--without-kerberos5', 'argument', '_do_configure "$@"'],
    ]);
    // Each is reported where it is written: the call site, the assignment's word.
    for (const s of found) expect(model.text.slice(s.range.start, s.range.end)).toBe(s.text);
    expect(found.every((s) => s.commands[0].tool === './configure')).toBe(true);
  });

  it('reads make variables on the command line and -D words assembled in a local variable', () => {
    const haproxy = findSwitches(load('main/haproxy')).map((s) => s.text);
    expect(haproxy).toEqual(expect.arrayContaining(['USE_OPENSSL=1', 'USE_LUA=1', 'USE_PCRE2=1']));
    const postfix = findSwitches(load('main/postfix'));
    const tls = postfix.find((s) => s.text === '-DUSE_TLS')!;
    expect(tls.option).toMatchObject({ form: 'cflag-define', key: '-DUSE_TLS' });
    expect(tls.via).toEqual(['CCARGS="$ccargs"']);
    expect(tls.site.kind).toBe('word');
    expect(postfix.filter((s) => s.option.form === 'link').map((s) => s.text)).toEqual(
      expect.arrayContaining(['-lssl', '-lcrypto', '-lsasl2', '-lldap', '-llber']),
    );
  });

  it('takes a make variable set in the environment, and a value assigned at the top level', () => {
    const redis = findSwitches(load('community/redis')).map((s) => [s.text, s.via.join(' > ')]);
    expect(redis).toContainEqual(['-DUSE_MALLOC_USABLE_SIZE', 'export > CFLAGS']);
    expect(redis).toContainEqual(['BUILD_TLS=yes', '']);
    const mosquitto = findSwitches(load('main/mosquitto'));
    expect(mosquitto.find((s) => s.text === 'WITH_WEBSOCKETS=$_websockets')?.value).toBe(
      'WITH_WEBSOCKETS=yes',
    );
  });
});

describe('what the package is', () => {
  it('removes the inbound TLS of an HTTP server, not the client TLS of curl or the STARTTLS of postfix', () => {
    expect(subjects(analyze('main/lighttpd', kubernetes()).analysis)).toEqual(
      expect.arrayContaining(['-Dwith_openssl=true', 'openssl-dev', '-Dwith_ldap=enabled']),
    );
    const curl = analyze('main/curl', kubernetes()).analysis;
    expect(subjects(curl)).toEqual(['$pkgname-dbg']);
    const openssl = curl.options.find((o) => o.switch.text === '--with-openssl')!;
    expect(openssl.rule).toBeNull();
    expect(openssl.stays).toMatch(/sidecar terminates inbound TLS; curl uses TLS as a client/);
    expect(subjects(analyze('main/postfix', kubernetes()).analysis)).toEqual(['$pkgname-openrc']);
  });

  it('never takes the core of the provider: openldap keeps LDAP and SASL, cyrus-sasl its mechanisms', () => {
    const openldap = analyze(
      'main/openldap',
      profileOf('extends: kubernetes\nunused: [ldap, sasl]\n'),
    ).analysis;
    expect(openldap.findings.filter((f) => f.capability === 'ldap')).toEqual([]);
    const sasl = analyze('main/cyrus-sasl', kubernetes()).analysis;
    expect(sasl.findings.map((f) => f.target.kind)).toEqual(['subpackage']);
  });

  it('keeps a dependency upstream cannot do without, whatever the profile says', () => {
    const unbound = analyze('main/unbound', profileOf('extends: none\nunused: [tls]\n')).analysis;
    expect(unbound.findings.filter((f) => f.feature === 'openssl')).toEqual([]);
    expect(unbound.makedepends.find((m) => m.name === 'openssl-dev')!.stays).toMatch(
      /cannot build unbound without openssl/,
    );
  });
});

describe('spelling "off" per build system', () => {
  it('removes nginx module switches (there is no --without- form) and takes --with-http_v3_module with TLS', () => {
    const { model, analysis } = analyze('main/nginx', kubernetes());
    expect(subjects(analysis)).toEqual(
      expect.arrayContaining([
        '--with-http_ssl_module',
        '--with-http_v3_module',
        '--with-stream_ssl_module',
      ]),
    );
    expect(subjects(analysis)).not.toContain('--with-mail_ssl_module'); // STARTTLS
    const fixed = fixedText(model, analysis);
    expect(fixed).not.toMatch(/--with-http_ssl_module|--with-http_v3_module|--without-http/);
    expect(fixed).toContain('--with-mail_ssl_module');
    expect(fixed).toContain('openssl-dev>3'); // the mail proxy still needs it
  });

  it('writes what upstream spells: waf --alsa=no for jack, a removal for its --dbus flag', () => {
    const { model, analysis } = analyze('main/jack', kubernetes());
    const titles = analysis.findings.flatMap((f) =>
      fixesForFinding(model, analysis, f).map((x) => x.title),
    );
    expect(titles).toContain('Disable: --alsa -> --alsa=no and drop alsa-lib-dev');
    expect(titles).toContain('Remove --dbus and drop dbus-dev, expat-dev, jack-dbus');
  });

  it("writes an upstream default that is on: git's NO_TCLTK=YesPlease with tk and its GUIs", () => {
    const { model, analysis } = analyze('main/git', kubernetes());
    const fixed = fixedText(model, analysis);
    expect(fixed).toMatch(/make prefix=\/usr[^\n]*\\\n[\s\S]*?all NO_TCLTK=YesPlease/);
    expect(fixed).not.toMatch(/\$pkgname-gui::noarch|\$pkgname-gitk::noarch/);
    expect(analyzeApkbuild(fixed).syntaxDiagnostics).toEqual([]);
  });

  it('keeps a TLS backend choice whole: curl --with-openssl goes off only as --without-ssl', () => {
    // openssl-dev>3 is a depends_dev word that makedepends_host reads; it leaves with the switch.
    const profile = profileOf(
      'extends: none\nunused: [openssl]\nknowledge:\n  packages:\n    curl: { role: service }\n',
    );
    const { model, analysis } = analyze('main/curl', profile);
    const finding = analysis.findings.find((f) => f.subject === '--with-openssl')!;
    expect(fixesForFinding(model, analysis, finding).map((f) => f.title)).toEqual([
      'Disable: --with-openssl -> --without-ssl and drop openssl-dev>3',
    ]);
  });
});

describe('what a removal really removes', () => {
  it('keeps a makedepend another one brings in, and says which', () => {
    const text =
      'pkgname=x\nmakedepends="curl-dev openssl-dev"\nbuild() {\n\t./configure --build=$CBUILD --with-openssl\n}\n';
    const model = analyzeApkbuild(text);
    const profile = profileOf('extends: none\nunused: [openssl]\n');
    const brings: SbomInput = {
      broughtIn: (names) =>
        new Map(names.includes('curl-dev') ? [['openssl-dev', 'curl-dev']] : []),
    };
    const analysis = analyzeHardening(model, profile, brings);
    expect(analysis.findings.map((f) => [f.code, f.subject])).toEqual([
      ['harden/kept-makedepend', 'openssl-dev'],
      ['harden/removable-option', '--with-openssl'],
    ]);
    expect(analysis.findings[0].message).toMatch(
      /curl-dev brings openssl-dev in, so removing it from makedepends removes nothing/,
    );
    expect(fixedText(model, analysis)).toContain('makedepends="curl-dev openssl-dev"');
  });

  it('drops the subpackages whose files go with a feature: pulseaudio without ALSA, bluez, jack', () => {
    const { model, analysis } = analyze('community/pulseaudio', kubernetes());
    const alsa = analysis.findings.find((f) => f.subject === '-Dalsa=enabled')!;
    const [fix] = fixesForFinding(model, analysis, alsa);
    expect(fix.title).toBe(
      'Disable: -Dalsa=enabled -> -Dalsa=disabled and drop alsa-lib-dev, pulseaudio-alsa',
    );
    const fixed = fixedText(model, analysis);
    expect(fixed).not.toMatch(/\$pkgname-(alsa|bluez|jack)\b/);
    expect(fixed).not.toMatch(/^alsa\(\) \{/m);
  });

  it('drops a subpackage the build knowledge ties to a detected feature: ffplay with sdl2', () => {
    const fixed = fixedText(
      ...(Object.values(analyze('community/ffmpeg', kubernetes())) as [
        ApkbuildModel,
        HardeningAnalysis,
      ]),
    );
    expect(fixed).not.toMatch(/^\tffplay$/m);
    expect(fixed).not.toContain('sdl2-dev');
    expect(fixed).toContain('--disable-libpulse');
  });

  it('removes what names a dropped subpackage: install scripts, depends', () => {
    const knot = analyze('community/knot-resolver', kubernetes());
    const fixed = fixedText(knot.model, knot.analysis);
    expect(fixed).not.toMatch(/\$pkgname-openrc\.(pre|post)-upgrade/);
    const transmission = analyze('community/transmission', kubernetes());
    expect(fixedText(transmission.model, transmission.analysis)).not.toContain(
      'depends="$pkgname-gtk',
    );
  });

  it('leaves as advice a feature whose files a generated subpackage holds (qemu modules)', () => {
    const qemu = analyze('community/qemu', kubernetes()).analysis;
    const gtk = qemu.findings.find((f) => f.subject === '--enable-gtk')!;
    expect(gtk.verified).toBe(false);
    expect(gtk.advice).toMatch(/qemu-ui-gtk is made by the APKBUILD at sourcing time/);
  });
});

describe('subpackage rules abuild accepts', () => {
  it('drops -openrc with the package() lines that installed the init scripts', () => {
    const { model, analysis } = analyze('main/lighttpd', kubernetes());
    const fixed = fixedText(model, analysis);
    expect(fixed).not.toMatch(/\$pkgname-openrc|etc\/init\.d|etc\/conf\.d/);
    expect(fixed).toContain('$pkgname.initd'); // the source entry stays, with its checksum
  });

  it('in minimal, switches translations off and drops -lang; never drops -doc', () => {
    const { model, analysis } = analyze('community/libvirt', minimal());
    const fixed = fixedText(model, analysis);
    expect(fixed).toContain('. output -Dbash_completion=disabled -Dnls=disabled');
    expect(fixed).not.toMatch(/\$pkgname-lang\b|\$pkgname-bash-completion/);
    expect(fixed).toContain('$pkgname-doc');
    const docs = analysis.findings.find((f) => f.subject === '-Ddocs=disabled')!;
    expect(docs.verified).toBe(false);
  });

  it('in minimal, removes a -lang that has no switch and package() removes the locale folder', () => {
    const { model, analysis } = analyze('community/polkit', minimal());
    expect(fixedText(model, analysis)).toMatch(/rm -rf "\$pkgdir"\/usr\/share\/locale\n\}/);
  });

  it('leaves a -lang as advice when its own lang() moves files outside the locale folder', () => {
    // gnupg's lang() amoves usr/share/gnupg/help.*.txt; mc's the help and hint translations.
    const gnupg = analyze('main/gnupg', minimal()).analysis;
    const lang = gnupg.findings.find((f) => f.subject === '$pkgname-lang::noarch')!;
    expect(lang.verified).toBe(false);
    expect(lang.advice).toContain('lang() also moves usr/share/gnupg/help.*.txt');
    const mc = analyze('main/mc', minimal()).analysis;
    expect(mc.findings.find((f) => f.subject === '$pkgname-lang')?.advice).toMatch(
      /usr\/share\/mc\/help\/mc\.hlp\.\*/,
    );
    // vorbis-tools' lang() only moves the locale folder on inside $subpkgdir.
    const vorbis = analyze('community/vorbis-tools', minimal()).analysis;
    expect(vorbis.findings.find((f) => f.subject === '$pkgname-lang')?.verified).toBe(true);
  });

  it('leaves documentation on as advice when nothing is known to be left for -doc', () => {
    const { analysis } = analyze('main/elinks', minimal());
    const doc = analysis.findings.find((f) => f.subject === '-Ddoc=false')!;
    expect(doc.verified).toBe(false);
    expect(doc.advice).toMatch(/nothing is known to be left for elinks-doc/);
    const memcached = analyze('main/memcached', minimal()).analysis;
    expect(memcached.findings.find((f) => f.subject === '--disable-docs')?.verified).toBe(true);
  });
});

describe('a profile describes one deployment', () => {
  const deployment = (): Profile => profileOf('extends: kubernetes\npackages: [lighttpd]\n');

  it('judges the packages it names in full', () => {
    expect(analyze('main/lighttpd', deployment()).analysis.findings.length).toBe(6);
  });

  it('judges another package only for its packaging, and only when the named ones need it', () => {
    const alone = analyze('main/pcre2', deployment()).analysis;
    expect(alone.findings).toEqual([]);
    expect(alone.scope.note).toMatch(/without an index or an aports tree nothing tells/);
    const needed = analyze('main/pcre2', deployment(), { neededBy: () => ['lighttpd'] }).analysis;
    expect(needed.scope).toMatchObject({ features: false, subpackages: true });
    expect(needed.findings.every((f) => f.target.kind === 'subpackage')).toBe(true);
    expect(analyze('main/pcre2', deployment(), { neededBy: () => [] }).analysis.scope.note).toMatch(
      /none of them needs it/,
    );
  });
});
