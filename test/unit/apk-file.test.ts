import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePkgInfo, readApkBytes, readApkFile } from '../../server/src/rebuild/apk-file';
import { apkBytes, pkginfoText, tarBytes } from '../helpers/apk-writer';

const PKGINFO = {
  pkgname: 'lighttpd',
  pkgver: '1.4.73-r0',
  arch: 'x86_64',
  origin: 'lighttpd',
  size: 123456,
  depend: ['so:libc.musl-x86_64.so.1', 'so:libpcre2-8.so.0', '!lighttpd-mod_legacy'],
  provides: ['cmd:lighttpd=1.4.73-r0', 'cmd:lighttpd-angel=1.4.73-r0'],
};

/** DT_NEEDED as readelf prints it: `(NEEDED) Shared library: [libc.so.6]`. */
function readelfNeeded(path: string): string[] {
  const out = execFileSync('readelf', ['-d', path], { encoding: 'utf8' });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

async function read(bytes: Buffer, limits?: { maxBytes: number; maxEntries: number }) {
  return readApkBytes(bytes, 'lighttpd-1.4.73-r0.apk', limits);
}

describe('.apk reader', () => {
  it('reads .PKGINFO with repeated keys, the file list and the ELF files', async () => {
    const ls = readFileSync('/bin/ls');
    const bytes = await apkBytes({
      pkginfo: PKGINFO,
      files: [
        { name: 'usr/', type: 'directory' },
        { name: 'usr/sbin/', type: 'directory' },
        { name: 'usr/sbin/lighttpd', data: ls },
        { name: 'etc/lighttpd/lighttpd.conf', data: 'server.port = 80\n' },
        { name: 'usr/sbin/lighttpd-link', type: 'symlink', linkname: 'lighttpd' },
      ],
    });
    const read1 = await read(bytes);
    expect(read1.ok).toBe(true);
    if (!read1.ok) return;
    const { apk } = read1;
    expect(apk.pkginfo.get('depend')).toEqual(PKGINFO.depend);
    expect(apk.pkginfo.get('provides')).toEqual(PKGINFO.provides);
    expect(apk.pkginfo.get('size')).toEqual(['123456']);
    expect(apk.files).toEqual([
      'etc/lighttpd/lighttpd.conf',
      'usr/sbin/lighttpd',
      'usr/sbin/lighttpd-link',
    ]);
    expect(apk.dataBytes).toBe(ls.length + 'server.port = 80\n'.length);
    expect(apk.elf).toEqual([{ path: 'usr/sbin/lighttpd', needed: readelfNeeded('/bin/ls') }]);
    expect(apk.warnings).toEqual([]);
  });

  it('needs all three gzip members: the first alone holds only the signature', async () => {
    const bytes = await apkBytes({ pkginfo: PKGINFO, files: [{ name: 'a', data: 'x' }] });
    const signatureOnly = gzipSync(gunzipSync(bytes).subarray(0, 1024));
    expect(await read(signatureOnly)).toEqual({
      ok: false,
      message: 'lighttpd-1.4.73-r0.apk: no .PKGINFO in the control part',
    });
    // Control split over two members still reads: members are joined before the tar is read.
    const control = await tarBytes([{ name: '.PKGINFO', data: pkginfoText(PKGINFO) }], true);
    const data = await tarBytes([{ name: 'a', data: 'x' }], false);
    const split = Buffer.concat([
      gzipSync(control.subarray(0, 512)),
      gzipSync(control.subarray(512)),
      gzipSync(data),
    ]);
    const result = await read(split);
    expect(result.ok && result.apk.files).toEqual(['a']);
  });

  it('warns when the data part is missing', async () => {
    const control = await tarBytes([{ name: '.PKGINFO', data: pkginfoText(PKGINFO) }], true);
    const result = await read(gzipSync(control));
    expect(result.ok && result.apk.warnings).toEqual([
      'lighttpd-1.4.73-r0.apk: no data part: the package holds no files',
    ]);
  });

  it('names the file when .PKGINFO is missing', async () => {
    const bytes = await apkBytes({ pkginfo: {}, omitPkginfo: true, files: [{ name: 'a' }] });
    expect(await read(bytes)).toEqual({
      ok: false,
      message: 'lighttpd-1.4.73-r0.apk: no .PKGINFO in the control part',
    });
  });

  it('reports a truncated gzip stream', async () => {
    const bytes = await apkBytes({
      pkginfo: PKGINFO,
      files: [{ name: 'usr/bin/ls', data: readFileSync('/bin/ls') }],
    });
    expect(await read(bytes.subarray(0, Math.floor(bytes.length * 0.7)))).toEqual({
      ok: false,
      message: 'lighttpd-1.4.73-r0.apk: truncated gzip stream',
    });
  });

  it('says when the bytes are not gzip at all', async () => {
    const result = await read(Buffer.from('just some text, not a package\n'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^lighttpd-1\.4\.73-r0\.apk: not a gzip stream/);
  });

  it('leaves out ../ and absolute entry names, with a warning naming them', async () => {
    const bytes = await apkBytes({
      pkginfo: PKGINFO,
      files: [
        { name: '../etc/passwd', data: 'root::0:0::/root:/bin/sh\n' },
        { name: '/etc/shadow', data: 'root:::0:::::\n' },
        { name: 'usr/share/../../../x', data: 'x' },
        { name: 'usr/bin/ok', data: 'ok' },
      ],
    });
    const result = await read(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.apk.files).toEqual(['usr/bin/ok']);
    expect(result.apk.warnings).toEqual([
      "lighttpd-1.4.73-r0.apk: entry '../etc/passwd' escapes the package root; left out",
      "lighttpd-1.4.73-r0.apk: entry '/etc/shadow' is absolute; left out",
      "lighttpd-1.4.73-r0.apk: entry 'usr/share/../../../x' escapes the package root; left out",
    ]);
  });

  it('refuses a decompression bomb at the byte limit', async () => {
    const bytes = await apkBytes({
      pkginfo: PKGINFO,
      files: [{ name: 'zeros', data: Buffer.alloc(64 * 1024 * 1024) }],
    });
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(await read(bytes, { maxBytes: 8 * 1024 * 1024, maxEntries: 100 })).toEqual({
      ok: false,
      message: 'lighttpd-1.4.73-r0.apk: inflates to more than 8388608 bytes (limit)',
    });
  });

  it('refuses more entries than the entry limit', async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: '' }));
    const bytes = await apkBytes({ pkginfo: PKGINFO, files });
    expect(await read(bytes, { maxBytes: 1 << 20, maxEntries: 20 })).toEqual({
      ok: false,
      message: 'lighttpd-1.4.73-r0.apk: more than 20 tar entries (limit)',
    });
  });

  it('names a missing file', async () => {
    expect(await readApkFile('/nonexistent/x.apk')).toEqual({
      ok: false,
      message: '/nonexistent/x.apk: cannot read: no such file',
    });
  });

  it('parses key = value lines and keeps repeated keys in order', () => {
    const info = parsePkgInfo('# c\npkgname = a\ndepend = b\ndepend = so:c.so.1\n\nbogus\n');
    expect([...info]).toEqual([
      ['pkgname', ['a']],
      ['depend', ['b', 'so:c.so.1']],
    ]);
  });

  it('reads an .apk made by GNU tar and gzip (pax headers, long names), not by the test writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apk-gnu-'));
    try {
      const control = join(dir, 'control');
      const data = join(dir, 'data');
      const longDir = `usr/share/${'very-long-folder-name-'.repeat(6)}x`;
      mkdirSync(control);
      mkdirSync(join(data, 'usr/bin'), { recursive: true });
      mkdirSync(join(data, longDir), { recursive: true });
      writeFileSync(join(control, '.PKGINFO'), pkginfoText(PKGINFO));
      writeFileSync(join(data, 'usr/bin/ls'), readFileSync('/bin/ls'));
      writeFileSync(join(data, longDir, 'README'), 'long\n');
      const tar = (cwd: string, names: string[]): Buffer =>
        execFileSync('tar', ['--format=posix', '-b', '1', '-c', '-f', '-', '-C', cwd, ...names]);
      const gzip = (bytes: Buffer): Buffer => execFileSync('gzip', ['-9', '-c'], { input: bytes });
      // abuild-tar --cut: the control tar without its two end-of-archive blocks.
      const controlTar = tar(control, ['.PKGINFO']);
      const bytes = Buffer.concat([
        gzip(controlTar.subarray(0, controlTar.length - 1024)),
        gzip(tar(data, ['usr'])),
      ]);
      const result = await read(bytes);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.apk.files).toEqual(['usr/bin/ls', `${longDir}/README`]);
      expect(result.apk.elf).toEqual([{ path: 'usr/bin/ls', needed: readelfNeeded('/bin/ls') }]);
      expect(result.apk.pkginfo.get('pkgname')).toEqual(['lighttpd']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
