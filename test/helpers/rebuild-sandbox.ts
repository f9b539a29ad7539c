import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './bundles';
import { repoRoot } from './paths';
import { dockerEnv, standInImage } from './stand-in-image';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What a rebuild test works in: a Docker daemon that answers, the stand-in image, and a temp
 * folder for aports, outputs and caches (never the user's ~/.cache).
 */
export class RebuildSandbox {
  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly image: string,
    readonly temp: string,
  ) {}

  static open(): RebuildSandbox {
    const env = dockerEnv(repoRoot);
    const image = standInImage(repoRoot, env);
    const temp = mkdtempSync(join(tmpdir(), 'apkharden-rebuild-'));
    return new RebuildSandbox({ ...env, XDG_CACHE_HOME: join(temp, 'cache') }, image, temp);
  }

  close(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }

  /** `apkharden rebuild ARGS...` from the built bundle. */
  cli(args: string[]): CliRun {
    const result = spawnSync(process.execPath, [cliBundle, 'rebuild', ...args], {
      env: this.env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** An aport `TEMP/aports/main/NAME` whose build() runs `body`; returns its APKBUILD. */
  aport(name: string, body: string): string {
    const dir = join(this.temp, 'aports', 'main', name);
    mkdirSync(dir, { recursive: true });
    const text = [
      `pkgname=${name}`,
      'pkgver=1.0',
      'pkgrel=0',
      'pkgdesc="A package the rebuild tests build"',
      'url="https://apkbuild-hardening.invalid"',
      'arch="all"',
      'license="MIT"',
      'source=""',
      'options="!check"',
      '',
      'build() {',
      ...body.split('\n').map((line) => `\t${line}`),
      '}',
      '',
      'package() {',
      '\tmkdir -p "$pkgdir"',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'APKBUILD'), text);
    return join(dir, 'APKBUILD');
  }

  /** Containers whose name starts with `apkharden-NAME-`, running or not. */
  containersOf(name: string): string[] {
    const filter = ['--filter', `name=apkharden-${name}-`, '--format', '{{.Names}}'];
    return execFileSync('docker', ['ps', '--all', ...filter], { env: this.env, encoding: 'utf8' })
      .split('\n')
      .filter((line) => line !== '');
  }
}
