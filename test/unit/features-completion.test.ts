import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type DocumentSymbol,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { analyzeApkbuild, type ApkbuildModel } from '../../server/src/apkbuild';
import { completions, type CompletionProvider } from '../../server/src/features/completion';
import { ABUILD_OPTIONS } from '../../server/src/features/completion-data';
import { definition } from '../../server/src/features/definition';
import { documentSymbols } from '../../server/src/features/document-symbols';
import { lighttpdExample } from '../helpers/paths';

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

function sliceRange(model: ApkbuildModel, range: Range): string {
  return model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function sorted(items: CompletionItem[]): string[] {
  return labels([...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')));
}

function complete(source: string, triggerCharacter?: string, providers?: CompletionProvider[]) {
  const { model, offset } = withCursor(source);
  return { model, items: completions(model, offset, { triggerCharacter, providers }) };
}

describe('completions', () => {
  it('offers APKBUILD variables at a new top-level line, the ones already set last', () => {
    const items = completions(lighttpd, lighttpdText.length);
    const order = sorted(items);
    expect(order.slice(0, 3)).toEqual(['depends', 'depends_dev', 'makedepends_build']);
    expect(order.slice(-3)).toEqual(['pkgusers', 'pkggroups', 'sha512sums']);
    expect(order.indexOf('options')).toBeLessThan(order.indexOf('pkgname'));
    const pkgname = items.find((i) => i.label === 'pkgname');
    expect(pkgname).toMatchObject({
      kind: CompletionItemKind.Variable,
      detail: 'set at line 2',
      insertText: 'pkgname="$1"',
      insertTextFormat: InsertTextFormat.Snippet,
    });
    expect(typeof pkgname?.documentation).toBe('string');
  });

  it('puts the missing required variables first', () => {
    const { items } = complete('pkgname=x\npkgver=1\n‸');
    expect(sorted(items).slice(0, 6)).toEqual([
      'pkgrel',
      'pkgdesc',
      'url',
      'arch',
      'license',
      'depends',
    ]);
    expect(sorted(items).slice(-2)).toEqual(['pkgname', 'pkgver']);
    expect(items.find((i) => i.label === 'pkgrel')).toMatchObject({
      detail: 'required, not set yet',
      insertText: 'pkgrel=${1:0}',
    });
  });

  it('keeps to names the typed word starts, after indentation too', () => {
    expect(labels(complete('case "$CARCH" in\nx86)\n\tmake‸').items)).toEqual([
      'makedepends',
      'makedepends_build',
      'makedepends_host',
    ]);
    expect(complete('frobnicate‸').items).toEqual([]);
  });

  it('offers no names inside a function, a value, a comment, or on a typed space', () => {
    expect(complete('build() {\n\t‸\n}\n').items).toEqual([]);
    expect(complete('pkgdesc="a\n‸"\n').items).toEqual([]);
    expect(complete('# pkg‸\n').items).toEqual([]);
    expect(complete('pkgname=x\n ‸', ' ').items).toEqual([]);
  });

  it('offers the file variables, this function locals and the presets after $', () => {
    const { model, items } = complete(
      '_top=1\nf() { local _mine=2; _glob=3; }\ng() {\n\tlocal _here\n\techo "${_h‸}"\n}\n',
    );
    const names = labels(items);
    expect(names).toEqual(
      expect.arrayContaining(['_top', '_glob', '_here', 'CARCH', 'srcdir', 'pkgdir']),
    );
    expect(names).not.toContain('_mine');
    const top = items.find((i) => i.label === '_top');
    expect(top?.detail).toBe('1');
    expect(sliceRange(model, (top?.textEdit as TextEdit).range)).toBe('_h');
    expect(items.find((i) => i.label === 'CARCH')?.detail).toBe('x86_64');
    expect(items.find((i) => i.label === '_here')?.detail).toBe('local in g()');
  });

  it('offers variables in an auto-closed "$", a ${} and a heredoc that expands', () => {
    const expected = ['pkgname', 'CARCH'];
    expect(labels(complete('pkgname=x\nbuild() {\n\techo "$‸"\n}\n').items)).toEqual(
      expect.arrayContaining(expected),
    );
    expect(labels(complete('pkgname=x\nbuild() {\n\tcd "${‸}"\n}\n').items)).toEqual(
      expect.arrayContaining(expected),
    );
    expect(labels(complete('pkgname=x\ncat <<EOF\n$‸\nEOF\n').items)).toEqual(
      expect.arrayContaining(expected),
    );
    expect(complete("pkgname=x\ncat <<'EOF'\n$‸\nEOF\n").items).toEqual([]);
  });

  it('offers no variables after an escaped $ or inside single quotes', () => {
    expect(complete('build() {\n\techo \\$‸\n}\n').items).toEqual([]);
    expect(complete("build() {\n\techo '$‸'\n}\n").items).toEqual([]);
  });

  it('offers abuild options inside options="", without the ones already there', () => {
    expect(labels(complete('options="‸"\n').items)).toEqual(ABUILD_OPTIONS.map((o) => o.name));
    expect(labels(complete('options="‸').items)).toEqual(ABUILD_OPTIONS.map((o) => o.name));
    const { model, items } = complete('options="net !ch‸ suid"\n');
    expect(labels(items)).toContain('!check');
    expect(labels(items)).not.toContain('net');
    expect(labels(items)).not.toContain('suid');
    const check = items.find((i) => i.label === '!check');
    expect(check?.kind).toBe(CompletionItemKind.EnumMember);
    expect(sliceRange(model, (check?.textEdit as TextEdit).range)).toBe('!ch');
    expect(complete('options=""‸\n').items).toEqual([]);
  });

  it('offers arches and their exclusions inside arch="", in functions too', () => {
    const all = labels(complete('arch="‸"\n').items);
    expect(all.slice(0, 4)).toEqual(['all', 'noarch', 'x86_64', 'x86']);
    expect(all).toEqual(expect.arrayContaining(['loongarch64', '!s390x', '!riscv64', '!armhf']));
    const rest = labels(complete('arch="all !s390x ‸"\n').items);
    expect(rest).not.toContain('all');
    expect(rest).not.toContain('!s390x');
    expect(labels(complete('doc() {\n\tarch="noarch ‸"\n}\n').items)).toContain('x86_64');
  });

  it('passes the cursor context to extra providers and appends their items', () => {
    const seen: string[] = [];
    const mesonValues: CompletionProvider = ({ context }) => {
      seen.push(`${context.kind}:${context.prefix}:${context.functionName}`);
      return context.kind === 'other' && context.prefix.startsWith('-D')
        ? [{ label: `${context.prefix}enabled` }]
        : [];
    };
    const { items } = complete('build() {\n\tabuild-meson -Dfoo=‸\n}\n', undefined, [mesonValues]);
    expect(labels(items)).toEqual(['-Dfoo=enabled']);
    expect(seen).toEqual(['other:-Dfoo=:build']);
  });
});

describe('every offset of the lighttpd example', () => {
  it('gives definitions inside the text, completions without throwing, and nested symbols', () => {
    for (let offset = 0; offset <= lighttpdText.length; offset++) {
      for (const span of definition(lighttpd, offset)) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(lighttpdText.length);
      }
      completions(lighttpd, offset);
    }
    const contains = (outer: Range, inner: Range): boolean =>
      lighttpd.lines.offsetAt(outer.start) <= lighttpd.lines.offsetAt(inner.start) &&
      lighttpd.lines.offsetAt(inner.end) <= lighttpd.lines.offsetAt(outer.end);
    const nested = (symbol: DocumentSymbol): boolean =>
      contains(symbol.range, symbol.selectionRange) &&
      (symbol.children ?? []).every(
        (child) => contains(symbol.range, child.range) && nested(child),
      );
    expect(documentSymbols(lighttpd).every(nested)).toBe(true);
  });
});
