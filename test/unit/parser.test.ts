import { describe, expect, it } from 'vitest';
import {
  parseShell,
  printTree,
  syntaxTokens,
  type Command,
  type SimpleCommand,
  type Word,
} from '../../server/src/apkbuild';

function only(text: string): Command {
  const result = parseShell(text);
  expect(result.diagnostics).toEqual([]);
  expect(result.script.commands).toHaveLength(1);
  return result.script.commands[0];
}

function simple(text: string): SimpleCommand {
  const command = only(text);
  if (command.kind !== 'simple') throw new Error(`expected a simple command, got ${command.kind}`);
  return command;
}

const textOf = (source: string, node: { start: number; end: number }): string =>
  source.slice(node.start, node.end);
const wordTexts = (source: string, words: Word[]): string[] => words.map((w) => textOf(source, w));

describe('assignments', () => {
  it('keeps the builddir idiom as one assignment (tree-sitter-bash cuts it)', () => {
    const source = 'builddir="$srcdir"/$pkgname-$pkgver\n';
    const command = simple(source);
    expect(command.words).toEqual([]);
    expect(command.assignments).toHaveLength(1);
    const assignment = command.assignments[0];
    expect(assignment.name).toBe('builddir');
    expect(textOf(source, assignment.value!)).toBe('"$srcdir"/$pkgname-$pkgver');
    expect(assignment.value!.parts.map((p) => p.kind)).toEqual([
      'double-quoted',
      'literal',
      'parameter',
      'literal',
      'parameter',
    ]);
  });

  it('reads multi-line quoted values, appends and empty values', () => {
    const source = 'makedepends="\n\tfoo-dev\n\tbar-dev\n\t"\nx+=y\nempty=\n';
    const commands = parseShell(source).script.commands as SimpleCommand[];
    expect(commands.map((c) => c.assignments[0].name)).toEqual(['makedepends', 'x', 'empty']);
    expect(commands[1].assignments[0].append).toBe(true);
    expect(commands[2].assignments[0].value).toBeNull();
  });

  it('parses the assignment arguments of export and local as declarations', () => {
    const source = 'export CFLAGS="$CFLAGS -O2" GOFLAGS=-trimpath\n';
    const command = simple(source);
    expect(wordTexts(source, command.words)).toEqual(['export']);
    expect(command.declarations.map((d) => d.name)).toEqual(['CFLAGS', 'GOFLAGS']);
  });

  it('treats a prefix assignment with a command as the command environment', () => {
    const command = simple('CFLAGS=-O0 ./configure --prefix=/usr\n');
    expect(command.assignments.map((a) => a.name)).toEqual(['CFLAGS']);
    expect(command.words).toHaveLength(2);
  });
});

describe('the line fast path', () => {
  it('builds the same tree for `name=value` and `name() {` lines with and without the fast path', () => {
    const lines = [
      'x=a#b',
      'x="a"#b',
      'x= # empty, then a comment',
      "x='a b' # comment",
      'x="$"',
      'x="$1"',
      'x="${a}"',
      'x="$a$b"',
      'x="$a_b-c $d/e"',
      'x="pre $a post"',
      'x=$a',
      'x+="more"',
      'x="a\\"b"',
      'x="a"\r\ny=1',
      'x="multi\n\tline"\n',
      'x="unterminated',
      'x=',
      'x=a b',
      'x=a;y=b',
    ];
    const functions = [
      'build() {\n\tmake\n}\n',
      'build () { make; }',
      'if() { :; }',
      '_sub-pkg.x() {\n\t:\n}',
      'f() { :; } | cat',
      'f() { :; }; g() { :; }',
      'f() { :; } > log',
      'f() { :; } # comment\n',
      'f() { case x in a) :;; esac; }',
      'f() {\n\tcat <<-EOF\n}\n\tEOF\n}',
      'function f { :; }',
      'f() {',
    ];
    for (const text of [...lines, ...functions])
      for (const lazyFunctionBodies of [false, true]) {
        const fast = parseShell(text, { lazyFunctionBodies });
        const general = parseShell(text, { lazyFunctionBodies, fastAssignments: false });
        expect(JSON.stringify(fast), text).toBe(JSON.stringify(general));
      }
    const value = simple('x="$pkgname-doc $pkgname-dev"').assignments[0]?.value;
    expect(value?.parts[0]?.kind).toBe('double-quoted');
  });
});

describe('words and expansions', () => {
  it('parses every parameter expansion operator the issue lists', () => {
    const forms = [
      '${v:-x}',
      '${v#p}',
      '${v##p}',
      '${v%p}',
      '${v%%p}',
      '${v/a/b}',
      '${v//a/b}',
      '${v:1:2}',
      '${#v}',
      '${v:+y}',
      '${v:=z}',
    ];
    const source = `echo ${forms.join(' ')}\n`;
    const command = simple(source);
    const operators = command.words.slice(1).map((w) => {
      const part = w.parts[0];
      return part.kind === 'parameter' ? part.operator : part.kind;
    });
    expect(operators).toEqual([':-', '#', '##', '%', '%%', '/', '//', ':', 'length', ':+', ':=']);
  });

  it('keeps command substitutions, backticks and arithmetic with their ranges', () => {
    const source = 'x=$(uname -m) y=`date` z=$((1 + 2))\n';
    const parts = simple(source).assignments.map((a) => a.value!.parts[0]);
    expect(parts.map((p) => p.kind)).toEqual([
      'command-substitution',
      'command-substitution',
      'arithmetic',
    ]);
    expect(parts.map((p) => textOf(source, p))).toEqual(['$(uname -m)', '`date`', '$((1 + 2))']);
  });

  it('finds the end of $(...) even with a case pattern parenthesis inside', () => {
    const source = 'x=$(case a in a) echo 1;; esac)\n';
    const value = simple(source).assignments[0].value!;
    expect(textOf(source, value)).toBe('$(case a in a) echo 1;; esac)');
  });

  it('handles escapes and line continuations inside words', () => {
    const source = 'echo a\\ b c\\\nd "e\\"f"\n';
    const command = simple(source);
    expect(wordTexts(source, command.words)).toEqual(['echo', 'a\\ b', 'c\\\nd', '"e\\"f"']);
  });
});

describe('commands', () => {
  it('parses function definitions, including the `a() b() {` form busybox ash accepts', () => {
    const source = 'prepare() build() {\n\tmake\n}\npackage() {\n\t:\n}\n';
    const commands = parseShell(source).script.commands;
    expect(commands.map((c) => c.kind)).toEqual(['function', 'function']);
    const first = commands[0];
    if (first.kind !== 'function' || first.body.kind !== 'function')
      throw new Error('nested definition expected');
    expect([first.name, first.body.name]).toEqual(['prepare', 'build']);
  });

  it('parses case, if, for, while, pipelines and lists', () => {
    const source = [
      'case "$CARCH" in',
      'x86*|arm*) options="!check" ;;',
      '*) ;;',
      'esac',
      'if [ -n "$x" ]; then a=1; elif true; then a=2; else a=3; fi',
      'for f in a b; do echo $f; done',
      'while false; do :; done',
      'grep x file | sort && echo ok || echo no',
      '',
    ].join('\n');
    const result = parseShell(source);
    expect(result.diagnostics).toEqual([]);
    expect(result.script.commands.map((c) => c.kind)).toEqual([
      'case',
      'if',
      'for',
      'while',
      'and-or',
    ]);
    const caseCommand = result.script.commands[0];
    if (caseCommand.kind !== 'case') throw new Error('case expected');
    expect(caseCommand.items.map((i) => wordTexts(source, i.patterns))).toEqual([
      ['x86*', 'arm*'],
      ['*'],
    ]);
  });

  it('skips heredoc bodies without treating them as commands', () => {
    const source = 'cat > x <<-EOF\n\tif this were code ( it is not\n\tEOF\necho after\n';
    const result = parseShell(source);
    expect(result.diagnostics).toEqual([]);
    expect(result.script.commands).toHaveLength(2);
    const redirect = (result.script.commands[0] as SimpleCommand).redirects.find((r) => r.heredoc)!;
    expect(redirect.heredoc?.delimiter).toBe('EOF');
    expect(source.slice(redirect.heredoc!.bodyStart, redirect.heredoc!.bodyEnd)).toBe(
      '\tif this were code ( it is not\n',
    );
  });

  it('parses bash process substitution and [[ ]]', () => {
    const source =
      'while read -r f; do :; done < <(find . -type f)\n[[ $a == x* && -n $b ]] && echo y\n';
    expect(parseShell(source).diagnostics).toEqual([]);
  });
});

describe('losslessness', () => {
  it('tokens cover the file exactly and print it back byte for byte', () => {
    const source =
      '# c\npkgname=x # trailing\nbuild() {\n\tfor f in *.c; do cc "$f" \\\n\t\t-o "${f%.c}"; done\n}\n';
    const result = parseShell(source);
    const tokens = syntaxTokens(source, result);
    let offset = 0;
    for (const token of tokens) {
      expect(token.start).toBe(offset);
      offset = token.end;
    }
    expect(offset).toBe(source.length);
    expect(tokens.filter((t) => t.kind === 'stray')).toEqual([]);
    expect(printTree(source, result)).toBe(source);
  });
});

describe('syntax errors', () => {
  it('reports diagnostics in the order of their position', () => {
    const source = 'build() {\n\tif true; then\n\t\tx=$(echo\n}\n';
    const starts = parseShell(source).diagnostics.map((d) => d.start);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('reports unterminated constructs with their position and still returns a tree', () => {
    const cases: [string, RegExp][] = [
      ['x="abc\n', /unterminated double quote/],
      ["x='abc\n", /unterminated single quote/],
      ['x=$(echo\n', /unterminated '\$\('/],
      ['cat <<EOF\nnever closed\n', /here-document/],
      ['if true; then\n  echo\n', /missing 'fi'/],
      ['build() {\n  make\n', /missing '}'/],
      ['echo ${x\n', /unterminated '\$\{'/],
      ['fi\n', /unexpected 'fi'/],
    ];
    for (const [source, message] of cases) {
      const result = parseShell(source);
      expect(result.diagnostics.map((d) => d.message).join('; ')).toMatch(message);
      expect(printTree(source, result)).toBe(source);
    }
  });
});

describe('dollar signs', () => {
  it('reads a lone $ before a closing double quote as a dollar sign, as bash does', () => {
    const source = 'a="x $"\necho "$"\n';
    const result = parseShell(source);
    expect(result.diagnostics).toEqual([]);
  });
});
