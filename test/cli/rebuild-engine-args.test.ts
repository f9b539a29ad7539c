import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBundle } from '../helpers/bundles';
import { repoRoot } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

/**
 * `apkharden rebuild` against a stand-in `docker` that logs its argv and answers as docker
 * would: every value the user controls (image, aport folder, output, cache and temp folders,
 * the extension's own folder) must reach the engine as the argument it is meant to be.
 */

const IMAGE_ID = `sha256:${'5c17'.repeat(16)}`;

/** Logs `argc` then each argument, NUL-terminated, so newlines inside arguments survive. */
const STAND_IN_DOCKER = `#!/bin/bash
printf '%s\\0' "$#" "$@" >>"$STAND_IN_LOG"
case "$1" in
version) echo 28.0.0-stand-in ;;
image) echo '${IMAGE_ID} []' ;;
esac
exit 0
`;

/** Every character a folder name could use to end a field or an argument early. */
const ODD = `sp ace,readonly"quote'single\nnewline`;

interface Setup {
  root: string;
  bin: string;
  log: string;
  cli: string;
  env: NodeJS.ProcessEnv;
}

/** A stand-in docker first on PATH, and the CLI bundle (with its data) under an odd folder. */
function setUp(): Setup {
  const root = join(scratchDir('apkharden-engine-args-'), ODD);
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'docker'), STAND_IN_DOCKER);
  chmodSync(join(bin, 'docker'), 0o755);
  const cli = join(root, 'ext/out/cli.js');
  mkdirSync(join(root, 'ext/out'), { recursive: true });
  mkdirSync(join(root, 'ext/data'), { recursive: true });
  copyFileSync(cliBundle, cli);
  const script = 'abuild-in-container.sh';
  copyFileSync(join(repoRoot, 'server/data', script), join(root, 'ext/data', script));
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const log = join(root, 'docker.log');
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    STAND_IN_LOG: log,
    TMPDIR: join(root, 'tmp'),
    XDG_CACHE_HOME: join(root, 'cache'),
    DOCKER_HOST: 'unix:///nonexistent/stand-in.sock',
  };
  return { root, bin, log, cli, env };
}

/** An aport `ROOT/aports/main/FOLDER` of package `hello`; returns its APKBUILD. */
function aport(setup: Setup, folder: string): string {
  const dir = join(setup.root, 'aports', 'main', folder);
  mkdirSync(dir, { recursive: true });
  const text = [
    'pkgname=hello',
    'pkgver=1.0',
    'pkgrel=0',
    'pkgdesc="A package the argument tests never build"',
    'url="https://apkbuild-hardening.invalid"',
    'arch="all"',
    'license="MIT"',
    'source=""',
    'package() {',
    '\tmkdir -p "$pkgdir"',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'APKBUILD'), text);
  return join(dir, 'APKBUILD');
}

function rebuildCli(setup: Setup, args: string[]) {
  const result = spawnSync(
    process.execPath,
    [setup.cli, 'rebuild', '--engine', 'docker', '--variant', 'original', ...args],
    { env: setup.env, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The engine calls the stand-in logged, each as its argv. */
function engineCalls(setup: Setup): string[][] {
  if (!existsSync(setup.log)) return [];
  const words = readFileSync(setup.log, 'utf8').split('\0');
  const calls: string[][] = [];
  for (let i = 0; i < words.length - 1;) {
    const count = Number(words[i]);
    calls.push(words.slice(i + 1, i + 1 + count));
    i += 1 + count;
  }
  return calls;
}

/**
 * One CSV record as Go's encoding/csv reads it (what docker and podman parse `--mount` with):
 * a field that starts with `"` is quoted, `""` in it is a quote, and commas and line breaks
 * in it are kept (a CR before LF dropped); a quote elsewhere, or a line break outside quotes,
 * is an error here (Go ends the record there, losing the rest).
 */
function readCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quoted field in ${text}`);
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else if (text[i] === '\r' && text[i + 1] === '\n') {
          i++;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',') throw new Error(`text after a quoted field: ${text}`);
    } else {
      while (i < text.length && text[i] !== ',') {
        if ('"\r\n'.includes(text[i])) throw new Error(`bare quote or line break in ${text}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

/** A `--mount` value as the engine sees it: each `key=value` field, `readonly` as true. */
function mountOf(value: string): Record<string, string | true> {
  const mount: Record<string, string | true> = {};
  for (const field of readCsvRecord(value)) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    expect(mount, `field ${key} given twice in ${value}`).not.toHaveProperty(key);
    mount[key] = eq < 0 ? true : field.slice(eq + 1);
  }
  return mount;
}

/** `run`'s options with their values, up to the `--` that ends them, and what follows. */
function runParts(argv: string[]): { options: [string, string | null][]; rest: string[] } {
  const end = argv.indexOf('--');
  expect(end, `no -- in ${JSON.stringify(argv)}`).toBeGreaterThan(0);
  const flags = new Set(['--rm']);
  const options: [string, string | null][] = [];
  for (let i = 1; i < end; i++) {
    const arg = argv[i];
    expect(arg.startsWith('--'), `${JSON.stringify(arg)} is no option`).toBe(true);
    options.push(flags.has(arg) ? [arg, null] : [arg, argv[++i]]);
  }
  return { options, rest: argv.slice(end + 1) };
}

describe('rebuild arguments to the container engine', () => {
  it.each([
    ['--privileged', "begins with '-'"],
    ['-v/:/host', "begins with '-'"],
    ['alpine:3.24 --privileged', 'is not an image reference'],
    ['alpine,readonly', 'is not an image reference'],
    ['alpine"x', 'is not an image reference'],
    ["alpine'x", 'is not an image reference'],
    ['alpine\n--privileged', 'is not an image reference'],
    ['../alpine', 'is not an image reference'],
    ['alpine..edge', 'is not an image reference'],
    ['Alpine', 'is not an image reference'],
  ])('refuses --image=%j before any engine call', (image, why) => {
    const setup = setUp();
    const run = rebuildCli(setup, [aport(setup, 'hello'), `--image=${image}`]);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n\n')[0]).toMatch(
      new RegExp(`^apkharden: --image '${escapeRegExp(image)}' ${escapeRegExp(why)}`),
    );
    expect(engineCalls(setup)).toEqual([]);
  });

  it('refuses an aport folder and a --fetch-network that begin with - before any engine call', () => {
    const setup = setUp();
    const file = aport(setup, '-rf');
    const run = rebuildCli(setup, [file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `${resolve(file, '..')}: the aport folder name '-rf' begins with '-': rename the folder\n`,
    );
    const network = rebuildCli(setup, [aport(setup, 'hello'), '--fetch-network=--privileged']);
    expect(network.status).toBe(2);
    expect(network.stderr.split('\n')[0]).toBe(
      "apkharden: --fetch-network '--privileged' is not a network name",
    );
    expect(engineCalls(setup)).toEqual([]);
  });

  it('passes an image with registry, port, tag and digest after --', () => {
    const setup = setUp();
    const image = `registry.example:5000/team/alpine:3.24@sha256:${'ab'.repeat(32)}`;
    rebuildCli(setup, [aport(setup, 'hello'), `--image=${image}`]);
    const calls = engineCalls(setup);
    expect(calls.slice(0, 2)).toEqual([
      ['version', '--format', '{{.Server.Version}}'],
      ['image', 'inspect', '--format', '{{.Id}} {{json .RepoDigests}}', '--', image],
    ]);
    // The runs start the image by the id inspect gave, after the -- that ends the options.
    for (const call of calls.slice(2))
      expect(runParts(call).rest).toEqual([
        IMAGE_ID,
        '/bin/sh',
        '/opt/apkbuild-hardening/abuild-in-container.sh',
      ]);
  });

  it.each([
    ['my aport', 'hello'],
    ['a,readonly', 'hello'],
    ['q"uote', 'hello'],
    ["it's", 'hello'],
    ['new\nline', 'hello'],
    ['a..b', 'a..b'],
  ])('mounts exactly the intended folders for the aport folder %j', (folder, copied) => {
    const setup = setUp();
    const out = `${setup.root}/x/../out,readonly`;
    const run = rebuildCli(setup, [aport(setup, folder), `--out=${out}`]);
    // The stand-in makes no package: the build fails after both steps ran.
    expect(run.stderr).toMatch(/the build made no \.apk file/);
    expect(run.status).toBe(1);
    const runs = engineCalls(setup).filter((call) => call[0] === 'run');
    expect(runs.map((call) => valueOf(runParts(call).options, '--env', 'ABUILD_PHASE'))).toEqual([
      'fetch',
      'build',
    ]);
    const cache = join(setup.root, 'cache/apkbuild-hardening');
    for (const call of runs) {
      const { options } = runParts(call);
      const mounts = options
        .filter(([flag]) => flag === '--mount')
        .map(([, v]) => mountOf(String(v)));
      const [aportMount, ...others] = mounts;
      const copy = String(aportMount.source);
      expect(copy.startsWith(`${join(setup.root, 'tmp')}/apkharden-aport-`)).toBe(true);
      expect(copy.split('/').at(-1)).toBe(copied);
      expect(aportMount).toEqual({ type: 'bind', source: copy, target: '/aport', readonly: true });
      expect(others).toEqual([
        { type: 'bind', source: join(setup.root, 'out,readonly/original'), target: '/out' },
        { type: 'bind', source: `${cache}/distfiles`, target: '/var/cache/distfiles' },
        { type: 'bind', source: `${cache}/apk-cache`, target: '/etc/apk/cache' },
        {
          type: 'bind',
          source: join(setup.root, 'ext/data'),
          target: '/opt/apkbuild-hardening',
          readonly: true,
        },
      ]);
      expect(valueOf(options, '--env', 'APORT_NAME')).toBe(copied);
      // Nothing else reaches the engine as an option: each flag is the runner's own.
      const build = valueOf(options, '--env', 'ABUILD_PHASE') === 'build';
      expect(options.map(([flag]) => flag)).toEqual([
        ...['--rm', '--name', '--label', ...(build ? ['--network'] : [])],
        ...Array<string>(5).fill('--mount'),
        ...Array<string>(5).fill('--env'),
        '--workdir',
      ]);
      if (build) expect(options.find(([flag]) => flag === '--network')?.[1]).toBe('none');
    }
  });
});

function valueOf(options: [string, string | null][], flag: string, name: string): string {
  const prefix = `${name}=`;
  const found = options.find(([f, v]) => f === flag && v?.startsWith(prefix));
  return found?.[1]?.slice(prefix.length) ?? '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
