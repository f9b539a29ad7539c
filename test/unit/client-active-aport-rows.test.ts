import { describe, expect, it } from 'vitest';
import { activeNodes } from '../../client/src/active-aport-rows';
import type { ResolveResult } from '../../server/src/protocol';

/** What apkbuild/resolve answers for examples/lighttpd with the v3.19 main index (seed case). */
const CLOSURE = 'brotli-libs gdbm libdbi libldap libsasl lighttpd lua5.4-libs pcre2 zstd-libs';
const resolved: ResolveResult = {
  package: 'lighttpd',
  aportsRoot: '/aports',
  passes: [['brotli', 'lua5.4', 'openldap'], ['cyrus-sasl', 'gcc'], ['heimdal']],
  cycles: [],
  unresolved: [],
  closure: { added: CLOSURE.split(' '), whole: CLOSURE.split(' '), installedSize: 1 },
  secondary: null,
  notes: [],
};

describe('the rows of the Active APKBUILD view', () => {
  it('gives the closure with its packages and each pass with its origins', () => {
    const [closure, passes] = activeNodes(resolved);
    expect(closure).toMatchObject({
      label: 'Install closure: 9 packages',
      description: 'apk add lighttpd',
    });
    expect(closure.children.map((c) => c.label)).toEqual(CLOSURE.split(' '));
    expect(passes).toMatchObject({ label: 'Build passes', description: '3 passes, 6 origins' });
    expect(passes.children.map((c) => [c.label, c.description])).toEqual([
      ['pass 1', 'brotli, lua5.4, openldap'],
      ['pass 2', 'cyrus-sasl, gcc'],
      ['pass 3', 'heimdal'],
    ]);
  });

  it('says what is missing, a click away from the setting that supplies it', () => {
    const note = 'no install closure: set apkbuild.apkindex to an APKINDEX (or apkbuild.sbom)';
    const rows = activeNodes({ ...resolved, closure: null, passes: [], notes: [note] });
    expect(rows).toEqual([
      { label: note, icon: 'info', children: [], setting: 'apkbuild.apkindex' },
    ]);
  });
});
