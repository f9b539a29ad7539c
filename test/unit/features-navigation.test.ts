import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import { analyzeApkbuild, type ApkbuildModel, type Span } from '../../server/src/apkbuild';
import { definition, packageMadeAt } from '../../server/src/features/definition';
import { documentSymbols } from '../../server/src/features/document-symbols';
import { corpusRoot, lighttpdExample } from '../helpers/paths';

const lighttpdText = readFileSync(lighttpdExample, 'utf8');
const lighttpd = analyzeApkbuild(lighttpdText);

/** The cursor marker of the inline examples. */
const CURSOR = '‸';

/** Analyses `source` without its cursor marker; returns the model and the marker's offset. */
function withCursor(source: string): { model: ApkbuildModel; offset: number } {
  const offset = source.indexOf(CURSOR);
  if (offset < 0) throw new Error(`no ${CURSOR} in ${source}`);
  return { model: analyzeApkbuild(source.replace(CURSOR, '')), offset };
}

/** Offset `delta` characters into the first occurrence of `needle` in the lighttpd example. */
function inLighttpd(needle: string, delta = 0): number {
  const at = lighttpdText.indexOf(needle);
  if (at < 0) throw new Error(`${needle} is not in the lighttpd example`);
  return at + delta;
}

function sliceRange(model: ApkbuildModel, range: Range): string {
  return model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
}

/** Each span as `line:text` (one-based line), which reads well in a failure. */
function located(model: ApkbuildModel, spans: Span[]): string[] {
  return spans.map(
    (s) => `${model.lines.positionAt(s.start).line + 1}:${model.text.slice(s.start, s.end)}`,
  );
}

const LIGHTTPD_OUTLINE = [
  ...'pkgname pkgver pkgrel pkgdesc url arch license pkgusers pkggroups install'.split(' '),
  ...'makedepends subpackages source secfixes build check package mod_auth mod_webdav'.split(' '),
  'sha512sums',
];

function find(symbols: DocumentSymbol[], name: string): DocumentSymbol {
  const found = symbols.find((s) => s.name === name);
  if (!found) throw new Error(`no symbol ${name} in ${symbols.map((s) => s.name).join(' ')}`);
  return found;
}

describe('documentSymbols', () => {
  const symbols = documentSymbols(lighttpd);

  it('lists variables, secfixes and functions of lighttpd in source order with their kinds', () => {
    expect(symbols.map((s) => s.name)).toEqual(LIGHTTPD_OUTLINE);
    const named = (kind: SymbolKind) => symbols.filter((s) => s.kind === kind).map((s) => s.name);
    expect(named(SymbolKind.Function)).toEqual([
      'build',
      'check',
      'package',
      'mod_auth',
      'mod_webdav',
    ]);
    expect(named(SymbolKind.Namespace)).toEqual(['secfixes']);
    expect(named(SymbolKind.Variable)).toHaveLength(LIGHTTPD_OUTLINE.length - 6);
  });

  it('spans the whole construct and selects the name', () => {
    const pkgdesc = find(symbols, 'pkgdesc');
    expect(sliceRange(lighttpd, pkgdesc.range)).toBe(
      'pkgdesc="Secure, fast and flexible web server"',
    );
    expect(sliceRange(lighttpd, pkgdesc.selectionRange)).toBe('pkgdesc');
    expect(pkgdesc.detail).toBe('Secure, fast and flexible web server');
    const build = find(symbols, 'build');
    expect(sliceRange(lighttpd, build.range)).toMatch(/^build\(\) \{\n\tabuild-meson[^]*\n\}$/);
    expect(sliceRange(lighttpd, build.selectionRange)).toBe('build');
  });

  it('counts list items and gives dependencies and subpackages a child each', () => {
    const makedepends = find(symbols, 'makedepends');
    expect(makedepends.detail).toBe('11 items');
    expect(sliceRange(lighttpd, makedepends.range)).toMatch(/^makedepends="\n\tbrotli-dev[^]*\t"$/);
    const children = makedepends.children ?? [];
    expect(children.map((c) => c.name)).toEqual(
      'brotli-dev libdbi-dev libxml2-dev lua5.4-dev meson openldap-dev openssl-dev pcre2-dev sqlite-dev zlib-dev zstd-dev'.split(
        ' ',
      ),
    );
    expect(children.every((c) => sliceRange(lighttpd, c.range) === c.name)).toBe(true);
    expect(children.every((c) => c.kind === SymbolKind.Package)).toBe(true);
    const subpackages = find(symbols, 'subpackages');
    expect(subpackages.detail).toBe('5 items');
    expect(subpackages.children?.map((c) => c.name)).toEqual([
      '$pkgname-dbg',
      '$pkgname-doc',
      '$pkgname-openrc',
      '$pkgname-mod_auth',
      '$pkgname-mod_webdav',
    ]);
    expect(find(symbols, 'arch').detail).toBe('1 item');
  });

  it('names source children by file, with the URL as detail', () => {
    const source = find(symbols, 'source');
    expect(source.children?.map((c) => [c.name, c.kind, c.detail])).toEqual([
      [
        '$pkgname-$pkgver.tar.xz',
        SymbolKind.File,
        'https://download.lighttpd.net/lighttpd/releases-${pkgver%.*}.x/$pkgname-$pkgver.tar.xz',
      ],
      ['$pkgname.initd', SymbolKind.File, undefined],
      ['$pkgname.confd', SymbolKind.File, undefined],
      ['lighttpd.conf', SymbolKind.File, undefined],
      ['mod_fastcgi.conf', SymbolKind.File, undefined],
    ]);
  });

  it('lists the checksummed files under sha512sums', () => {
    const sums = find(symbols, 'sha512sums');
    expect(sums.detail).toBe('5 checksums');
    const first = sums.children?.[0];
    expect(first?.name).toBe('lighttpd-1.4.71.tar.xz');
    expect(sliceRange(lighttpd, first!.selectionRange)).toBe('lighttpd-1.4.71.tar.xz');
    expect(sliceRange(lighttpd, first!.range)).toMatch(
      /^c7674d3db920a2f4[0-9a-f]+ {2}lighttpd-1\.4\.71\.tar\.xz$/,
    );
  });

  it('says which subpackage a split function makes', () => {
    expect(find(symbols, 'mod_auth').detail).toBe('split function for lighttpd-mod_auth');
    expect(find(symbols, 'mod_webdav').detail).toBe('split function for lighttpd-mod_webdav');
    expect(find(symbols, 'package').detail).toBeUndefined();
  });

  it('shows the secfixes block as a namespace of versions', () => {
    const secfixes = find(symbols, 'secfixes');
    expect(sliceRange(lighttpd, secfixes.range)).toBe(
      '# secfixes:\n#   1.4.67-r0:\n#     - CVE-2022-41556\n#   1.4.64-r0:\n#     - CVE-2022-22707',
    );
    expect(sliceRange(lighttpd, secfixes.selectionRange)).toBe('secfixes');
    expect(secfixes.detail).toBe('2 versions');
    const versions = secfixes.children ?? [];
    expect(versions.map((v) => [v.name, v.kind, v.detail])).toEqual([
      ['1.4.67-r0', SymbolKind.Key, 'CVE-2022-41556'],
      ['1.4.64-r0', SymbolKind.Key, 'CVE-2022-22707'],
    ]);
    expect(sliceRange(lighttpd, versions[0].range)).toBe('#   1.4.67-r0:\n#     - CVE-2022-41556');
    expect(sliceRange(lighttpd, versions[0].selectionRange)).toBe('1.4.67-r0');
  });

  it('follows explicit split functions, shared ones, ::arch entries and eval', () => {
    const model = analyzeApkbuild(
      [
        'pkgname=foo',
        'subpackages="$pkgname-a:_split $pkgname-b:_split $pkgname-shared::noarch"',
        '_v=$(uname -r)',
        '_split() { :; }',
        'shared() { :; }',
        'eval "gen() { :; }"',
        '',
      ].join('\n'),
    );
    const details = documentSymbols(model).map((s) => [s.name, s.detail]);
    expect(details).toEqual([
      ['pkgname', 'foo'],
      ['subpackages', '3 items'],
      ['_v', undefined],
      ['_split', 'split function for foo-a, foo-b'],
      ['shared', 'split function for foo-shared'],
      ['gen', 'defined by eval'],
    ]);
  });
});

describe('definition', () => {
  it('goes from $pkgname in package() to the top-level assignment', () => {
    const spans = definition(
      lighttpd,
      inLighttpd('/etc/init.d/$pkgname', '/etc/init.d/$pkg'.length),
    );
    expect(located(lighttpd, spans)).toEqual(['2:pkgname']);
  });

  it('counts a cursor just after the name as on it', () => {
    const spans = definition(
      lighttpd,
      inLighttpd('/etc/init.d/$pkgname', '/etc/init.d/$pkgname'.length),
    );
    expect(located(lighttpd, spans)).toEqual(['2:pkgname']);
  });

  it('goes from a subpackages entry to its implied split function, and from its $pkgname to pkgname', () => {
    expect(located(lighttpd, definition(lighttpd, inLighttpd('-mod_auth', 4)))).toEqual([
      '71:mod_auth',
    ]);
    expect(located(lighttpd, definition(lighttpd, inLighttpd('$pkgname-mod_auth', 3)))).toEqual([
      '2:pkgname',
    ]);
    expect(definition(lighttpd, inLighttpd('$pkgname-doc', 10))).toEqual([]);
  });

  it('resolves ${pkgver%.*} and a function name to themselves', () => {
    expect(located(lighttpd, definition(lighttpd, inLighttpd('${pkgver%', 4)))).toEqual([
      '3:pkgver',
    ]);
    expect(located(lighttpd, definition(lighttpd, inLighttpd('mod_webdav() {', 3)))).toEqual([
      '78:mod_webdav',
    ]);
  });

  it('finds nothing for presets, external commands and builtins', () => {
    expect(definition(lighttpd, inLighttpd('"$srcdir"', 3))).toEqual([]);
    expect(definition(lighttpd, inLighttpd('meson compile', 2))).toEqual([]);
    expect(definition(lighttpd, inLighttpd('amove usr/lib/lighttpd/mod_auth.so', 1))).toEqual([]);
  });

  it('lists every top-level assignment in order, branches and appends included', () => {
    const { model, offset } = withCursor(
      'depends="a"\ncase "$CARCH" in\nx86) depends="$depends b";;\nesac\n[ -n "$x" ] && depends="$depends c"\nbuild() {\n\techo $dep‸ends\n}\n',
    );
    expect(located(model, definition(model, offset))).toEqual([
      '1:depends',
      '3:depends',
      '5:depends',
    ]);
  });

  it('prefers a local of the same function, unless the use comes before it', () => {
    const source = (cursorLine: string) =>
      `x=top\nf() {\n${cursorLine}\n\tlocal x=1 y\n\techo "$x $y"\n}\ng() { local x; }\n`;
    const after = withCursor(source('\t:').replace('"$x', '"$‸x'));
    expect(located(after.model, definition(after.model, after.offset))).toEqual(['4:x']);
    const bare = withCursor(source('\t:').replace('$y"', '$y‸"'));
    expect(located(bare.model, definition(bare.model, bare.offset))).toEqual(['4:y']);
    const before = withCursor(source('\techo $‸x'));
    expect(located(before.model, definition(before.model, before.offset))).toEqual(['1:x']);
  });

  it('falls back to assignments inside functions when there is no top-level one', () => {
    const { model, offset } = withCursor(
      'prepare() {\n\t_flags=1\n}\nbuild() {\n\techo ${_fl‸ags:-0}\n}\n',
    );
    expect(located(model, definition(model, offset))).toEqual(['2:_flags']);
  });

  it('finds uses in $(( )), heredocs and command substitutions', () => {
    const source =
      '_n=1\n_helper() { :; }\nbuild() {\n\techo $((_n + 1)) $(_helper)\n\tcat <<EOF\n${_n}\nEOF\n}\n';
    const model = analyzeApkbuild(source);
    const at = (needle: string, delta: number) => definition(model, source.indexOf(needle) + delta);
    expect(located(model, at('((_n', 3))).toEqual(['1:_n']);
    expect(located(model, at('${_n}', 3))).toEqual(['1:_n']);
    expect(located(model, at('$(_helper)', 3))).toEqual(['2:_helper']);
  });

  it('follows explicit :func entries and stops at the arch field', () => {
    const source =
      'pkgname=p\nsubpackages="$pkgname-x:_x:noarch $pkgname-doc"\n_x() { :; }\ndoc() { :; }\n';
    const model = analyzeApkbuild(source);
    const at = (needle: string, delta: number) => definition(model, source.indexOf(needle) + delta);
    expect(located(model, at(':_x', 2))).toEqual(['3:_x']);
    expect(located(model, at('-x:', 1))).toEqual(['3:_x']);
    expect(at(':noarch', 3)).toEqual([]);
    expect(located(model, at('-doc"', 2))).toEqual(['4:doc']);
  });
});

describe('where an aport makes a package (go to definition of a makedepend)', () => {
  /** A real aport of the corpus, analysed as the server reads it for the definition. */
  function aport(name: string): ApkbuildModel {
    const path = join(corpusRoot, 'aports/main', name, 'APKBUILD');
    return analyzeApkbuild(readFileSync(path, 'utf8'), { startdir: dirname(path) });
  }
  const madeAt = (model: ApkbuildModel, name: string): string[] => {
    const span = packageMadeAt(model, name);
    return span ? located(model, [span]) : [];
  };

  it("lands on pkgname= for the origin's own name and on the subpackages item for a subpackage", () => {
    const openldap = aport('openldap');
    expect(madeAt(openldap, 'openldap')).toEqual(['34:pkgname']);
    // `$pkgname-dev` expands to openldap-dev; libldap is named as it is.
    expect(madeAt(openldap, 'openldap-dev')).toEqual(['63:$pkgname-dev']);
    expect(madeAt(openldap, 'libldap')).toEqual(['65:libldap']);
  });

  it('lands on the provides item for a provided name, its version cut off', () => {
    expect(madeAt(aport('openldap'), 'openldap-back-monitor')).toEqual([
      '61:$pkgname-back-monitor=$pkgver-r$pkgrel',
    ]);
    expect(madeAt(aport('7zip'), 'p7zip')).toEqual(['18:p7zip=$pkgver-r$pkgrel']);
    expect(madeAt(aport('7zip'), '7zip-virtual')).toEqual(['18:7zip-virtual']);
  });

  it('finds nothing for a name the aport does not make', () => {
    expect(madeAt(aport('openldap'), 'openssl-dev')).toEqual([]);
  });
});
