import { describe, expect, it } from 'vitest';
import { compareViewModel, isCompareReport } from '../../client/src/compare-view-model';
import type {
  CompareReport,
  Invoice,
  PackageSummary,
} from '../../server/src/rebuild/compare-report';
import { COMPARE_REPORT_SCHEMA } from '../../server/src/rebuild/compare-report';

/** The seed case's figures (DESIGN §1): lighttpd before and after the kubernetes profile. */
const BEFORE = 'brotli-libs gdbm libdbi libldap libsasl lighttpd lua5.4-libs pcre2 zstd-libs';
const AFTER = 'lighttpd pcre2';
const LEFT_CLOSURE = BEFORE.split(' ').filter((name) => !AFTER.split(' ').includes(name));

function pkg(
  name: string,
  installedSize: number,
  sonames: string[],
  files: string[],
): PackageSummary {
  return {
    file: `${name}-1.4.73-r0.apk`,
    name,
    version: '1.4.73-r0',
    arch: 'x86_64',
    origin: 'lighttpd',
    installedSize,
    fileSize: Math.round(installedSize / 3),
    depends: sonames.map((s) => `so:${s}`),
    provides: [`cmd:${name}=1.4.73-r0`],
    sonamesNeeded: sonames,
    files,
  };
}

function invoice(components: string[]): Invoice {
  const subtotal = components.length;
  return {
    lines: components.map((component) => ({ component, price: 1 })),
    subtotal,
    taxPercent: 10,
    tax: subtotal / 10,
    total: subtotal * 1.1,
  };
}

const report: CompareReport = {
  schema: COMPARE_REPORT_SCHEMA,
  original: {
    source: '/cache/rebuild/lighttpd/original',
    packages: [
      pkg(
        'lighttpd',
        1_200_000,
        ['libc.musl-x86_64.so.1', 'libldap.so.2', 'liblua-5.4.so.0', 'libpcre2-8.so.0'],
        ['usr/lib/lighttpd/mod_authn_ldap.so', 'usr/sbin/lighttpd'],
      ),
      pkg('lighttpd-openrc', 3_000, [], ['etc/init.d/lighttpd']),
    ],
  },
  hardened: {
    source: '/cache/rebuild/lighttpd/hardened',
    packages: [
      pkg('lighttpd', 800_000, ['libc.musl-x86_64.so.1', 'libpcre2-8.so.0'], ['usr/sbin/lighttpd']),
    ],
  },
  packages: [
    {
      name: 'lighttpd',
      presence: 'both',
      depends: { removed: ['so:libldap.so.2', 'so:liblua-5.4.so.0'], added: [], kept: 2 },
      provides: { removed: [], added: [], kept: 1 },
      sonamesNeeded: { removed: ['libldap.so.2', 'liblua-5.4.so.0'], added: [], kept: 2 },
      installedSize: { before: 1_200_000, after: 800_000 },
      files: { removed: ['usr/lib/lighttpd/mod_authn_ldap.so'], added: [], kept: 1 },
    },
    {
      name: 'lighttpd-openrc',
      presence: 'original-only',
      depends: { removed: [], added: [], kept: 0 },
      provides: { removed: ['cmd:lighttpd-openrc=1.4.73-r0'], added: [], kept: 0 },
      sonamesNeeded: { removed: [], added: [], kept: 0 },
      installedSize: { before: 3_000, after: 0 },
      files: { removed: ['etc/init.d/lighttpd'], added: [], kept: 0 },
    },
  ],
  depends: { removed: ['so:libldap.so.2', 'so:liblua-5.4.so.0'], added: [], kept: 2 },
  provides: { removed: ['cmd:lighttpd-openrc=1.4.73-r0'], added: [], kept: 1 },
  sonamesNeeded: { removed: ['libldap.so.2', 'liblua-5.4.so.0'], added: [], kept: 2 },
  installedSize: { before: 1_203_000, after: 800_000 },
  fileCount: { before: 3, after: 1 },
  // apk add of every package built (lighttpd-doc too), and of lighttpd alone (the seed's 9 -> 2).
  closure: {
    before: {
      packages: [...BEFORE.split(' '), 'lighttpd-doc'],
      installedSize: 11_500_000,
      unresolved: [],
    },
    after: {
      packages: [...AFTER.split(' '), 'lighttpd-doc'],
      installedSize: 3_650_000,
      unresolved: [],
    },
    delta: { removed: LEFT_CLOSURE, added: [], kept: 3 },
    main: {
      package: 'lighttpd',
      before: { packages: BEFORE.split(' '), installedSize: 11_300_000, unresolved: [] },
      after: { packages: AFTER.split(' '), installedSize: 3_450_000, unresolved: [] },
      delta: { removed: LEFT_CLOSURE, added: [], kept: 2 },
    },
  },
  passes: {
    before: [
      ['brotli', 'lua5.4', 'openldap', 'openssl', 'zstd'],
      ['cyrus-sasl', 'libtool', 'ncurses', 'util-linux'],
      ['heimdal'],
      ['e2fsprogs'],
    ],
    after: [['openssl']],
    delta: {
      removed: [
        'brotli',
        'cyrus-sasl',
        'e2fsprogs',
        'heimdal',
        'libtool',
        'lua5.4',
        'ncurses',
        'openldap',
        'util-linux',
        'zstd',
      ],
      added: [],
      kept: 1,
    },
  },
  cost: {
    basis: 'install-closure',
    before: invoice(BEFORE.split(' ')),
    after: invoice(AFTER.split(' ')),
  },
  warnings: ['lighttpd-dbg-1.4.73-r0.apk: not an apk (no .PKGINFO)'],
};

describe('the compare view model', () => {
  const model = compareViewModel(report);

  it('charts the install closure, sizes, sonames, files and passes before and after', () => {
    expect(model.title).toBe('Compare lighttpd');
    expect(model.bars.map((b) => [b.label, b.before, b.after])).toEqual([
      ['apk add lighttpd: packages', 9, 2],
      ['apk add lighttpd: installed size', 11_300_000, 3_450_000],
      ['every package built: packages', 10, 3],
      ['every package built: installed size', 11_500_000, 3_650_000],
      ['installed size of the build', 1_203_000, 800_000],
      ['sonames needed', 4, 2],
      ['files', 3, 1],
      ['origins built from source', 11, 1],
    ]);
    expect(model.bars.filter((b) => b.unit === 'bytes').map((b) => b.label)).toEqual([
      'apk add lighttpd: installed size',
      'every package built: installed size',
      'installed size of the build',
    ]);
  });

  it('lists what left the closure, the sonames and depends removed, and the origins no longer built', () => {
    expect(model.closure?.label).toBe('apk add lighttpd');
    expect(model.closure?.removed).toEqual(LEFT_CLOSURE);
    expect(model.closure?.removed).toHaveLength(7);
    expect(model.closure?.after).toEqual(['lighttpd', 'pcre2']);
    expect(model.removedSonames).toEqual(['libldap.so.2', 'liblua-5.4.so.0']);
    expect(model.removedDepends).toEqual(['so:libldap.so.2', 'so:liblua-5.4.so.0']);
    expect(model.passes?.removed).toContain('openldap');
    expect(model.passes?.after).toEqual([['openssl']]);
  });

  it('keeps both invoices and names the components no longer paid for', () => {
    expect(model.invoice.basis).toBe('install-closure');
    expect(model.invoice.before.total).toBeCloseTo(9.9);
    expect(model.invoice.after.total).toBeCloseTo(2.2);
    expect(model.invoice.dropped).toEqual(model.closure?.removed);
  });

  it('gives a size row per package, and the warnings', () => {
    expect(model.packages).toEqual([
      {
        name: 'lighttpd',
        presence: 'both',
        sizeBefore: 1_200_000,
        sizeAfter: 800_000,
        filesRemoved: 1,
      },
      {
        name: 'lighttpd-openrc',
        presence: 'original-only',
        sizeBefore: 3_000,
        sizeAfter: 0,
        filesRemoved: 1,
      },
    ]);
    expect(model.warnings).toEqual(report.warnings);
  });

  it('without an index or a tree, has no closure or passes, and charts the rest', () => {
    const bare = compareViewModel({ ...report, closure: null, passes: null });
    expect(bare.closure).toBeNull();
    expect(bare.passes).toBeNull();
    expect(bare.bars.map((b) => b.label)).toEqual([
      'installed size of the build',
      'sonames needed',
      'files',
    ]);
  });

  it('reads only reports of its schema', () => {
    expect(isCompareReport(JSON.parse(JSON.stringify(report)))).toBe(true);
    expect(isCompareReport({ schema: 'apkbuild-hardening/compare-report/2' })).toBe(false);
    expect(isCompareReport(null)).toBe(false);
  });
});
