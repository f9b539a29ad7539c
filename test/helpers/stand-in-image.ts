import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * The container set-up of the rebuild tests: a real Docker daemon (started by
 * scripts/start-dockerd.sh when none answers) and an image imported from a rootfs made here,
 * since no registry and no Alpine image can be had (DESIGN.md §8). The image holds
 * busybox-static, the stand-ins of test/fixtures/stand-in-abuild and two ELF files compiled
 * here from hello.c, with and without zlib. Every function takes the repository root, so the
 * benchmark (bundled, where import.meta.url is empty) can use them too.
 */

export const standInDir = (root: string): string => join(root, 'test/fixtures/stand-in-abuild');
const STAND_INS = ['abuild', 'abuild-keygen', 'abuild-meson', 'apk', 'meson'];
const BUSYBOX = '/bin/busybox';

/** The environment for docker calls: DOCKER_HOST of a daemon that answers. */
/** Programs the container tests need besides Node (`.ci/run` installs them). */
const DOCKER_TOOLS = ['docker', 'dockerd', 'gcc', 'readelf'];

/**
 * Why the container tests cannot run here, or undefined when they can. In CI a missing tool is
 * an error (the tests must not pass by skipping); elsewhere the tests skip with the reason.
 */
export function missingDockerTools(): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const missing = DOCKER_TOOLS.filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
  if (!existsSync(BUSYBOX)) missing.push(`${BUSYBOX} (busybox-static)`);
  else if (!isStatic(BUSYBOX))
    // Debian's `busybox` package puts a dynamic one there: in an image with no libc it cannot
    // start, and every container fails with `exec /bin/sh: no such file or directory`.
    missing.push(`a static ${BUSYBOX} (the one here is dynamically linked: busybox-static)`);
  if (missing.length === 0) return undefined;
  const reason = `missing ${missing.join(', ')}: install docker.io busybox-static gcc binutils as .ci/run does`;
  if (process.env.CI) throw new Error(`container tests: ${reason}`);
  return reason;
}

/**
 * Whether an ELF file is statically linked: it has no PT_INTERP program header (what a dynamic
 * executable names its loader with). Read from the ELF header itself, so no tool is needed.
 */
export function isStatic(file: string): boolean {
  const elf = readFileSync(file);
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = elf[4] === 2;
  const little = elf[5] === 1;
  const u16 = (at: number) => (little ? elf.readUInt16LE(at) : elf.readUInt16BE(at));
  const u32 = (at: number) => (little ? elf.readUInt32LE(at) : elf.readUInt32BE(at));
  const offset = is64
    ? Number(little ? elf.readBigUInt64LE(32) : elf.readBigUInt64BE(32))
    : u32(28);
  const entrySize = u16(is64 ? 54 : 42);
  const count = u16(is64 ? 56 : 44);
  const PT_INTERP = 3;
  for (let i = 0; i < count; i++) {
    const at = offset + i * entrySize;
    if (at + 4 > elf.length) return false;
    if (u32(at) === PT_INTERP) return false;
  }
  return true;
}

export function dockerEnv(root: string): NodeJS.ProcessEnv {
  const answers = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: process.env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (answers.status === 0) return { ...process.env };
  const host = execFileSync('bash', [join(root, 'scripts/start-dockerd.sh')], {
    encoding: 'utf8',
    timeout: 120_000,
  }).trim();
  return { ...process.env, DOCKER_HOST: host };
}

/** Sonames a compiled ELF needs, read by binutils' readelf. */
function neededOf(elf: string): string[] {
  const dynamic = execFileSync('readelf', ['-d', elf], { encoding: 'utf8' });
  return [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

/** Everything the image is made of, hashed, so an unchanged image is not imported again. */
function inputsHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of [...STAND_INS, 'hello.c'].sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  hash.update(readFileSync(BUSYBOX));
  return hash.digest('hex').slice(0, 12);
}

function writeRootfs(root: string, dir: string): void {
  for (const dir of [
    'bin',
    'usr/bin',
    'sbin',
    'usr/sbin',
    'tmp',
    'root',
    'etc',
    'opt/stand-in/elf',
  ])
    mkdirSync(join(root, dir), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '' && line !== 'bin/busybox');
  for (const applet of applets) {
    const target = join(root, applet);
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { force: true });
    symlinkSync('/bin/busybox', target);
  }
  for (const tool of STAND_INS) {
    // Unlinked first: copying onto an absolute symlink would write through to the host's file.
    rmSync(join(root, 'usr/bin', tool), { force: true });
    copyFileSync(join(dir, tool), join(root, 'usr/bin', tool));
    chmodSync(join(root, 'usr/bin', tool), 0o755);
  }
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
  const elfDir = join(root, 'opt/stand-in/elf');
  const source = join(dir, 'hello.c');
  execFileSync('gcc', ['-O2', '-o', join(elfDir, 'hello-plain'), source]);
  execFileSync('gcc', ['-O2', '-DWITH_ZLIB', '-o', join(elfDir, 'hello-zlib'), source, '-lz']);
  for (const variant of ['plain', 'zlib']) {
    const elf = join(elfDir, `hello-${variant}`);
    writeFileSync(`${elf}.needed`, neededOf(elf).join('\n') + '\n');
  }
}

/** The engines the stand-in image can be imported into. */
export type TestEngine = 'docker' | 'podman';

/**
 * The stand-in image's tag, imported into `engine` (the docker daemon or the podman storage
 * of `env`) unless it is there already.
 */
export function standInImage(
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  engine: TestEngine = 'docker',
): string {
  const tools = standInDir(repoRoot);
  const tag = `apkbuild-hardening-test/stand-in:${inputsHash(tools)}`;
  const present = spawnSync(engine, ['image', 'inspect', tag], { env, encoding: 'utf8' });
  if (present.status === 0) return tag;
  const dir = mkdtempSync(join(tmpdir(), 'apkharden-rootfs-'));
  try {
    const root = join(dir, 'root');
    writeRootfs(root, tools);
    const tarball = join(dir, 'rootfs.tar');
    execFileSync('tar', [
      '-C',
      root,
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '-cf',
      tarball,
      '.',
    ]);
    execFileSync(engine, ['import', tarball, tag], { env, encoding: 'utf8' });
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ELF files baked into the image, compiled on the host: their sonames, for assertions. */
export function standInNeeded(repoRoot: string): { plain: string[]; zlib: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'apkharden-elf-'));
  try {
    const source = join(standInDir(repoRoot), 'hello.c');
    execFileSync('gcc', ['-O2', '-o', join(dir, 'plain'), source]);
    execFileSync('gcc', ['-O2', '-DWITH_ZLIB', '-o', join(dir, 'zlib'), source, '-lz']);
    return { plain: neededOf(join(dir, 'plain')), zlib: neededOf(join(dir, 'zlib')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
