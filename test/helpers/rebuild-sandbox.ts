import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { detectEngine, inspectImage } from '../../server/src/rebuild/engine';
import { scriptDir } from '../../server/src/rebuild/locations';
import { rebuild, type RebuildResult } from '../../server/src/rebuild/rebuild';
import { cliBundle } from './bundles';
import { repoRoot } from './paths';
import { podmanEnv } from './podman-env';
import { dockerEnv, standInImage, type TestEngine } from './stand-in-image';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What a rebuild test works in: a Docker daemon that answers (or the tests' podman set-up),
 * the stand-in image, and a temp folder for aports, outputs and caches (never the user's
 * ~/.cache).
 */
export class RebuildSandbox {
  private constructor(
    readonly engine: TestEngine,
    readonly env: NodeJS.ProcessEnv,
    readonly image: string,
    readonly temp: string,
  ) {}

  static open(engine: TestEngine = 'docker'): RebuildSandbox {
    const env = engine === 'docker' ? dockerEnv(repoRoot) : podmanEnv();
    const image = standInImage(repoRoot, env, engine);
    const temp = mkdtempSync(join(tmpdir(), 'apkharden-rebuild-'));
    const sandboxEnv = { ...env, XDG_CACHE_HOME: join(temp, 'cache') };
    return new RebuildSandbox(engine, sandboxEnv, image, temp);
  }

  close(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }

  /** `apkharden rebuild ARGS...` from the built bundle, `extraEnv` over the sandbox's. */
  cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): CliRun {
    const result = spawnSync(process.execPath, [cliBundle, 'rebuild', ...args], {
      env: { ...this.env, ...extraEnv },
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** `apkharden rebuild FILE --image IMAGE --out OUT EXTRA...` with the sandbox's image. */
  rebuildInto(file: string, out: string, extra: string[] = []): CliRun {
    return this.cli([file, '--image', this.image, '--out', out, ...extra]);
  }

  /**
   * The original variant of `file` rebuilt in this process with the runner itself (not the
   * CLI), so that a test can watch its lines and cancel it; outputs go to TEMP/out-NAME.
   */
  async rebuildOriginal(
    file: string,
    options: {
      signal: AbortSignal;
      onLine(line: string): void;
      fetchNetwork?: string;
      scriptDir?: string;
    },
  ): Promise<RebuildResult> {
    const engine = await detectEngine(this.engine, this.env);
    return rebuild({
      file,
      variants: [{ name: 'original', text: readFileSync(file, 'utf8'), from: 'the test' }],
      outDir: join(this.temp, `out-${basename(dirname(file))}`),
      engine,
      image: await inspectImage(engine, this.image),
      scriptDir: scriptDir(),
      caches: {
        distfiles: join(this.temp, 'cache/distfiles'),
        apkCache: join(this.temp, 'cache/apk'),
      },
      profile: 'builtin:kubernetes',
      carch: 'x86_64',
      ...options,
    });
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
    return execFileSync(this.engine, ['ps', '--all', ...filter], {
      env: this.env,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line !== '');
  }
}
