/**
 * What the issue found `check` let pass with exit 0: an uppercase pkgname (AL14), -r1 in pkgver
 * (AL15, an error for apkbuild-lint), trailing whitespace (AL8), a makedepend listed twice
 * (AL19), builddir set to its default (AL1) and a superfluous cd "$builddir" (AL13).
 */
export const FLAWED = [
  '# Maintainer: A Packager <packager@example.org>',
  'pkgname=Foo',
  'pkgver=1.0-r1',
  'pkgrel=0 ',
  'pkgdesc="a test package"',
  'url="https://example.org"',
  'arch="all"',
  'license="MIT"',
  'makedepends="zlib-dev openssl-dev zlib-dev"',
  'builddir="$srcdir/$pkgname-$pkgver"',
  'package() {',
  '\tcd "$builddir"',
  '\tmake DESTDIR="$pkgdir" install',
  '}',
  '',
].join('\n');
