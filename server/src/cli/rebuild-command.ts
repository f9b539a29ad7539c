import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { analyzeApkbuild } from '../apkbuild';
import { aportFolderProblem } from '../rebuild/aport-copy';
import { checkMountPath } from '../rebuild/container-args';
import { detectEngine, ENGINE_CHOICES, inspectImage, type EngineChoice } from '../rebuild/engine';
import { EngineError } from '../rebuild/engine-errors';
import { imageReferenceProblem } from '../rebuild/image-reference';
import { loadSigningKey } from '../rebuild/index-signing';
import { containerRepositories } from '../rebuild/repositories';
import { defaultOutDir, scriptDir, sharedCaches } from '../rebuild/locations';
import { MAX_TIMEOUT_MS, rebuild, type RebuildResult } from '../rebuild/rebuild';
import { resolveVariants, type VariantName } from '../rebuild/variants';
import { checkCarch } from './harden-file';
import { readApkbuildFile, type CliIo } from './io';
import { ProfileChooser } from './profile-option';

export interface RebuildFlags {
  variant: string;
  out: string | undefined;
  engine: string;
  image: string;
  original: string | undefined;
  profile: string | undefined;
  timeout: string | undefined;
  fetchNetwork: string | undefined;
  carch: string;
  /** `--repository URL|DIR`, repeatable: replaces the image's /etc/apk/repositories. */
  repository: string[];
  keys: string | undefined;
  signKey: string | undefined;
}

export const DEFAULT_IMAGE = 'alpine:3.24';

const VARIANT_CHOICES: Record<string, VariantName[]> = {
  original: ['original'],
  hardened: ['hardened'],
  both: ['original', 'hardened'],
};

function isEngineChoice(engine: string): engine is EngineChoice {
  return (ENGINE_CHOICES as readonly string[]).includes(engine);
}

/** Checks the flags before anything is read; a string is the usage error. */
function checkFlags(files: string[], flags: RebuildFlags): string | null {
  if (files.length !== 1) return 'rebuild takes exactly one APKBUILD file';
  if (!(flags.variant in VARIANT_CHOICES))
    return `unknown --variant '${flags.variant}' (one of ${Object.keys(VARIANT_CHOICES).join(', ')})`;
  if (!isEngineChoice(flags.engine))
    return `unknown --engine '${flags.engine}' (one of ${ENGINE_CHOICES.join(', ')})`;
  if (flags.image === '') return '--image needs a value';
  const imageProblem = imageReferenceProblem(flags.image);
  if (imageProblem !== null) return `--image '${flags.image}' ${imageProblem}`;
  if (flags.fetchNetwork?.startsWith('-') || flags.fetchNetwork === '')
    return `--fetch-network '${flags.fetchNetwork}' is not a network name`;
  if (flags.timeout !== undefined && timeoutMs(flags.timeout) === null)
    return `--timeout '${flags.timeout}' is not a number of seconds from 1 to ${MAX_TIMEOUT_S} (about 24.8 days)`;
  return checkCarch(flags.carch);
}

/** The most whole seconds a timer can wait (see MAX_TIMEOUT_MS). */
const MAX_TIMEOUT_S = Math.floor(MAX_TIMEOUT_MS / 1000);

/**
 * `--timeout S` in ms: plain decimal seconds (`90`, `1.5`) from 1 to MAX_TIMEOUT_S; null
 * otherwise. `Infinity`, `1e9` and `0x10` are refused rather than read the way Number reads them.
 */
function timeoutMs(seconds: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(seconds)) return null;
  const value = Number(seconds);
  return value >= 1 && value <= MAX_TIMEOUT_S ? Math.round(value * 1000) : null;
}

/** Cancels the rebuild on Ctrl-C or a terminating signal; the containers are removed. */
function cancelOnSignals(controller: AbortController): () => void {
  const onSignal = (): void => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

function printSummary(result: RebuildResult, pkgname: string, io: CliIo): void {
  for (const variant of result.variants) {
    if (variant.overheadMs !== null)
      io.print(
        `==> overhead: ${variant.overheadMs} ms from container start to the first build line (${variant.variant})`,
      );
    if (variant.error !== null) io.error(`apkharden rebuild: ${variant.error}`);
  }
  // Each variant's folder is a signed repository (its <arch>/APKINDEX.tar.gz); the last line
  // stays the output folder.
  for (const variant of result.variants.filter((v) => v.packages.length > 0))
    io.print(
      `==> install the ${variant.variant} build: apk add --keys-dir ${dirname(result.publicKey)} --repository ${variant.dir} ${pkgname}`,
    );
  io.print(`output: ${result.outDir}`);
}

/**
 * `apkharden rebuild FILE [--variant original|hardened|both] [--out DIR] [--engine E]
 * [--image I] [--original PATH] [--profile P] [--timeout S] [--repository URL|DIR]...
 * [--keys DIR] [--sign-key FILE]`: builds the variants in a
 * container, streaming the log. Exit 0 when every variant built, 1 when a build failed (or was
 * cancelled or timed out), 2 for a usage, input or engine error (also one that stops the
 * engine from starting a container).
 */
export async function runRebuild(files: string[], flags: RebuildFlags, io: CliIo): Promise<number> {
  const usageError = checkFlags(files, flags);
  if (usageError !== null) return io.usage(usageError);
  const profiles = ProfileChooser.create(flags.profile, io);
  if (typeof profiles === 'number') return profiles;
  const read = readApkbuildFile(files[0]);
  if (!read.ok) {
    io.error(read.message);
    return 2;
  }
  const file = resolve(read.path);
  const aportProblem = aportFolderProblem(file);
  if (aportProblem !== null) {
    io.error(aportProblem);
    return 2;
  }
  const pkgname = analyzeApkbuild(read.text, { carch: flags.carch }).value('pkgname');
  if (!pkgname?.known || !/^[A-Za-z0-9_][A-Za-z0-9._+-]*$/.test(pkgname.value)) {
    io.error(`${read.path}: pkgname is missing or not a plain name; cannot name the build`);
    return 2;
  }
  // Repositories, keys and the signing key are checked before the engine is asked anything.
  try {
    containerRepositories(flags.repository, flags.keys);
    if (flags.signKey !== undefined) loadSigningKey(flags.signKey);
  } catch (error) {
    io.error(`apkharden rebuild: ${(error as Error).message}`);
    return 2;
  }
  const loaded = profiles.profileFor(read.path);
  if (loaded === null) return 2;
  const profile = loaded.profile;
  const controller = new AbortController();
  const stopListening = cancelOnSignals(controller);
  try {
    const variants = await resolveVariants({
      file,
      text: read.text,
      originalPath: flags.original,
      profile,
      carch: flags.carch,
    });
    const outDir = resolve(flags.out ?? defaultOutDir(pkgname.value));
    const caches = sharedCaches();
    // The folders the user chooses that become mount sources (the aport copy is made under
    // tmpdir), checked before the engine is asked anything; the script's is checked by stepArgs.
    for (const folder of [outDir, caches.distfiles, caches.apkCache, tmpdir()])
      checkMountPath(resolve(folder));
    const engine = await detectEngine(flags.engine as EngineChoice);
    const image = await inspectImage(engine, flags.image);
    io.print(`==> engine: ${engine.name} ${engine.version}; image: ${image.name} (${image.id})`);
    const result = await rebuild({
      file,
      variants: VARIANT_CHOICES[flags.variant].map((name) => variants[name]),
      outDir,
      engine,
      image,
      scriptDir: scriptDir(),
      caches,
      profile: profile.source,
      carch: flags.carch,
      fetchNetwork: flags.fetchNetwork,
      repositories: flags.repository,
      keys: flags.keys,
      signKey: flags.signKey,
      timeoutMs: flags.timeout === undefined ? undefined : (timeoutMs(flags.timeout) ?? undefined),
      signal: controller.signal,
      onLine: (line) => io.print(line),
    });
    printSummary(result, pkgname.value, io);
    // An engine that cannot start containers is for the user to fix, like a missing engine.
    if (result.variants.some((variant) => variant.status === 'engine-failed')) return 2;
    return result.ok ? 0 : 1;
  } catch (error) {
    // Engine problems and unreadable inputs are the user's to fix: a message, not a trace.
    const message = error instanceof Error ? error.message : String(error);
    io.error(error instanceof EngineError ? message : `apkharden rebuild: ${message}`);
    return 2;
  } finally {
    stopListening();
  }
}
