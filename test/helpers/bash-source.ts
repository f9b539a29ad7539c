import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variables of corpus/oracle.jsonl, builddir last (computed after sourcing, as abuild does). */
export const SOURCED_VARIABLES = [
  'pkgname', 'pkgver', 'pkgrel', 'pkgdesc', 'url', 'arch', 'license', 'depends', 'depends_dev',
  'makedepends', 'makedepends_build', 'makedepends_host', 'checkdepends', 'subpackages', 'source',
  'options', 'provides', 'install', 'triggers', 'builddir',
] as const; // prettier-ignore

/** abuild 3.14.1's start-up with CBUILD=x86_64 (corpus/README.md), one assignment per line. */
const PRESETS = [
  'CARCH=x86_64 CBUILD_ARCH=x86_64 CTARGET_ARCH=x86_64 CLIBC=musl',
  'CHOST=x86_64-alpine-linux-musl CTARGET=x86_64-alpine-linux-musl CBUILD=x86_64-alpine-linux-musl',
  'CC=gcc CXX=g++ JOBS=2 MAKEFLAGS=-j2 SOURCE_DATE_EPOCH= CPPFLAGS=',
  'CFLAGS="-Os -fstack-clash-protection -Wformat -Werror=format-security -fno-plt"',
  'LDFLAGS="-Wl,--as-needed,-O1,--sort-common -Wl,-z,pack-relative-relocs"',
  'SRCDEST=/var/cache/distfiles REPODEST=/home/buildozer/packages/',
].join('; ');

export interface SourceJob {
  /** The APKBUILD text. */
  text: string;
  /** `/home/buildozer/aports/<repo>/<name>`: only the variable; the folder need not exist. */
  startdir: string;
  /** Functions to print with `declare -f` (never called). */
  functions: readonly string[];
}

export interface Sourced {
  /** Exit status of the subshell: 0 when the file sourced under `set -e`. */
  rc: number;
  /** Every SOURCED_VARIABLES value after sourcing (null when unset); empty when rc is not 0. */
  variables: Map<string, string | null>;
  /** `declare -f NAME` output without its final newline, or null when no such function. */
  functions: Map<string, string | null>;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * One job as a subshell: abuild's presets, `set -e`, the file sourced from its own empty folder
 * (the working directory; startdir itself is only a value), then the values and function bodies
 * printed as NUL-separated fields tagged with the job's index. Builtins are called through
 * `builtin` so a file that defines `printf` or `declare` cannot get in the way.
 */
function jobScript(job: SourceJob, index: number, dir: string): string {
  const repo = job.startdir.split('/').at(-2) ?? 'main';
  const dump = [
    `for __rt_v in ${SOURCED_VARIABLES.join(' ')}; do` +
      ` if [[ -n "\${!__rt_v+set}" ]]; then builtin printf 'V%s=%s\\0' "$__rt_v" "\${!__rt_v}";` +
      ` else builtin printf 'U%s\\0' "$__rt_v"; fi; done`,
    ...job.functions.map(
      (f) =>
        `builtin printf 'F%s\\0' ${quote(f)}; builtin declare -f ${quote(f)} 2>/dev/null && builtin printf '\\0' || builtin printf '\\1\\0'`,
    ),
  ].join('; ');
  return [
    `builtin printf '\\1B%d\\0' ${index}`,
    `( set -e; ${PRESETS}; startdir=${quote(job.startdir)}; srcdir="$startdir/src";`,
    `pkgbasedir="$startdir/pkg"; repo=${quote(repo)}; APKBUILD="$startdir/APKBUILD";`,
    `builtin cd ${quote(dir)}; . ${quote(join(dir, 'APKBUILD'))} </dev/null >/dev/null 2>&1`,
    `builddir=\${builddir:-"$srcdir/$pkgname-$pkgver"}; ${dump} )`,
    `builtin printf '\\1E%d\\0' $?`,
  ].join('\n');
}

function parseOutput(output: string, count: number): Sourced[] {
  const results: Sourced[] = [];
  const fields = output.split('\0');
  let current: Sourced | null = null;
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k];
    if (field.startsWith('\x01B')) {
      if (Number(field.slice(2)) !== results.length)
        throw new Error(`job ${field.slice(2)} out of order`);
      current = { rc: -1, variables: new Map(), functions: new Map() };
    } else if (field.startsWith('\x01E')) {
      if (!current) throw new Error('end of a job that did not start');
      current.rc = Number(field.slice(2));
      results.push(current);
      current = null;
    } else if (current && field.startsWith('V')) {
      const eq = field.indexOf('=');
      current.variables.set(field.slice(1, eq), field.slice(eq + 1));
    } else if (current && field.startsWith('U')) {
      current.variables.set(field.slice(1), null);
    } else if (current && field.startsWith('F')) {
      const body = fields[++k];
      current.functions.set(field.slice(1), body === '\x01' ? null : body.replace(/\n$/, ''));
    } else if (field !== '' || k !== fields.length - 1) {
      throw new Error(`unexpected output field ${JSON.stringify(field.slice(0, 80))}`);
    }
  }
  if (results.length !== count) throw new Error(`bash reported ${results.length} of ${count} jobs`);
  return results;
}

/**
 * Sources a batch of APKBUILD texts in ONE `env -i bash --norc --noprofile` process, each in its
 * own subshell, the way abuild does (corpus/README.md). Nothing is fetched and no function is
 * ever called: bodies are only printed. bash writes to a file, not a pipe, so it runs on while
 * the caller keeps the event loop busy.
 */
export async function sourceBatch(jobs: readonly SourceJob[]): Promise<Sourced[]> {
  const root = mkdtempSync(join(tmpdir(), 'apkbuild-source-'));
  try {
    const script = jobs
      .map((job, i) => {
        const dir = join(root, String(i));
        mkdirSync(dir);
        writeFileSync(join(dir, 'APKBUILD'), job.text);
        return jobScript(job, i, dir);
      })
      .join('\n');
    writeFileSync(join(root, 'batch.sh'), script + '\n');
    const out = openSync(join(root, 'out'), 'w');
    const err = openSync(join(root, 'err'), 'w');
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('env', ['-i', 'bash', '--norc', '--noprofile', join(root, 'batch.sh')], {
        cwd: root,
        stdio: ['ignore', out, err],
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    closeSync(out);
    closeSync(err);
    const output = readFileSync(join(root, 'out'), 'utf8');
    try {
      return parseOutput(output, jobs.length);
    } catch (error) {
      const stderr = readFileSync(join(root, 'err'), 'utf8').slice(0, 2000);
      throw new Error(`bash (exit ${status}) gave unreadable output: ${String(error)}\n${stderr}`, {
        cause: error,
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs batches at most `limit` at a time; `submit` waits while that many are running. */
export class BatchPool {
  private readonly running = new Set<Promise<unknown>>();
  readonly results: Promise<void>[] = [];

  constructor(private readonly limit: number) {}

  async submit(jobs: readonly SourceJob[], done: (results: Sourced[]) => void): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const run = sourceBatch(jobs).then(done);
    // Only tracks that it ended: a failure is reported once, by drain().
    const tracked: Promise<unknown> = run
      .catch(() => undefined)
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    this.results.push(run);
  }

  async drain(): Promise<void> {
    await Promise.all(this.results);
  }
}
