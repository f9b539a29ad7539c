import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild, parseShell } from '../../server/src/apkbuild';
import { LINT_RULES, lintApkbuild, type LintFinding } from '../../server/src/lint';
import { bashValues } from '../helpers/bash-oracle';
import { corpusFile, corpusPaths } from '../helpers/paths';

/** The variables abuild validate requires, so the snippets below only show what they test. */
const HEAD =
  'pkgname=foo\npkgver=1.0\npkgrel=0\npkgdesc="Foo"\nurl="https://example.org"\narch="all"\nlicense="MIT"\n';

function lint(text: string): LintFinding[] {
  return lintApkbuild(analyzeApkbuild(text));
}

function only(code: string, text: string): LintFinding[] {
  return lint(text).filter((f) => f.code === code);
}

function rangeText(text: string, finding: LintFinding): string {
  return text.slice(finding.range.start, finding.range.end);
}

/** Applies the fixes in order, skipping an edit that overlaps one already taken. */
function applyFixes(text: string, findings: readonly LintFinding[]): string {
  const taken: { start: number; end: number; newText: string }[] = [];
  for (const finding of findings)
    for (const edit of finding.fix?.edits ?? [])
      if (taken.every((t) => edit.range.end <= t.start || edit.range.start >= t.end))
        taken.push({ ...edit.range, newText: edit.newText });
  let fixed = text;
  for (const edit of taken.sort((a, b) => b.start - a.start))
    fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
  return fixed;
}

/** The one finding of `code` in `text`: its range text, and the file after its fix. */
function single(code: string, text: string): { range: string; fixed: string | null } {
  const findings = only(code, text);
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  const fixed = finding.fix ? applyFixes(text, [finding]) : null;
  if (fixed !== null) expect(parseShell(fixed).diagnostics).toEqual([]);
  return { range: rangeText(text, finding), fixed };
}

describe('required variables', () => {
  it('reports each unset one on the first line', () => {
    const text = '# Maintainer: A <a@b.c>\npkgname=foo\npackage() {\n\t:\n}\n';
    const findings = lint(text);
    expect(findings.map((f) => f.code)).toEqual([
      'apkbuild/missing-pkgver',
      'apkbuild/missing-pkgrel',
      'apkbuild/missing-pkgdesc',
      'apkbuild/missing-url',
      'apkbuild/missing-license',
      'apkbuild/missing-arch',
    ]);
    // abuild validate dies on the first five; it does not check arch (abuild.in, default_validate).
    expect(findings.map((f) => f.severity)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'warning',
    ]);
    expect(rangeText(text, findings[0])).toBe('# Maintainer: A <a@b.c>');
    expect(findings[0].message).toMatch(/pkgver is not set.*Add/);
  });

  it('counts a value known to be empty as missing, as abuild does ([ -z "$x" ]), not an unknown one', () => {
    const text = HEAD.replace('url="https://example.org"', 'url="$(cat url)"').replace(
      'pkgdesc="Foo"',
      'pkgdesc=""',
    );
    const missing = lint(text).filter((f) => f.code.startsWith('apkbuild/missing-'));
    expect(missing.map((f) => [f.code, f.message])).toEqual([
      [
        'apkbuild/missing-pkgdesc',
        'pkgdesc is empty; abuild validate refuses the APKBUILD. Add a top-level pkgdesc="..." assignment.',
      ],
    ]);
  });
});

describe('AL15 pkgver with -rN and AL14 uppercase pkgname', () => {
  it('points at the value', () => {
    expect(single('AL15', HEAD.replace('pkgver=1.0', 'pkgver="1.0-r2"')).range).toBe('"1.0-r2"');
    expect(single('AL14', HEAD.replace('pkgname=foo', 'pkgname=Foo')).range).toBe('Foo');
    expect(single('AL14', '_n=Bar\n' + HEAD.replace('pkgname=foo', 'pkgname=$_n')).range).toBe(
      '$_n',
    );
  });

  it('flags the _rN and -rc forms too, as apkbuild-lint does, and says how to write them', () => {
    expect(single('AL15', HEAD.replace('pkgver=1.0', 'pkgver=1.0_r3')).range).toBe('1.0_r3');
    const rc = only('AL15', HEAD.replace('pkgver=1.0', 'pkgver=1.0-rc1'));
    expect(rc.map((f) => f.message)).toEqual([
      'pkgver "1.0-rc1" contains -rc, which apk does not read as a release candidate. Write it as _rc (1.0_rc1).',
    ]);
  });

  it('judges the value, not the text', () => {
    expect(only('AL15', HEAD.replace('pkgver=1.0', 'pkgver=1.0_rc1'))).toEqual([]);
    expect(only('AL14', '_PN=foo\n' + HEAD.replace('pkgname=foo', 'pkgname=$_PN'))).toEqual([]);
  });
});

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

describe('AL6 custom variables', () => {
  it('flags a top-level name that is neither an APKBUILD variable nor _custom', () => {
    const text = HEAD + 'reporev=abc\nsource="x-$reporev.tar.gz"\n';
    expect(single('AL6', text).range).toBe('reporev');
    expect(only('AL6', text)[0].message).toMatch(/_reporev/);
  });

  it('accepts _names, per-subpackage variables, tool settings and exports', () => {
    const text =
      HEAD +
      '_commit=abc\ndepends_doc="man-pages"\nCFLAGS="$CFLAGS -O2"\nCARGO_HOME="$srcdir"/cargo\n' +
      'export GOFLAGS="-trimpath"\nBAR=1\nexport BAR\nbuild() {\n\tlocal_var=1\n}\n';
    expect(only('AL6', text)).toEqual([]);
  });
});

describe('AL8 trailing whitespace', () => {
  it('covers the blanks and deletes them', () => {
    const { range, fixed } = single('AL8', HEAD + 'depends="a" \t\n');
    expect(range).toBe(' \t');
    expect(fixed).toBe(HEAD + 'depends="a"\n');
    expect(single('AL8', HEAD + 'source="a  \n\tb"\n').fixed).toBe(HEAD + 'source="a\n\tb"\n');
  });

  it('offers no fix where the blanks belong to a value', () => {
    expect(single('AL8', HEAD + 'build() {\n\tcat <<EOF\nx  \nEOF\n}\n').fixed).toBeNull();
    expect(single('AL8', HEAD + '_x="a  \nb"\n').fixed).toBeNull();
    expect(single('AL8', HEAD + '_x=a\\ \n').fixed).toBeNull();
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

describe('AL25 backticks', () => {
  it('suggests $(...) and rewrites a body without backslashes', () => {
    const { range, fixed } = single('AL25', HEAD + '_v=`uname -r`\n');
    expect(range).toBe('`uname -r`');
    expect(fixed).toBe(HEAD + '_v=$(uname -r)\n');
    expect(single('AL25', HEAD + 'build() {\n\techo "`printf \\\\n`"\n}\n').fixed).toBeNull();
  });

  it('ignores backticks in comments and single quotes', () => {
    expect(only('AL25', HEAD + "# run `make`\n_x='`a`'\n")).toEqual([]);
  });
});

describe('broken input', () => {
  it('never throws and keeps ranges inside the text', () => {
    for (const text of [
      '',
      'pkgname="abc',
      'build() {\n\tcd "$builddir"\n',
      'makedepends="a a\nsource=`x',
      'depends= \t\n\0\0\n_v=`',
      'cat <<EOF\nx  \n',
      '\u00e9\r\npkgver=1-r1 \r\n',
    ]) {
      for (const f of lint(text)) {
        expect(f.range.start).toBeGreaterThanOrEqual(0);
        expect(f.range.end).toBeLessThanOrEqual(text.length);
        for (const edit of f.fix?.edits ?? [])
          expect(edit.range.end).toBeLessThanOrEqual(text.length);
      }
    }
  });
});

describe('LINT_RULES', () => {
  it('lists each code once, with a description', () => {
    const codes = LINT_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(LINT_RULES.every((r) => r.description.length > 10)).toBe(true);
  });
});

const COMPARED = ['pkgname', 'pkgver', 'pkgrel', 'makedepends', 'depends', 'subpackages', 'source'];

/**
 * What abuild makes of a value: unset and empty lists are the same to it, fixes may change the
 * blanks between words, and removing a repeated word keeps the first copy, so lists compare as
 * their distinct words in order. The scalars must stay byte for byte.
 */
function meaning(name: string, value: string | null): string {
  if (['pkgname', 'pkgver', 'pkgrel'].includes(name)) return JSON.stringify(value);
  const words = (value ?? '').split(/[ \t\n]+/).filter((w) => w !== '');
  return [...new Set(words)].join(' ');
}

/** bashValues in chunks: its whole script is one argument, which Linux caps at 128 KiB. */
function sourced(scripts: readonly string[]): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let i = 0; i < scripts.length; i += 40)
    rows.push(...bashValues(scripts.slice(i, i + 40), COMPARED));
  return rows;
}

describe('lint on the corpus', () => {
  const counts = new Map<string, { findings: number; files: number; fixes: number }>();
  const fixedFiles: { path: string; text: string; fixed: string }[] = [];
  const broken: string[] = [];
  let files = 0;

  beforeAll(() => {
    for (const path of corpusPaths()) {
      const text = readFileSync(corpusFile(path), 'utf8');
      const startdir = `/home/buildozer/aports/${path.replace(/\/APKBUILD$/, '')}`;
      const findings = lintApkbuild(analyzeApkbuild(text, { startdir }));
      files++;
      for (const code of new Set(findings.map((f) => f.code))) {
        const count = counts.get(code) ?? { findings: 0, files: 0, fixes: 0 };
        count.files++;
        counts.set(code, count);
      }
      for (const f of findings) {
        const count = counts.get(f.code)!;
        count.findings++;
        if (f.fix) count.fixes++;
      }
      const fixed = applyFixes(text, findings);
      if (fixed === text) continue;
      fixedFiles.push({ path, text, fixed });
      if (parseShell(fixed).diagnostics.length > parseShell(text).diagnostics.length)
        broken.push(path);
    }
    const table = [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([code, c]) =>
          `${code.padEnd(26)} ${String(c.findings).padStart(6)} ${String(c.files).padStart(6)} ${String(c.fixes).padStart(6)}`,
      );
    console.log(
      [`code                       findings  files  fixes   (${files} files)`, ...table].join('\n'),
    );
  });

  it('lints every file and uses only codes from LINT_RULES', () => {
    expect(files).toBe(11963);
    const known = new Set(LINT_RULES.map((r) => r.code));
    expect([...counts.keys()].filter((code) => !known.has(code))).toEqual([]);
  });

  it('does not flood: AL6 fires on few files, since Alpine requires _ for custom variables', () => {
    const al6 = counts.get('AL6')?.files ?? 0;
    console.log(`AL6 fires on ${al6} of ${files} files`);
    expect(al6).toBeLessThan(files / 100);
  });

  it('offers fixes that keep every file parsing', () => {
    expect(fixedFiles.length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it('offers fixes after which bash sources the same package metadata (up to 200 files)', () => {
    const step = Math.max(1, Math.floor(fixedFiles.length / 200));
    const sample = fixedFiles.filter((_, i) => i % step === 0).slice(0, 200);
    const before = sourced(sample.map((s) => s.text));
    const after = sourced(sample.map((s) => s.fixed));
    const changed: string[] = [];
    sample.forEach((s, i) =>
      COMPARED.forEach((name, j) => {
        if (meaning(name, before[i][j]) !== meaning(name, after[i][j]))
          changed.push(`${s.path} ${name}: ${before[i][j]} -> ${after[i][j]}`);
      }),
    );
    expect(sample.length).toBe(Math.min(200, fixedFiles.length));
    expect(changed).toEqual([]);
  });
});
