import { describe, expect, it } from 'vitest';
import { parseShell, sourceApkbuild } from '../../server/src/apkbuild';
import { skimBraceGroup } from '../../server/src/apkbuild/skim-body';

/** The end the skimmer finds for the first `{` of `text`, checked against the parser's. */
function skim(text: string): number | null {
  const end = skimBraceGroup(text, text.indexOf('{'));
  if (end !== null) {
    const fn = parseShell(text).script.commands[0];
    expect(fn?.kind === 'function' ? fn.body.end : -1).toBe(end);
  }
  return end;
}

describe('skimming a function body to its closing brace', () => {
  it('follows quotes, expansions, comments and heredocs that hold braces', () => {
    const bodies = [
      'f() {\n\techo "}" \'}\' \\} ${x%\\}} $(printf "}")\n}\n',
      'f() {\n\t# a comment with } in it\n\tsed -i "s/{a}/b/" x\n}\n',
      "f() {\n\tcat > x <<-EOF\n\t}\n\tEOF\n\tcat <<'END'\n}\nEND\n}\n",
      'f() {\n\tfor x in a b; do { echo $x; } done\n\tif true; then echo; fi }\n',
      'f() {\n\tfind . -exec rm {} \\;\n\techo } ; echo $(( (1 + 2) * 3 ))\n}\n',
      'f() { g() { :; }; g; }\n',
    ];
    for (const text of bodies) expect(skim(text), text).toBe(text.trimEnd().length);
  });

  it('leaves to the parser what it does not follow for certain', () => {
    expect(skim('f() {\n\tcase $x in a) echo;; esac\n}\n')).toBeNull();
    expect(skim('f() {\n\techo "${x:-\'}\'}"\n}\n')).toBeNull();
    expect(skim('f() {\r\n\techo\r\n}\r\n')).toBeNull();
    expect(skim('f() {\n\techo "unterminated\n}\n')).toBeNull();
    expect(skim('f() {\n\techo\n')).toBeNull();
    expect(skimBraceGroup('f() {echo; }', 4)).toBeNull(); // `{echo` is a word, not a group
  });
});

describe('values read with function bodies left unparsed', () => {
  it('parses a body when the file calls the function at its top level', () => {
    const values = sourceApkbuild(
      'pkgname=a\n_ver() {\n\tcase 1 in 1) pkgver=1.2;; esac\n\tpkgrel=3\n}\n_ver\n',
    );
    expect(values.value('pkgver')).toEqual({ known: true, value: '1.2' });
    expect(values.value('pkgrel')).toEqual({ known: true, value: '3' });
  });

  it('still stops at a syntax error outside function bodies', () => {
    const values = sourceApkbuild('pkgname=a\nif then\npkgver=1\n');
    expect(values.syntaxDiagnostics.length).toBeGreaterThan(0);
    expect(values.value('pkgver')?.known).toBe(false);
  });
});
