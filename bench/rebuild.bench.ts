// Issue #5: rebuild overhead, from the build container's start to the build's first line, with
// warm caches (apk cache and distfiles filled by an earlier rebuild). Runs the real runner and
// in-container script on a real Docker daemon, in the tests' busybox image with the stand-in
// abuild (test/fixtures/stand-in-abuild): the figure is the engine's and the script's, not
// Alpine's package installs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectEngine, inspectImage } from '../server/src/rebuild/engine';
import { rebuild } from '../server/src/rebuild/rebuild';
import { dockerEnv, standInImage } from '../test/helpers/stand-in-image';
import { median, percentile, row, timed } from './figures';

const RUNS = 7;

async function main(): Promise<void> {
  const root = process.cwd();
  const env = dockerEnv(root);
  const tag = standInImage(root, env);
  const engine = await detectEngine('docker', env);
  const image = await inspectImage(engine, tag);
  const temp = mkdtempSync(join(tmpdir(), 'apkharden-bench-'));
  try {
    const aport = join(temp, 'main', 'greeter');
    cpSync(join(root, 'test/fixtures/rebuild/main/greeter'), aport, { recursive: true });
    const file = join(aport, 'APKBUILD');
    const text = readFileSync(file, 'utf8');
    const once = () =>
      rebuild({
        file,
        variants: [{ name: 'hardened', text, from: 'the bench' }],
        outDir: join(temp, 'out'),
        engine,
        image,
        scriptDir: join(root, 'server/data'),
        caches: { distfiles: join(temp, 'distfiles'), apkCache: join(temp, 'apk-cache') },
        profile: 'builtin:kubernetes',
        carch: 'x86_64',
        onLine: () => undefined,
      });
    const warmup = await once();
    if (!warmup.ok) throw new Error(warmup.variants.map((v) => v.error).join('; '));
    const overheads: number[] = [];
    const wholes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const result = await once();
      wholes.push(performance.now() - start);
      const overhead = result.variants[0]?.overheadMs;
      if (!result.ok || overhead == null) throw new Error('a rebuild failed during the bench');
      overheads.push(overhead);
    }
    // For scale: the engine alone, `run --rm --network none IMAGE true`, start to exit.
    const bare = Array.from(
      { length: RUNS },
      () =>
        timed(() =>
          execFileSync('docker', ['run', '--rm', '--network', 'none', tag, 'true'], { env }),
        ).ms,
    );
    overheads.sort((a, b) => a - b);
    row(
      'container start -> first build line (warm)',
      `median ${median(overheads).toFixed(0)} ms   max ${percentile(overheads, 100).toFixed(0)} ms   (${RUNS} runs)`,
    );
    row('one variant, fetch + build + outputs (warm)', `median ${median(wholes).toFixed(0)} ms`);
    row('engine alone: run --rm IMAGE true', `median ${median(bare).toFixed(0)} ms`);
    console.log(`  engine: ${engine.name} ${engine.version}; image: ${tag} (stand-in abuild)`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`rebuild bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
