import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild, parseShell } from '../../server/src/apkbuild';
import { LINT_RULES, lintApkbuild } from '../../server/src/lint';
import { bashValues } from '../helpers/bash-oracle';
import { applyFixes, HEAD, lint, only, rangeText, single } from '../helpers/lint-cases';
import { corpusFile, corpusPaths } from '../helpers/paths';

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
