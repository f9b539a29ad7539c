import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import { grammarFromYaml } from '../../scripts/grammar.mjs';
import { corpusFile, lighttpdExample } from '../helpers/paths';
import { loadApkbuildGrammar, renderTokens, tokenizeLines, type Token } from '../helpers/textmate';

/** Real APKBUILDs: the seed example, and corpus files with secfixes, cmake, configure, heredocs. */
const INPUTS: Record<string, string> = {
  'lighttpd-example': lighttpdExample,
  lftp: corpusFile('main/lftp/APKBUILD'),
  aom: corpusFile('main/aom/APKBUILD'),
  'alpine-base': corpusFile('main/alpine-base/APKBUILD'),
};

describe('APKBUILD TextMate grammar', () => {
  let grammar: IGrammar;
  beforeAll(async () => {
    grammar = await loadApkbuildGrammar();
  });

  /** The scopes of the first token with exactly this text on the line containing `line`. */
  const scopesOf = (source: string, line: string, text: string): string[] => {
    const lines = source.split('\n');
    const index = lines.findIndex((l) => l.includes(line));
    expect(index, `no line contains ${line}`).toBeGreaterThanOrEqual(0);
    const tokens: Token[] = tokenizeLines(grammar, source)[index];
    const token = tokens.find((t) => t.text === text);
    expect(token, `no token ${text} on: ${lines[index]}`).toBeDefined();
    return token!.scopes;
  };

  for (const [name, path] of Object.entries(INPUTS))
    it(`tokenizes ${name} as the stored snapshot`, async () => {
      const text = readFileSync(path, 'utf8');
      await expect(renderTokens(text, tokenizeLines(grammar, text))).toMatchFileSnapshot(
        `grammar-snapshots/${name}.snap`,
      );
    });

  it('tells APKBUILD variables, abuild presets, custom and other variables apart', () => {
    const text = [
      'pkgname=foo',
      '_commit=abc',
      'depends_doc="man-pages"',
      'CFLAGS="$CFLAGS -O2"',
      'builddir="$srcdir/$pkgname-${pkgver%.*}-$_commit-$HOME"',
    ].join('\n');
    expect(scopesOf(text, 'pkgname=', 'pkgname')).toContain('variable.language.apkbuild');
    expect(scopesOf(text, '_commit=', '_commit')).toContain('variable.other.custom.apkbuild');
    expect(scopesOf(text, 'depends_doc', 'depends_doc')).toContain('variable.language.apkbuild');
    expect(scopesOf(text, 'CFLAGS=', 'CFLAGS')).toContain('variable.other.assignment.shell');
    expect(scopesOf(text, 'builddir=', 'srcdir')).toContain('variable.language.abuild');
    expect(scopesOf(text, 'builddir=', 'pkgver')).toEqual([
      'meta.assignment.shell',
      'string.quoted.double.shell',
      'meta.parameter-expansion.shell',
      'variable.language.apkbuild',
    ]);
    expect(scopesOf(text, 'builddir=', '%')).toContain('keyword.operator.expansion.shell');
    expect(scopesOf(text, 'builddir=', 'HOME')).toContain('variable.other.normal.shell');
  });

  it('marks build options with their name and whether the value is a switch', () => {
    const text = [
      'build() {',
      '\tabuild-meson -Dwith_ldap=enabled -Dprefix=/usr \\',
      '\t\t--with-openssl --disable-nls --enable-threads=posix \\',
      '\t\t"-DENABLE_TESTS=OFF"',
      '}',
    ].join('\n');
    expect(scopesOf(text, 'with_ldap', 'with_ldap')).toContain(
      'variable.parameter.option.apkbuild',
    );
    expect(scopesOf(text, 'with_ldap', 'enabled')).toContain(
      'constant.language.option-value.apkbuild',
    );
    expect(scopesOf(text, 'with_ldap', '/usr')).toContain('string.unquoted.option-value.apkbuild');
    expect(scopesOf(text, 'with_ldap', 'abuild-meson')).toContain('support.function.abuild');
    expect(scopesOf(text, '--with-openssl', '--with')).toContain(
      'keyword.other.option.feature.apkbuild',
    );
    expect(scopesOf(text, '--with-openssl', 'nls')).toContain('variable.parameter.option.apkbuild');
    expect(scopesOf(text, '--with-openssl', 'posix')).toContain(
      'string.unquoted.option-value.apkbuild',
    );
    expect(scopesOf(text, 'ENABLE_TESTS', 'OFF')).toEqual([
      'meta.scope.group.shell',
      'string.quoted.double.shell',
      'constant.language.option-value.apkbuild',
    ]);
    expect(scopesOf(text, 'build()', 'build')).toContain('entity.name.function.phase.apkbuild');
  });

  it('reads # secfixes: blocks (versions and CVE ids) and maintainer lines', () => {
    const text = [
      '# Maintainer: Jane Doe <jane@example.org>',
      '# secfixes:',
      '#   1.4.64-r0:',
      '#     - CVE-2022-22707',
      '#   0:',
      '#     - CVE-2018-0001 not affected',
      'pkgname=x',
    ].join('\n');
    expect(scopesOf(text, 'Maintainer', 'Jane Doe')).toContain('entity.name.person.apkbuild');
    expect(scopesOf(text, 'Maintainer', 'jane@example.org')).toContain(
      'markup.underline.link.email.apkbuild',
    );
    expect(scopesOf(text, 'secfixes', 'secfixes')).toContain('keyword.other.secfixes.apkbuild');
    expect(scopesOf(text, '1.4.64', '1.4.64-r0')).toContain('constant.numeric.version.apkbuild');
    expect(scopesOf(text, '#   0:', '0')).toContain('constant.numeric.version.apkbuild');
    expect(scopesOf(text, '22707', 'CVE-2022-22707')).toContain(
      'constant.other.vulnerability-id.apkbuild',
    );
    // The block ends with the first line that is not a comment.
    expect(scopesOf(text, 'pkgname=x', 'pkgname')).toEqual([
      'meta.assignment.shell',
      'variable.language.apkbuild',
    ]);
  });

  it('keeps heredoc bodies as strings, expanding only the unquoted kind, until the delimiter', () => {
    const text = [
      'package() {',
      '\tcat > "$pkgdir"/a <<-EOF',
      '\t\tname=$pkgname',
      '\tEOF',
      "\tcat <<'END' > b",
      '\t\t$not_expanded # not a comment',
      'END',
      '\tmake install',
      '}',
    ].join('\n');
    expect(scopesOf(text, 'name=$pkgname', 'pkgname')).toContain('string.unquoted.heredoc.shell');
    expect(scopesOf(text, 'name=$pkgname', 'pkgname')).toContain('variable.language.apkbuild');
    expect(scopesOf(text, '$not_expanded', '\t\t$not_expanded # not a comment')).toContain(
      'string.unquoted.heredoc.shell',
    );
    expect(scopesOf(text, "<<'END'", '>')).toContain('keyword.operator.redirect.shell');
    expect(scopesOf(text, 'make install', 'make')).toContain(
      'support.function.build-tool.apkbuild',
    );
  });

  it('builds the JSON grammar by substituting {{variables}}, and names an unknown one', () => {
    const grammar = grammarFromYaml(
      "variables:\n  word: '[a-z]+'\n  pair: '{{word}}={{word}}'\nscopeName: x\npatterns:\n  - match: '{{pair}}'\n",
    );
    expect(grammar).toEqual({ scopeName: 'x', patterns: [{ match: '[a-z]+=[a-z]+' }] });
    expect(() => grammarFromYaml("patterns:\n  - match: '{{nope}}'\n")).toThrow(
      'grammar: unknown variable {{nope}}',
    );
  });
});
