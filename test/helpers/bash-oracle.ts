import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** abuild's presets for x86_64 (see corpus/README.md), set before the APKBUILD is sourced. */
const PRESETS = `CARCH=x86_64 CBUILD_ARCH=x86_64 CTARGET_ARCH=x86_64 CLIBC=musl
CHOST=x86_64-alpine-linux-musl CTARGET=x86_64-alpine-linux-musl CBUILD=x86_64-alpine-linux-musl
CC=gcc CXX=g++ JOBS=2 MAKEFLAGS=-j2 SOURCE_DATE_EPOCH= CPPFLAGS=
CFLAGS="-Os -fstack-clash-protection -Wformat -Werror=format-security -fno-plt"
LDFLAGS="-Wl,--as-needed,-O1,--sort-common -Wl,-z,pack-relative-relocs"
SRCDEST=/var/cache/distfiles REPODEST=/home/buildozer/packages/`;

/**
 * Sources each script in a real bash the way abuild does (set -e, presets, startdir as the
 * working directory, empty environment) and returns the named variables: a string, or null
 * when unset. One bash process runs all scripts, each in its own subshell.
 */
export function bashValues(
  scripts: readonly string[],
  names: readonly string[],
): (string | null)[][] {
  const dir = mkdtempSync(join(tmpdir(), 'apkbuild-oracle-'));
  try {
    const startdir = join(dir, 'main', 'pkg');
    spawnSync('mkdir', ['-p', startdir]);
    const lines: string[] = [];
    scripts.forEach((script, i) => {
      const file = join(dir, `APKBUILD.${i}`);
      writeFileSync(file, script);
      const dump = names
        .map(
          (n) => `if [ -n "\${${n}+set}" ]; then printf 'S%s\\0' "$${n}"; else printf 'U\\0'; fi`,
        )
        .join('; ');
      lines.push(
        `( set -e; ${PRESETS.replace(/\n/g, ' ')}; startdir=${startdir}; srcdir=$startdir/src; pkgbasedir=$startdir/pkg; repo=main; cd "$startdir"; . ${file} >/dev/null 2>&1; ${dump} ) || printf 'E\\0'`,
      );
    });
    // A file, not `bash -c`: one argument is capped at 128 KiB and a batch can be larger.
    const runner = join(dir, 'run.sh');
    writeFileSync(runner, lines.join('\n') + '\n');
    const result = spawnSync('env', ['-i', 'bash', '--norc', '--noprofile', runner], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    if (result.status !== 0 && result.stdout === '')
      throw new Error(`bash failed: ${result.stderr}`);
    const fields = result.stdout.split('\0');
    const rows: (string | null)[][] = [];
    let k = 0;
    for (let i = 0; i < scripts.length; i++) {
      if (fields[k] === 'E') throw new Error(`bash could not source script ${i}:\n${scripts[i]}`);
      rows.push(
        names.map(() => {
          const field = fields[k++];
          return field.startsWith('S') ? field.slice(1) : null;
        }),
      );
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The startdir bashValues uses relative to its temp folder, for comparing paths. */
export const ORACLE_REPO = 'main';
