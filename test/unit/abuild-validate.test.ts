/**
 * abuild validate's checks, each case as abuild's own default_validate (abuild.in) judges it:
 * `die` (refused: an error here) or `warning` (built anyway). Cases written here.
 */
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { lintApkbuild } from '../../server/src/lint';

const GOOD = [
  '# Maintainer: A <a@example.org>',
  'pkgname=foo',
  'pkgver=1.2.3',
  'pkgrel=0',
  'pkgdesc="Foo tool"',
  'url="https://example.org"',
  'arch="all"',
  'license="MIT"',
  'subpackages="$pkgname-dev $pkgname-doc"',
  'package() {',
  '\tmake DESTDIR="$pkgdir" install',
  '}',
  '',
].join('\n');

/** The abuild/* codes of a text, with their severities. */
function verdicts(text: string): [string, string][] {
  return lintApkbuild(analyzeApkbuild(text))
    .filter((f) => f.code.startsWith('abuild/'))
    .map((f) => [f.code, f.severity]);
}

const change = (from: string, to: string): string => {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
};

describe('abuild validate', () => {
  it('passes a valid APKBUILD', () => {
    expect(verdicts(GOOD)).toEqual([]);
  });

  it('refuses versions apk cannot read, and a pkgrel that is no number', () => {
    for (const bad of ['1.0_r3a1', '1.0-rc1', '1ab', '1.0_foo'])
      expect(verdicts(change('pkgver=1.2.3', `pkgver=${bad}`)), bad).toContainEqual([
        'abuild/invalid-pkgver',
        'error',
      ]);
    for (const good of ['1.0_rc1', '2.4.1_p20230101', '1.0a', '1.0_git20240101', 'v1', '0.h'])
      expect(verdicts(change('pkgver=1.2.3', `pkgver=${good}`)), good).toEqual([]);
    expect(verdicts(change('pkgrel=0', 'pkgrel=1a'))).toEqual([['abuild/invalid-pkgrel', 'error']]);
    expect(verdicts(change('pkgrel=0', 'pkgrel=0\nprovider_priority=high'))).toEqual([
      ['abuild/priority-not-number', 'error'],
    ]);
  });

  it('refuses a pkgdesc over 127 bytes or of more than one line (echo | wc -c > 128)', () => {
    expect(verdicts(change('"Foo tool"', `"${'x'.repeat(127)}"`))).toEqual([]);
    expect(verdicts(change('"Foo tool"', `"${'x'.repeat(128)}"`))).toEqual([
      ['abuild/pkgdesc-too-long', 'error'],
    ]);
    expect(verdicts(change('"Foo tool"', '"Foo\ntool"'))).toEqual([
      ['abuild/pkgdesc-not-one-line', 'error'],
    ]);
  });

  it('refuses invalid and duplicate package names', () => {
    expect(verdicts(change('pkgname=foo', 'pkgname=-foo'))).toContainEqual([
      'abuild/invalid-package-name',
      'error',
    ]);
    expect(verdicts(change('$pkgname-doc"', '$pkgname-doc $pkgname-dev"'))).toEqual([
      ['abuild/duplicate-subpackage', 'error'],
    ]);
  });

  it('refuses misspelled variables, $conflicts, no package(), two maintainers, provides of itself', () => {
    expect(verdicts(change('license="MIT"', 'license="MIT"\ndepend="bar"'))).toEqual([
      ['abuild/misspelled-variable', 'error'],
    ]);
    expect(verdicts(change('license="MIT"', 'license="MIT"\nconflicts="bar"'))).toEqual([
      ['abuild/conflicts-variable', 'error'],
    ]);
    const noPackage = GOOD.replace(/package\(\) \{[^}]*\}\n/, 'build() {\n\tmake\n}\n');
    expect(verdicts(noPackage)).toEqual([['abuild/missing-package-function', 'error']]);
    expect(verdicts('# Maintainer: B <b@example.org>\n' + GOOD)).toEqual([
      ['abuild/multiple-maintainers', 'error'],
    ]);
    expect(verdicts(change('license="MIT"', 'license="MIT"\nprovides="foo=1.2.3-r0"'))).toEqual([
      ['abuild/provides-pkgname', 'error'],
    ]);
  });

  it('refuses install scripts and triggers not named after a package, or of an unknown kind', () => {
    const add = (line: string): string => change('license="MIT"', `license="MIT"\n${line}`);
    expect(verdicts(add('install="$pkgname.pre-install $pkgname-doc.post-upgrade"'))).toEqual([]);
    expect(verdicts(add('install="$pkgname.pre-instal"'))).toEqual([
      ['abuild/install-script-name', 'error'],
    ]);
    expect(verdicts(add('install="other.post-install"'))).toEqual([
      ['abuild/install-script-name', 'error'],
    ]);
    expect(verdicts(add('triggers="$pkgname.trigger=/usr/lib/foo"'))).toEqual([]);
    for (const bad of ['$pkgname.trigger', '$pkgname.sh=/usr', 'bar.trigger=/usr'])
      expect(verdicts(add(`triggers="${bad}"`)), bad).toEqual([['abuild/trigger-name', 'error']]);
  });

  it('refuses a source without its checksum, and a checksum without its source', () => {
    const sum = 'a'.repeat(128);
    const sources = (source: string, sums: string): string =>
      change('license="MIT"', `license="MIT"\nsource="${source}"\nsha512sums="${sums}"`);
    expect(
      verdicts(
        sources(
          'foo.tar.gz::https://e.org/v1.tar.gz a.patch',
          `${sum}  foo.tar.gz\n${sum}  a.patch`,
        ),
      ),
    ).toEqual([]);
    expect(verdicts(sources('https://e.org/foo-1.tar.gz a.patch', `${sum}  foo-1.tar.gz`))).toEqual(
      [['abuild/missing-checksum', 'error']],
    );
    expect(verdicts(sources('a.patch', `${sum}  a.patch\n${sum}  b.patch`))).toEqual([
      ['abuild/stray-checksum', 'error'],
    ]);
  });

  it('refuses a subpackage without a split function, knowing the ones abuild predefines', () => {
    // lang, doc, dev, dbg, openrc, bashcomp ... are abuild's own (abuild.in: default_lang, ...).
    const entries =
      '"$pkgname-dev $pkgname-doc $pkgname-lang $pkgname-openrc $pkgname-bash-completion"';
    expect(verdicts(change('"$pkgname-dev $pkgname-doc"', entries))).toEqual([]);
    expect(
      verdicts(change('"$pkgname-dev $pkgname-doc"', '"$pkgname-dev $pkgname-tools"')),
    ).toEqual([['abuild/missing-split-function', 'error']]);
    const own =
      change('"$pkgname-dev $pkgname-doc"', '"$pkgname-tools"') + 'tools() {\n\tamove usr/bin\n}\n';
    expect(verdicts(own)).toEqual([]);
  });

  it('wants one RFC 822 maintainer, and warns when there is none', () => {
    expect(
      verdicts(change('# Maintainer: A <a@example.org>', '# Maintainer: A a@example.org')),
    ).toEqual([['abuild/invalid-maintainer', 'error']]);
    expect(
      verdicts(change('# Maintainer: A <a@example.org>', '# Maintainer: "A <a@example.org>"')),
    ).toEqual([['abuild/invalid-maintainer', 'error']]);
    expect(verdicts(change('# Maintainer: A <a@example.org>\n', ''))).toEqual([
      ['abuild/no-maintainer', 'warning'],
    ]);
  });

  it('warns, as abuild does, about go without net, g++ and depends_dev without a -dev package', () => {
    expect(verdicts(change('license="MIT"', 'license="MIT"\nmakedepends="go"'))).toEqual([
      ['abuild/go-without-net', 'warning'],
    ]);
    expect(
      verdicts(change('license="MIT"', 'license="MIT"\nmakedepends="go"\noptions="net"')),
    ).toEqual([]);
    expect(verdicts(change('license="MIT"', 'license="MIT"\nmakedepends="g++"'))).toEqual([
      ['abuild/gxx-in-makedepends', 'warning'],
    ]);
    const noDev = change('"$pkgname-dev $pkgname-doc"', '"$pkgname-doc"');
    expect(
      verdicts(noDev.replace('license="MIT"', 'license="MIT"\ndepends_dev="zlib-dev"')),
    ).toEqual([['abuild/depends-dev-without-dev', 'warning']]);
  });

  it('judges only values it knows: an unknown one may be right', () => {
    expect(verdicts(change('pkgver=1.2.3', 'pkgver=$(cat VERSION)'))).toEqual([]);
    expect(verdicts(change('pkgdesc="Foo tool"', 'pkgdesc="$_desc"'))).toEqual([]);
  });
});
