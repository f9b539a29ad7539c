import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  fixAll,
  fixesForFinding,
  parseProfileYaml,
  resolveProfile,
  type Profile,
} from '../../server/src/hardening';
import { bashValues } from '../helpers/bash-oracle';
import { lighttpdExample } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

const SEED_PROFILE =
  'provided:\n  tls: sidecar\n  authentication: api-gateway\nunused: [brotli, dbi, lua, webdav, zstd]\n';
const example = readFileSync(lighttpdExample, 'utf8');

function profileOf(yaml: string): Profile {
  const parsed = parseProfileYaml(yaml);
  expect(parsed.diagnostics).toEqual([]);
  return resolveProfile(parsed.spec, 'test.yaml');
}

function subjects(text: string, profile: Profile): string[] {
  return analyzeHardening(analyzeApkbuild(text), profile).findings.map((f) => f.subject);
}

function fixed(text: string, profile: Profile, variant: 'disable' | 'remove'): string {
  const model = analyzeApkbuild(text);
  return applyEdits(text, fixAll(model, analyzeHardening(model, profile), variant).edits);
}

/** The build() function as bash prints it: continuation lines joined, one command a line. */
function buildFunctionInBash(text: string): string {
  return bashValues([`${text}\n_body=$(declare -f build)\n`], ['_body'])[0][0]!;
}

describe('the seed case: lighttpd for Kubernetes', () => {
  it('flags what the seed profile makes removable, and keeps pcre2, zlib, meson and -doc', () => {
    expect(subjects(example, profileOf(SEED_PROFILE)).sort()).toEqual(
      [
        '$pkgname-dbg',
        '$pkgname-openrc',
        '-Dwith_brotli=enabled',
        '-Dwith_dbi=enabled',
        '-Dwith_ldap=enabled',
        '-Dwith_lua=true',
        '-Dwith_openssl=true',
        '-Dwith_webdav_locks=enabled',
        '-Dwith_webdav_props=enabled',
        '-Dwith_zstd=enabled',
        'brotli-dev',
        'libdbi-dev',
        'lua5.4-dev',
        'openldap-dev',
        'openssl-dev',
        'zstd-dev',
      ].sort(),
    );
  });

  it('fix-all "remove" gives exactly `abuild-meson -Db_lto=true -Dwith_pcre2=true . output`', () => {
    const text = fixed(example, profileOf(SEED_PROFILE), 'remove');
    expect(buildFunctionInBash(text)).toContain(
      'abuild-meson -Db_lto=true -Dwith_pcre2=true . output;',
    );
    const model = analyzeApkbuild(text);
    expect(model.syntaxDiagnostics).toEqual([]);
    expect(model.list('subpackages')).toEqual([
      'lighttpd-doc',
      'lighttpd-mod_auth',
      'lighttpd-mod_webdav',
    ]);
    expect(model.list('makedepends')).toEqual([
      'libxml2-dev',
      'meson',
      'pcre2-dev',
      'sqlite-dev',
      'zlib-dev',
    ]);
  });

  it('fix-all "disable" switches each option off by its type', () => {
    const body = buildFunctionInBash(fixed(example, profileOf(SEED_PROFILE), 'disable'));
    expect(body).toContain(
      'abuild-meson -Db_lto=true -Dwith_brotli=disabled -Dwith_dbi=disabled -Dwith_ldap=disabled -Dwith_lua=false -Dwith_openssl=false -Dwith_pcre2=true -Dwith_webdav_locks=disabled -Dwith_webdav_props=disabled -Dwith_zstd=disabled . output;',
    );
  });

  it('explains each finding with its rule and evidence, from an SBOM when one is given', () => {
    const model = analyzeApkbuild(example);
    const secondary = {
      openldap: { lighttpd: ['liblber.so.2', 'libldap.so.2'] },
      openssl: { lighttpd: ['libcrypto.so.3', 'libssl.so.3'], 'apk-tools': ['libcrypto.so.3'] },
    };
    const analysis = analyzeHardening(model, profileOf(SEED_PROFILE), { secondary });
    const ldap = analysis.findings.find((f) => f.subject === '-Dwith_ldap=enabled')!;
    expect(ldap.rule).toEqual({
      kind: 'provided',
      capability: 'authentication',
      by: 'api-gateway',
    });
    expect(ldap.evidence).toMatchObject({
      makedepends: ['openldap-dev'],
      origins: ['openldap'],
      sonames: ['liblber.so.2', 'libldap.so.2'],
    });
    expect(ldap.message).toMatch(/brings openldap \(liblber\.so\.2, libldap\.so\.2\)/);
  });
});

describe('profiles', () => {
  it('uses the built-in kubernetes profile by default: TLS and auth provided, -dbg and -openrc dropped', () => {
    expect(subjects(example, builtinProfile('kubernetes')!).sort()).toEqual([
      '$pkgname-dbg',
      '$pkgname-openrc',
      '-Dwith_ldap=enabled',
      '-Dwith_openssl=true',
      'openldap-dev',
      'openssl-dev',
    ]);
    expect(subjects(example, builtinProfile('none')!)).toEqual([]);
  });

  it('lets keep win over every rule', () => {
    const found = subjects(example, profileOf(`${SEED_PROFILE}keep: [ldap, dbg]\n`));
    expect(found).not.toContain('-Dwith_ldap=enabled');
    expect(found).not.toContain('openldap-dev');
    expect(found).not.toContain('$pkgname-dbg');
    expect(found).toContain('-Dwith_openssl=true');
  });

  it('reports what is wrong in a profile at its place, with its key path', () => {
    const yaml =
      'provided:\n  tls: sidecar\n  telepathy: yes\nunused: lua\nflavour: spicy\nprices:\n  default: cheap\n';
    const parsed = parseProfileYaml(yaml);
    const at = (needle: string): number => yaml.indexOf(needle);
    expect(parsed.diagnostics.map((d) => [d.range.start, d.path, d.severity])).toEqual([
      [at('telepathy'), 'provided.telepathy', 'error'],
      [at('lua'), 'unused', 'error'],
      [at('flavour'), 'flavour', 'error'],
      [at('cheap'), 'prices.default', 'error'],
    ]);
    expect(parseProfileYaml('provided: [unclosed\n').diagnostics[0].severity).toBe('error');
  });

  it('accepts catalogue additions from the profile', () => {
    const yaml =
      'extends: none\nunused: [frob]\ncatalogue:\n  features:\n    frob: { capability: transport, tokens: [frob, frobnicate], makedepends: [libfrob-dev] }\n';
    const text =
      'pkgname=x\nmakedepends="libfrob-dev"\nbuild() {\n\tmeson setup -Dfrobnicate=enabled . output\n}\n';
    expect(subjects(text, profileOf(yaml))).toEqual(['libfrob-dev', '-Dfrobnicate=enabled']);
  });

  it('accepts build knowledge from the profile: a role, a default, a feature of an option', () => {
    const yaml = [
      'extends: none',
      'provided: { tls: sidecar }',
      'knowledge:',
      '  packages:',
      '    myd:',
      '      role: http-server',
      '      options:',
      '        with_tls: { default: off }',
      '        frobnicate: { features: [openssl] }',
      '',
    ].join('\n');
    const text =
      'pkgname=myd\nmakedepends="openssl-dev"\nbuild() {\n\tmeson setup -Dwith_tls=true -Dfrobnicate=enabled . output\n}\n';
    const model = analyzeApkbuild(text);
    const analysis = analyzeHardening(model, profileOf(yaml));
    expect(analysis.context.role).toBe('http-server');
    expect(analysis.findings.map((f) => [f.subject, f.verified])).toEqual([
      ['openssl-dev', true],
      ['-Dwith_tls=true', true],
      ['-Dfrobnicate=enabled', true],
    ]);
    // with_tls is off by default, so removing it is safe too; frobnicate's default is not known.
    const titles = (subject: string): string[] =>
      fixesForFinding(
        model,
        analysis,
        analysis.findings.find((f) => f.subject === subject)!,
      ).map((f) => f.title);
    expect(titles('-Dwith_tls=true')).toEqual([
      'Disable: -Dwith_tls=true -> -Dwith_tls=false',
      'Remove -Dwith_tls=true',
    ]);
    expect(titles('-Dfrobnicate=enabled')).toEqual([
      'Disable: -Dfrobnicate=enabled -> -Dfrobnicate=disabled',
    ]);
  });
});

describe('options by type', () => {
  const profile = (): Profile => profileOf('extends: none\nunused: [openssl, ldap, zstd]\n');
  it('offers the explicit "off" of each build system, and no fix for a choice', () => {
    const text = [
      'pkgname=x',
      'build() {',
      '\t./configure --build=$CBUILD --prefix=/usr --with-openssl --enable-ldap=yes --without-zstd',
      '\tcmake -B build -DENABLE_OPENSSL=ON -DUSE_LDAP:BOOL=TRUE',
      '\tmeson setup -Dssl=openssl -Dzstd=auto . output',
      '}',
      '',
    ].join('\n');
    const model = analyzeApkbuild(text);
    const analysis = analyzeHardening(model, profile());
    const titles = analysis.findings.map((f) =>
      fixesForFinding(model, analysis, f).map((fix) => fix.title),
    );
    // Removal is offered only where upstream's default is known to be off (nothing here).
    expect(titles).toEqual([
      ['Disable: --with-openssl -> --without-openssl'],
      ['Disable: --enable-ldap=yes -> --disable-ldap'],
      ['Disable: -DENABLE_OPENSSL=ON -> -DENABLE_OPENSSL=OFF'],
      ['Disable: -DUSE_LDAP:BOOL=TRUE -> -DUSE_LDAP:BOOL=OFF'],
      [],
      ['Disable: -Dzstd=auto -> -Dzstd=disabled'],
    ]);
    const choice = analysis.findings.find((f) => f.subject === '-Dssl=openssl')!;
    expect(choice.verified).toBe(false);
    expect(choice.advice).toMatch(/chooses an implementation/);
  });

  it('treats a ./configure with no mark of autoconf as advice: hand-written scripts reject what they do not list', () => {
    const text = 'pkgname=x\nbuild() {\n\t./configure --prefix=/usr --with-openssl\n}\n';
    const analysis = analyzeHardening(analyzeApkbuild(text), profile());
    expect(analysis.findings.map((f) => [f.subject, f.verified])).toEqual([
      ['--with-openssl', false],
    ]);
    expect(analysis.findings[0].advice).toMatch(/not known to be GNU autoconf/);
  });
});

describe('edits keep the file valid', () => {
  // Upstream facts of the made-up package x: both options are off unless given.
  const profile = (): Profile =>
    profileOf(
      'extends: none\nunused: [openssl, zstd]\nknowledge:\n  packages:\n    x:\n      options: { zstd: { default: off }, openssl: { default: off } }\n      autodetect: [openssl, zstd]\n',
    );

  it('removes the last argument of a continued command with the backslash that led to it', () => {
    const text =
      'pkgname=x\nbuild() {\n\tmeson setup \\\n\t\t-Dfoo=true \\\n\t\t-Dzstd=enabled \\\n\t\t-Dopenssl=enabled\n\tmeson compile\n}\n';
    const out = fixed(text, profile(), 'remove');
    expect(out).toBe(
      'pkgname=x\nbuild() {\n\tmeson setup \\\n\t\t-Dfoo=true\n\tmeson compile\n}\n',
    );
    expect(buildFunctionInBash(out)).toMatch(/meson setup -Dfoo=true;\s+meson compile/);
  });

  it('keeps the layout of inline and one-per-line lists, and empties a list whose items all go', () => {
    const text =
      'pkgname=x\nmakedepends="zlib-dev openssl-dev zstd-dev"\ncheckdepends="a"\nmakedepends_host="\n\topenssl-dev\n\tperl\n\tzstd-dev\n\t"\nmakedepends_build="openssl-dev"\n';
    const out = fixed(text, profile(), 'remove');
    expect(out).toBe(
      'pkgname=x\nmakedepends="zlib-dev"\ncheckdepends="a"\nmakedepends_host="\n\tperl\n\t"\nmakedepends_build=""\n',
    );
  });

  it('removes a split function only when nothing else uses it', () => {
    const text =
      'pkgname=x\nsubpackages="$pkgname-doc $pkgname-openrc:_rc $pkgname-dbg:_dbgsplit"\n\nbuild() {\n\t:\n}\n\n_rc() {\n\tdefault_openrc\n}\n\n_dbgsplit() {\n\t:\n}\n\npackage() {\n\t_dbgsplit\n}\n';
    const out = fixed(text, builtinProfile('kubernetes')!, 'remove');
    // Without -openrc the init scripts would land in the main package: package() removes them.
    expect(out).toBe(
      'pkgname=x\nsubpackages="$pkgname-doc"\n\nbuild() {\n\t:\n}\n\n_dbgsplit() {\n\t:\n}\n\npackage() {\n\t_dbgsplit\n\trm -rf "$pkgdir"/etc/init.d "$pkgdir"/etc/conf.d\n}\n',
    );
  });
});

describe('nothing is executed', () => {
  it('parses, analyzes and fixes a file full of commands without running any', () => {
    const dir = scratchDir('canary-');
    const canary = join(dir, 'CANARY');
    const text = `pkgname=$(touch ${canary}1)\npkgver=\`touch ${canary}2\`\neval "touch ${canary}3"\ntouch ${canary}4\nmakedepends="openssl-dev $(touch ${canary}5)"\nbuild() {\n\ttouch ${canary}6\n\t./configure --with-openssl\n}\n`;
    const model = analyzeApkbuild(text, { startdir: dir });
    fixAll(model, analyzeHardening(model, builtinProfile('kubernetes')!), 'remove');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('soundness', () => {
  it('reports nothing past the first syntax error, where sourcing stops', () => {
    const text =
      'pkgname=x\npkgver=1\nfoo )\nmakedepends="openssl-dev"\nsubpackages="$pkgname-dbg"\nbuild() {\n\tmeson -Dwith_openssl=true . output\n}\n';
    const profile = profileOf('extends: kubernetes\nunused: [openssl]\n');
    expect(subjects(text, profile)).toEqual([]);
    expect(subjects(text.replace('foo )\n', ''), profile)).toEqual([
      'openssl-dev',
      '$pkgname-dbg',
      '-Dwith_openssl=true',
    ]);
  });

  it('does not flag a makedepend that another variable reads or that also arrives through one', () => {
    const reads = 'pkgname=b\nmakedepends="openssl-dev gzip"\ndepends_dev="$makedepends"\n';
    const arrives =
      'pkgname=a\ndepends_dev="openssl-dev>3"\nmakedepends="$depends_dev"\nmakedepends_host="openssl-dev>3"\n';
    expect(subjects(reads, builtinProfile('kubernetes')!)).toEqual([]);
    expect(subjects(arrives, builtinProfile('kubernetes')!)).toEqual([]);
  });

  it('says which makedepends of a removed option stay', () => {
    const model = analyzeApkbuild(example);
    const webdav = analyzeHardening(model, profileOf(SEED_PROFILE)).findings.find(
      (f) => f.subject === '-Dwith_webdav_props=enabled',
    )!;
    expect(webdav.message).toMatch(
      /libxml2-dev, sqlite-dev stay: other switches or features still use them\.$/,
    );
  });
});
