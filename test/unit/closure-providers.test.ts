import { describe, expect, it } from 'vitest';
import { indexPackages, installClosure, parseIndexText } from '../../server/src/sbom';

/**
 * How apk-tools picks a provider (src/solver.c of apk-tools 2.14: select_package and
 * compare_providers), each rule on a small index. The oracle test
 * (test/rebuild/apk-closure-oracle.test.ts) runs real apk 2.14.4 on the same cases (its
 * RULE_RECORDS) and on the shared indexes.
 */
const index = (...records: string[]) =>
  indexPackages(parseIndexText(records.join('\n\n'), 'rules').packages);

const provider = (closure: ReturnType<typeof installClosure>, token: string) =>
  closure.resolutions.find((r) => r.token === token)?.provider;

describe('select_package: a virtual provide without provider_priority is never picked', () => {
  // v3.12/v3.14 busybox: `p:/bin/sh cmd:busybox cmd:sh`, no k:. apk-tools 2.14.4 answers
  // "/bin/sh (virtual): please select one of the 'provided by' packages explicitly".
  const shells = index(
    'P:app\nV:1-r0\nD:/bin/sh\nI:1',
    'P:busybox\nV:1.31.1-r22\np:/bin/sh cmd:sh\nI:2',
    'P:needs-busybox\nV:1-r0\nD:/bin/sh busybox\nI:3',
  );

  it('even as the only provider: unresolved, naming the provider', () => {
    const closure = installClosure(shells, ['app']);
    expect(closure.packages.map((p) => p.name)).toEqual(['app']);
    expect(closure.unresolved).toEqual([
      {
        token: '/bin/sh',
        neededBy: 'app',
        reason:
          '/bin/sh is provided only as a virtual name without provider_priority (by busybox): ' +
          'apk installs none of them for it, one must be asked for by name',
      },
    ]);
  });

  it('satisfied when the provider is installed by its own name, in whatever order', () => {
    const closure = installClosure(shells, ['needs-busybox']);
    expect(closure.unresolved).toEqual([]);
    expect(provider(closure, '/bin/sh')).toBe('busybox');
    expect(installClosure(shells, ['app', 'busybox']).unresolved).toEqual([]);
  });

  it('not applied to a package read from an SBOM, which carries no k:', () => {
    const fromSbom = indexPackages(
      shells.packages.map((pkg) => ({ ...pkg, providerPriorityUnknown: true })),
    );
    const closure = installClosure(fromSbom, ['app']);
    expect(closure.unresolved).toEqual([]);
    expect(provider(closure, '/bin/sh')).toBe('busybox');
  });

  it('a provider_priority makes it selectable (v3.19 busybox-binsh, k:100)', () => {
    const closure = installClosure(
      index(
        'P:app\nV:1-r0\nD:/bin/sh\nI:1',
        'P:busybox-binsh\nV:1.36.1-r15\nk:100\np:/bin/sh\nI:2',
      ),
      ['app'],
    );
    expect(closure.unresolved).toEqual([]);
    expect(provider(closure, '/bin/sh')).toBe('busybox-binsh');
  });
});

describe('compare_providers: version of the name asked for, then provider_priority', () => {
  it('the newest provided version wins over a higher provider_priority', () => {
    const closure = installClosure(
      index(
        'P:app\nV:1-r0\nD:cmd:tool\nI:1',
        'P:tool-old\nV:1-r0\nk:50\np:cmd:tool=1.0\nI:1',
        'P:tool-new\nV:1-r0\np:cmd:tool=2.0\nI:1',
      ),
      ['app'],
    );
    expect(provider(closure, 'cmd:tool')).toBe('tool-new');
  });

  it('a virtual provide ties with a versioned one: provider_priority decides', () => {
    // apk_version_compare of a null version and a version is neither less nor greater.
    const closure = installClosure(
      index(
        'P:app\nV:1-r0\nD:mail\nI:1',
        'P:mail\nV:9-r0\nI:1',
        'P:other-mta\nV:1-r0\nk:10\np:mail\nI:1',
      ),
      ['app'],
    );
    expect(provider(closure, 'mail')).toBe('other-mta');
  });

  it('equal providers: the first in the index, as apk keeps the first it meets', () => {
    const records = ['P:app\nV:1-r0\nD:so:libx.so.1\nI:1'];
    const a = 'P:libx-a\nV:1-r0\np:so:libx.so.1=1\nI:1';
    const b = 'P:libx-b\nV:1-r0\np:so:libx.so.1=1\nI:1';
    expect(provider(installClosure(index(...records, a, b), ['app']), 'so:libx.so.1')).toBe(
      'libx-a',
    );
    expect(provider(installClosure(index(...records, b, a), ['app']), 'so:libx.so.1')).toBe(
      'libx-b',
    );
  });
});

describe('apk_solver_solve: names with one candidate are settled before a choice', () => {
  it('a provider required by name wins over a higher provider_priority met first', () => {
    // v3.14.0: acf-db-lib needs `lua` and acf-core; acf-core needs lua5.2 (which provides lua).
    // apk installs lua5.2 only; lua5.1 (k:100) would be the pick for `lua` on its own.
    const lua = index(
      'P:acf-db-lib\nV:1-r0\nD:lua acf-core\nI:1',
      'P:acf-core\nV:1-r0\nD:lua5.2\nI:1',
      'P:lua5.1\nV:5.1.5-r7\nk:100\np:lua\nI:1',
      'P:lua5.2\nV:5.2.4-r7\np:lua\nI:1',
    );
    const closure = installClosure(lua, ['acf-db-lib']);
    expect(closure.packages.map((p) => p.name)).toEqual(['acf-db-lib', 'acf-core', 'lua5.2']);
    expect(provider(closure, 'lua')).toBe('lua5.2');
    expect(provider(installClosure(lua, ['lua']), 'lua')).toBeUndefined();
    expect(installClosure(lua, ['lua']).packages.map((p) => p.name)).toEqual(['lua5.1']);
  });
});
