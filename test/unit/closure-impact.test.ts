import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { analyzeHardening, parseProfileYaml, resolveProfile } from '../../server/src/hardening';
import { closureImpact, indexPackages, readApkIndex } from '../../server/src/sbom';
import { lighttpdExample, sharedRoot } from '../helpers/paths';

describe('findings weighed against a real APKINDEX (v3.19.0)', () => {
  const read = readApkIndex(
    readFileSync(join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz')),
    'APKINDEX.tar.gz',
  );
  const index = indexPackages(read.packages);
  const impact = closureImpact(index, 'lighttpd', ['alpine-base']);

  it('tells what each removable option takes out of the install closure', () => {
    // libsasl comes with libldap, and gdbm with libsasl.
    expect(impact(['libldap.so.*', 'liblber.so.*'])).toEqual(['gdbm', 'libldap', 'libsasl']);
    expect(impact(['libssl.so.*', 'libcrypto.so.*'])).toEqual([]); // apk-tools in alpine-base needs openssl anyway
    expect(impact(['libnothing.so.*'])).toEqual([]);
  });

  it('puts the impact in the finding', () => {
    const spec = parseProfileYaml(
      'provided: { tls: sidecar, authentication: api-gateway }\nunused: [brotli, dbi, lua, webdav, zstd]\n',
    ).spec;
    const model = analyzeApkbuild(readFileSync(lighttpdExample, 'utf8'));
    const analysis = analyzeHardening(model, resolveProfile(spec, 'seed'), {
      closureWithout: impact,
    });
    const ldap = analysis.findings.find((f) => f.subject === '-Dwith_ldap=enabled')!;
    expect(ldap.evidence.closureDrops).toEqual(['gdbm', 'libldap', 'libsasl']);
    expect(ldap.message).toMatch(
      /Removing it drops 3 packages from the install closure \(gdbm, libldap, libsasl\)\.$/,
    );
    // Together: the 9 packages lighttpd adds on top of alpine-base, less lighttpd and pcre2.
    const all = new Set(analysis.findings.flatMap((f) => f.evidence.closureDrops ?? []));
    expect([...all].sort()).toEqual([
      'brotli-libs',
      'gdbm',
      'libdbi',
      'libldap',
      'libsasl',
      'lua5.4-libs',
      'zstd-libs',
    ]);
  });
});
