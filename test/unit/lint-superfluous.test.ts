/** Lint rules of superfluous text: duplicate dependencies, empty variables, AL1, AL13. */
import { describe, expect, it } from 'vitest';
import { HEAD, only, single } from '../helpers/lint-cases';

describe('duplicate dependencies (AL17, AL19, AL21)', () => {
  it('sees a duplicate that comes through an expansion, without a fix', () => {
    // The case the issue found missed: apkbuild-lint reads the expanded list.
    const text = HEAD + '_deps="zlib-dev openssl-dev"\nmakedepends="$_deps zlib-dev"\n';
    const found = only('AL19', text);
    expect(found.map((f) => [f.message, f.fix])).toEqual([
      [
        'zlib-dev is in makedepends twice, once through $_deps; listing it twice is superfluous.',
        undefined,
      ],
    ]);
    // A word one architecture's branch adds is not a duplicate on the others.
    const branch =
      HEAD +
      'makedepends="$_x zlib-dev"\ncase "$CARCH" in x86_64) makedepends="$makedepends zlib-dev" ;; esac\n';
    expect(only('AL19', branch).map((f) => f.message)).not.toContainEqual(
      expect.stringContaining('through'),
    );
  });

  it('flags the later copy within one assignment and removes it with its blank', () => {
    const { range, fixed } = single('AL19', HEAD + 'makedepends="a b a"\n');
    expect(range).toBe('a');
    expect(fixed).toBe(HEAD + 'makedepends="a b"\n');
    expect(single('AL17', HEAD + 'depends="x x y"\n').fixed).toBe(HEAD + 'depends="x y"\n');
    expect(single('AL21', HEAD + 'checkdepends="p q p"\n').range).toBe('p');
    expect(single('AL19', HEAD + 'makedepends_host="m m"\n').fixed).toBe(
      HEAD + 'makedepends_host="m"\n',
    );
  });

  it('removes the whole line when the copy is alone on it', () => {
    const text = HEAD + 'makedepends="\n\tcmake\n\tzlib-dev\n\tcmake\n\tsamurai\n\t"\n';
    expect(single('AL19', text).fixed).toBe(
      HEAD + 'makedepends="\n\tcmake\n\tzlib-dev\n\tsamurai\n\t"\n',
    );
  });

  it('follows appends but not resets', () => {
    const append = HEAD + 'makedepends="a b"\nmakedepends="$makedepends c a"\n';
    expect(single('AL19', append).fixed).toBe(
      HEAD + 'makedepends="a b"\nmakedepends="$makedepends c"\n',
    );
    expect(only('AL19', HEAD + 'makedepends="a"\nmakedepends="a b"\n')).toEqual([]);
    expect(only('AL19', HEAD + 'makedepends="a"\nmakedepends="${makedepends/a/} a"\n')).toEqual([]);
  });

  it('does not treat words added on different architectures as duplicates', () => {
    const text =
      HEAD +
      'makedepends="a"\ncase "$CARCH" in\nx86_64) makedepends="$makedepends c";;\n*) makedepends="$makedepends c";;\nesac\n';
    expect(only('AL19', text)).toEqual([]);
    const conditionalReset =
      HEAD + 'depends="a"\n[ "$CARCH" = x86 ] && depends="b"\ndepends="$depends a"\n';
    expect(only('AL17', conditionalReset)).toEqual([]);
    // A branch that repeats what every architecture already has is a duplicate.
    const redundant = HEAD + 'depends="a"\n[ "$CARCH" = x86 ] && depends="$depends a"\n';
    expect(single('AL17', redundant).fixed).toBe(
      HEAD + 'depends="a"\n[ "$CARCH" = x86 ] && depends="$depends"\n',
    );
  });

  it('judges expansions by their value: the same word twice is a duplicate', () => {
    expect(
      only('AL17', HEAD + 'depends="$pkgname-libs $pkgname-libs"\n').map((f) => f.message),
    ).toEqual([
      'foo-libs is in depends twice, once through $pkgname-libs; listing it twice is superfluous.',
    ]);
    expect(only('AL17', HEAD + 'depends="$pkgname-libs $pkgname-dev"\n')).toEqual([]);
  });
});

describe('AL5 empty variables', () => {
  it('flags an APKBUILD variable set empty and removes its line', () => {
    const { range, fixed } = single('AL5', HEAD + 'depends=""\nsource="x"\n');
    expect(range).toBe('depends=""');
    expect(fixed).toBe(HEAD + 'source="x"\n');
    expect(single('AL5', HEAD + 'install=\n').range).toBe('install=');
  });

  it('keeps empty values that mean something', () => {
    expect(only('AL5', HEAD.replace('arch="all"', 'arch=""'))).toEqual([]);
    expect(only('AL5', 'maintainer=""\n' + HEAD)).toEqual([]);
    expect(only('AL5', HEAD + 'depends="a"\ndepends=""\n')).toEqual([]);
    expect(only('AL5', HEAD + '[ "$CARCH" = x86 ] && depends=""\n')).toEqual([]);
    expect(only('AL5', HEAD + '_flags=""\n')).toEqual([]);
  });

  it('flags but does not fix an assignment that shares its line', () => {
    expect(single('AL5', HEAD + 'depends=""; _x=1\n').fixed).toBeNull();
  });
});

describe('AL1 default builddir', () => {
  it('flags the default, written either way, and removes the line', () => {
    const { range, fixed } = single('AL1', HEAD + 'builddir="$srcdir/$pkgname-$pkgver"\n');
    expect(range).toBe('builddir="$srcdir/$pkgname-$pkgver"');
    expect(fixed).toBe(HEAD);
    expect(single('AL1', HEAD + 'builddir="$srcdir"/$pkgname-$pkgver\n').fixed).toBe(HEAD);
    expect(single('AL1', HEAD + 'builddir="$srcdir/foo-$pkgver"\n').range).toBe(
      'builddir="$srcdir/foo-$pkgver"',
    );
  });

  it('keeps a builddir that differs, may differ for the next version, or is read', () => {
    expect(only('AL1', HEAD + 'builddir="$srcdir/$pkgname-v$pkgver"\n')).toEqual([]);
    expect(only('AL1', HEAD + 'builddir="$srcdir/$pkgname-${pkgver//_/-}"\n')).toEqual([]);
    expect(only('AL1', HEAD + 'builddir="$srcdir/$pkgname-$pkgver"\n_b="$builddir/sub"\n')).toEqual(
      [],
    );
    expect(only('AL1', HEAD + 'builddir="$srcdir/$pkgname-$pkgver"\npkgver=2.0\n')).toEqual([]);
  });
});

describe('AL13 superfluous cd "$builddir"', () => {
  it('flags it as the first command of build and removes the line and the gap after it', () => {
    const text = HEAD + 'build() {\n\tcd "$builddir"\n\n\tmake\n}\n';
    const { range, fixed } = single('AL13', text);
    expect(range).toBe('cd "$builddir"');
    expect(fixed).toBe(HEAD + 'build() {\n\tmake\n}\n');
    expect(
      single('AL13', HEAD + 'package() {\n\tcd $builddir || return 1\n\tmake install\n}\n').range,
    ).toBe('cd $builddir || return 1');
  });

  it('does not fix a body of only the cd, which would become empty', () => {
    expect(single('AL13', HEAD + 'check() {\n\tcd "$builddir"\n}\n').fixed).toBeNull();
  });

  it('flags it after commands that stay in the folder: default_prepare, local, a first cd', () => {
    // The cases the issue found missed: apkbuild-lint flags these too.
    const prepare = HEAD + 'prepare() {\n\tdefault_prepare\n\tcd "$builddir"\n\t./autogen.sh\n}\n';
    expect(single('AL13', prepare).fixed).toBe(
      HEAD + 'prepare() {\n\tdefault_prepare\n\t./autogen.sh\n}\n',
    );
    const local = HEAD + 'build() {\n\tlocal x=1\n\tcd "$builddir"\n\tmake\n}\n';
    expect(single('AL13', local).range).toBe('cd "$builddir"');
    const twice = HEAD + 'build() {\n\tcd "$builddir"\n\tmake\n\tcd "$builddir"\n\tmake check\n}\n';
    expect(only('AL13', twice)).toHaveLength(2);
    // The last command of a longer body can go: what is left still has a command.
    expect(single('AL13', HEAD + 'build() {\n\tmake\n\tcd "$builddir"\n}\n').fixed).toBe(
      HEAD + 'build() {\n\tmake\n}\n',
    );
  });

  it('leaves other folders, a cd back after leaving, and split functions alone', () => {
    expect(only('AL13', HEAD + 'build() {\n\tcd "$builddir"/src\n\tmake\n}\n')).toEqual([]);
    // apkbuild-lint flags this one as well; it is not superfluous: the build left the folder.
    expect(
      only('AL13', HEAD + 'build() {\n\tcd src\n\tmake\n\tcd "$builddir"\n\tmake install\n}\n'),
    ).toEqual([]);
    // Nor after a function of the file, which may cd.
    expect(
      only(
        'AL13',
        HEAD + '_in_src() {\n\tcd src\n}\nbuild() {\n\t_in_src\n\tcd "$builddir"\n\tmake\n}\n',
      ),
    ).toEqual([]);
    expect(only('AL13', HEAD + 'doc() {\n\tcd "$builddir"\n\tmake doc\n}\n')).toEqual([]);
  });
});
