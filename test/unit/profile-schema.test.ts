import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/apkbuild';
import { parseProfileYaml } from '../../server/src/hardening';
import builtinCatalogue from '../../server/src/hardening/catalogue.json';
import builtinKnowledge from '../../server/src/hardening/build-knowledge.json';

/** `LINE:COL: message` (from 1) of each diagnostic of a profile text, errors and warnings. */
function problems(text: string): string[] {
  const lines = new LineIndex(text);
  return parseProfileYaml(text).diagnostics.map((d) => {
    const at = lines.positionAt(d.range.start);
    const label = d.severity === 'warning' ? 'warning: ' : '';
    return `${at.line + 1}:${at.character + 1}: ${label}${d.message}`;
  });
}

const withoutComment = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data).filter(([key]) => key !== '$comment'));

describe('the profile schema: every key and every type', () => {
  it('says what a key must be, with its path and place', () => {
    expect(problems('provided:\n  tls: sidecar\nkeep: pcre2\n')).toEqual([
      '3:7: keep: must be a list of names (packages, options, features, capabilities or subpackage suffixes), not a string',
    ]);
    expect(problems('extends: k8s\nreference: [alpine-base]\npackages: [lighttpd, 7]\n')).toEqual([
      "1:10: extends: must be a built-in profile (kubernetes, minimal, none), not 'k8s'",
      '2:12: reference: must be a package name, such as alpine-base, not a list',
      '3:22: packages[1]: must be a name, not a number (7)',
    ]);
    expect(
      problems('subpackages: {drop: dbg}\nprices:\n  default: -1\n  packages: {pcre2: x}\n'),
    ).toEqual([
      '1:21: subpackages.drop: must be a list of subpackage suffixes such as dbg, openrc, not a string',
      '3:12: prices.default: must be a number of 0 or more, not -1',
      '4:21: prices.packages.pcre2: must be a price of 0 or more, not a string',
    ]);
  });

  it('checks names against the catalogue, the profile’s own additions included', () => {
    expect(problems('provided:\n  tls: true\n  telepathy: yes\nunused: [lua, 3]\n')).toEqual([
      '2:8: provided.tls: must be who provides it, such as sidecar, not true',
      expect.stringMatching(
        /^3:3: provided\.telepathy: unknown capability 'telepathy': known ones are tls, /,
      ),
      '4:15: unused[1]: must be a feature or capability, not a number (3)',
    ]);
    const own = 'unused: [frob]\ncatalogue:\n  features:\n    frob: {capability: transport}\n';
    expect(problems(own)).toEqual([]);
    expect(parseProfileYaml('provided:\n  tls:\n').spec.provided).toEqual({ tls: 'the platform' });
  });

  it('reports unknown and twice-set keys at the key, at every level', () => {
    expect(problems('flavour: spicy\nkeep: [a]\nkeep: [b]\n')).toEqual([
      '1:1: flavour: unknown key (known: extends, provided, unused, keep, subpackages, reference, prices, catalogue, knowledge, packages)',
      '3:1: keep: is set twice: keep one',
    ]);
    expect(problems('prices:\n  currency: EUR\n')).toEqual([
      '2:3: prices.currency: unknown key (known: default, tax, packages)',
    ]);
  });

  it('checks a catalogue entry by entry, so a wrong shape is an error instead of a crash', () => {
    expect(problems('catalogue:\n  features: [frob]\n')).toEqual([
      '2:13: catalogue.features: must be a mapping of feature names to features (capability:, tokens:, makedepends:, origins:, sonames:), not a list',
    ]);
    const text = [
      'catalogue:',
      '  features:',
      '    frob:',
      '      tokens: 5',
      '      makedepends: [libfrob-dev, {a: b}]',
      '      colour: blue',
      '  capabilities:',
      '    transport:',
      '      providedFor: {roles: [web]}',
      '  noiseTokens: with',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      '4:15: catalogue.features.frob.tokens: must be a list of words, not a number (5)',
      '5:34: catalogue.features.frob.makedepends[1]: must be a name or glob (* matches any run of characters), not a mapping',
      '6:7: catalogue.features.frob.colour: unknown key (known: capability, tokens, makedepends, origins, sonames)',
      "9:29: catalogue.capabilities.transport.providedFor.roles[0]: must be one of http-server, proxy, mail-server, directory-server, auth-server, dns-server, database-server, message-broker, file-server, vpn, service, client, library, tool, desktop, not 'web'",
      '10:16: catalogue.noiseTokens: must be a list of words, not a string',
    ]);
  });

  it('checks build knowledge: enums, nested options, required keys', () => {
    const text = [
      'knowledge:',
      '  packages:',
      '    myd:',
      '      role: http-server',
      '      choices:',
      '        - options: [--with-openssl, --with-gnutls]',
      '      options:',
      '        with_tls: {default: maybe, implicit: yes}',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      '6:11: knowledge.packages.myd.choices[0]: is missing off: (the option as written to switch them all off or nothing)',
      "8:29: knowledge.packages.myd.options.with_tls.default: must be one of on, off, not 'maybe'",
      '8:46: knowledge.packages.myd.options.with_tls.implicit: must be true or false, not a string',
    ]);
  });

  it('reports what is not YAML, or not a mapping, and keeps warnings apart', () => {
    expect(problems('unused: [brotli\n')).toEqual([
      expect.stringMatching(/^2:1: not valid YAML: Flow sequence/),
    ]);
    expect(problems('- a\n- b\n')).toEqual([
      '1:1: must be a mapping of keys such as provided:, unused:, keep:, not a list',
    ]);
    expect(problems('keep: !weird [a]\n')).toEqual([
      '1:7: warning: not valid YAML: Unresolved tag: !weird',
    ]);
    expect(problems('# nothing yet\n')).toEqual([]);
  });

  it('accepts the built-in catalogue and build knowledge written as a profile', () => {
    const asProfile = {
      extends: 'kubernetes',
      catalogue: withoutComment(builtinCatalogue),
      knowledge: withoutComment(builtinKnowledge),
    };
    expect(problems(stringify(asProfile))).toEqual([]);
    // JSON is YAML too: the files can be pasted as they are.
    expect(problems(`catalogue: ${JSON.stringify(asProfile.catalogue)}\n`)).toEqual([]);
  });
});

describe('profile YAML is read within bounds', () => {
  it('follows a few aliases like plain values', () => {
    const text = 'unused: &quiet [lua, zstd]\nkeep: *quiet\n';
    expect(problems(text)).toEqual([]);
    expect(parseProfileYaml(text).spec.keep).toEqual(['lua', 'zstd']);
    expect(problems('keep: *nowhere\n')).toEqual(['1:7: keep: the alias *nowhere names no anchor']);
  });

  it('refuses an alias bomb and an alias that holds itself', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, of] of ['ba', 'cb', 'dc', 'ed', 'fe', 'gf'])
      rows.push(`${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`);
    rows.push('keep: *g');
    expect(problems(rows.join('\n') + '\n')).toEqual([
      '7:8: YAML aliases expand to more than 100000 values: refused (an alias bomb?)',
    ]);
    expect(problems('keep: &k [a, *k]\n')).toEqual([
      '1:10: a YAML alias stands for a node that holds it: refused',
    ]);
  });

  it('refuses brackets nested too deep before parsing them, and stays exact about strings', () => {
    const deep = `keep: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`;
    expect(problems(deep)).toEqual([
      '1:39: nested more than 32 levels deep: refused (a profile needs a few)',
    ]);
    expect(problems(`keep: ["${'['.repeat(100)}"]\n`)).toEqual([]);
  });

  it('reports the first 100 problems of a file of junk, and how many more there are', () => {
    const junk = Array.from({ length: 250 }, (_, i) => `k${i}: v\n`).join('');
    const found = problems(junk);
    expect(found).toHaveLength(101);
    expect(found[99]).toMatch(/^100:1: k99: unknown key/);
    expect(found[100]).toBe('101:1: and 150 more problems');
  });

  it('keeps a key named __proto__ a plain key', () => {
    const spec = parseProfileYaml('prices:\n  packages:\n    __proto__: 3\n').spec;
    expect(Object.getPrototypeOf(spec.prices!.packages)).toBe(Object.prototype);
    expect(Object.keys(spec.prices!.packages!)).toEqual(['__proto__']);
  });
});
