import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeApkbuild } from '../apkbuild';
import { describeApkProblems } from './apk-problems';
import { aportFolderProblem, copyAport } from './aport-copy';
import { stepArgs, type RebuildStep } from './container-args';
import { runContainerStep, type StepOutcome } from './container-step';
import type { Engine, ImageInfo } from './engine';
import { checkImageReference } from './image-reference';
import { loadSigningKey, throwawayKey, type SigningKey } from './index-signing';
import { BuildLog, clearVariantOutputs } from './outputs';
import {
  containerRepositories,
  describeRepositories,
  type ContainerRepositories,
} from './repositories';
import {
  keyNotice,
  movePackagesIntoArch,
  writePublicKey,
  writeRepositoryIndex,
} from './variant-repository';
import type { VariantName, VariantText } from './variants';
import { describePackages } from './variant-provenance';

export interface RebuildRequest {
  /** The user's APKBUILD: its folder is copied, never written. */
  file: string;
  variants: VariantText[];
  /** DIR: each variant lands in DIR/original or DIR/hardened. */
  outDir: string;
  engine: Engine;
  image: ImageInfo;
  scriptDir: string;
  caches: { distfiles: string; apkCache: string };
  /** The profile's source, for the provenance. */
  profile: string;
  carch: string;
  /** `--network` of the fetch step; undefined is the engine's default network. */
  fetchNetwork?: string;
  /** `--repository URL|DIR` values: they replace the image's /etc/apk/repositories. */
  repositories?: string[];
  /** `--keys DIR`: public keys (.pub) added to the container's /etc/apk/keys. */
  keys?: string;
  /** `--sign-key FILE`: the PEM RSA key the output repositories are signed with. */
  signKey?: string;
  /** For the whole rebuild, every variant included: 1 to MAX_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onLine(line: string): void;
}

export interface VariantResult {
  variant: VariantName;
  status: StepOutcome['status'];
  dir: string;
  /** .apk file names in `dir/<arch>/`, the variant's repository (with its APKINDEX.tar.gz). */
  packages: string[];
  log: string;
  /** Container start to its first line, for the build step (warm caches: the overhead). */
  overheadMs: number | null;
  /** What went wrong, said so that the user knows what to do; null when it built. */
  error: string | null;
}

export interface RebuildResult {
  outDir: string;
  /** The public key of the key the repositories are signed with (OUTDIR/keys/NAME.rsa.pub). */
  publicKey: string;
  variants: VariantResult[];
  ok: boolean;
}

/** Docker accepts `[a-zA-Z0-9][a-zA-Z0-9_.-]*` as a container name. */
function containerName(aport: string, variant: VariantName, step: RebuildStep): string {
  const safe = aport.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `apkharden-${safe}-${variant}-${step}-${randomBytes(3).toString('hex')}`;
}

/** What the rebuild installs from and signs with, settled before any container starts. */
interface Placement {
  repositories: ContainerRepositories;
  key: SigningKey;
}

function failure(
  variant: VariantName,
  step: RebuildStep,
  outcome: StepOutcome,
  log: string,
  repositories: string,
  timeoutMs?: number,
): string {
  const gone = outcome.containerRemoved
    ? 'the container was removed'
    : 'removing the container failed';
  switch (outcome.status) {
    case 'cancelled':
      return `[${variant}] cancelled during ${step}; ${gone}`;
    case 'engine-failed':
      return `[${variant}] ${step}: the container engine could not start the container: ${outcome.lastLine ?? 'no message'} (log: ${log})`;
    case 'timed-out':
      return `[${variant}] timed out after ${Math.round((timeoutMs ?? 0) / 1000)} s during ${step}; ${gone} (log: ${log})`;
    default: {
      const said =
        outcome.abuildError ??
        (outcome.apkProblems !== null
          ? describeApkProblems(outcome.apkProblems, repositories)
          : `exit code ${outcome.exitCode ?? '?'}: ${outcome.lastLine ?? 'no output'}`);
      return `[${variant}] ${step} failed: ${said} (log: ${log})`;
    }
  }
}

async function rebuildVariant(
  request: RebuildRequest,
  placement: Placement,
  variant: VariantText,
  deadline: number | undefined,
): Promise<VariantResult> {
  const dir = join(request.outDir, variant.name);
  mkdirSync(dir, { recursive: true });
  clearVariantOutputs(dir, request.carch);
  const model = analyzeApkbuild(variant.text, { carch: request.carch });
  const pkgname = model.value('pkgname');
  const copy = copyAport(request.file, variant.text, pkgname?.known ? pkgname.value : null);
  const log = new BuildLog(join(dir, 'build.log'));
  const say = (line: string): void => {
    log.write(line);
    request.onLine(line);
  };
  const result: VariantResult = {
    variant: variant.name,
    status: 'ok',
    dir,
    packages: [],
    log: log.path,
    overheadMs: null,
    error: null,
  };
  const fail = (status: VariantResult['status'], error: string): VariantResult => {
    result.status = status;
    result.error = error;
    say(`==> ${error}`);
    return result;
  };
  const startedOn = new Date();
  try {
    writeFileSync(join(dir, 'APKBUILD'), variant.text);
    say(`==> [${variant.name}] APKBUILD from ${variant.from}`);
    for (const step of ['fetch', 'build'] as const) {
      say(`==> [${variant.name}] ${step}${step === 'build' ? ' (network none)' : ''}`);
      const name = containerName(copy.name, variant.name, step);
      const args = stepArgs({
        step,
        containerName: name,
        // The id, not the name: the image inspected for the provenance is the one that runs.
        image: request.image.id !== '' ? request.image.id : request.image.name,
        folders: { aport: copy.dir, output: dir, ...request.caches, scriptDir: request.scriptDir },
        fetchNetwork: request.fetchNetwork,
        repo: copy.repo,
        aportName: copy.name,
        hostUid: process.getuid?.() ?? 0,
        hostGid: process.getgid?.() ?? 0,
        repositories: placement.repositories,
      });
      const outcome = await runContainerStep({
        engine: request.engine,
        args,
        containerName: name,
        onLine: say,
        signal: request.signal,
        deadline,
      });
      if (step === 'build' && outcome.firstLineAt !== null)
        result.overheadMs = outcome.firstLineAt - outcome.startedAt;
      if (outcome.status !== 'ok')
        return fail(
          outcome.status,
          failure(
            variant.name,
            step,
            outcome,
            log.path,
            describeRepositories(placement.repositories),
            request.timeoutMs,
          ),
        );
    }
    movePackagesIntoArch(dir, request.carch);
    result.packages = await describePackages(request, variant, model, dir, startedOn, say);
    if (result.packages.length === 0)
      return fail('failed', `[${variant.name}] the build made no .apk file (log: ${log.path})`);
    say(`==> [${variant.name}] packages: ${result.packages.join(' ')}`);
    try {
      const index = await writeRepositoryIndex(
        join(dir, request.carch),
        request.carch,
        placement.key,
        `apkharden rebuild ${copy.name} (${variant.name})`,
      );
      say(`==> [${variant.name}] repository: ${index} (signed with ${placement.key.name})`);
    } catch (error) {
      return fail('failed', `[${variant.name}] ${(error as Error).message}`);
    }
    return result;
  } finally {
    copy.remove();
    log.close();
  }
}

/**
 * The longest timeout: Node's timers hold a signed 32-bit delay, and a longer one (or Infinity)
 * fires at once, as if it were 1 ms (about 24.8 days).
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Builds each variant in turn: sources fetched in a container on the fetch network, then built
 * and packaged in a second container with `--network none`; packages, the build log, the
 * variant's APKBUILD and a provenance statement land in DIR/<variant>/. Stops at the first
 * cancel or timeout; a failed variant does not stop the next.
 */
export async function rebuild(input: RebuildRequest): Promise<RebuildResult> {
  // Refused before any folder is made or container started, as the CLI does before the engine.
  const problem = aportFolderProblem(input.file);
  if (problem !== null) throw new Error(problem);
  checkImageReference(input.image.name);
  const repositories = containerRepositories(input.repositories ?? [], input.keys);
  const key = input.signKey ? loadSigningKey(input.signKey) : throwawayKey();
  const { timeoutMs } = input;
  if (timeoutMs !== undefined && !(timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new RangeError(`timeout ${timeoutMs} ms is not from 1 ms to ${MAX_TIMEOUT_MS} ms`);
  // Mount sources must be absolute: a relative --out or XDG_CACHE_HOME would not mount.
  const request: RebuildRequest = {
    ...input,
    outDir: resolve(input.outDir),
    caches: {
      distfiles: resolve(input.caches.distfiles),
      apkCache: resolve(input.caches.apkCache),
    },
  };
  mkdirSync(request.outDir, { recursive: true });
  mkdirSync(request.caches.distfiles, { recursive: true });
  mkdirSync(request.caches.apkCache, { recursive: true });
  const publicKey = writePublicKey(request.outDir, key);
  request.onLine(keyNotice(request.outDir, key));
  const deadline = request.timeoutMs === undefined ? undefined : Date.now() + request.timeoutMs;
  const variants: VariantResult[] = [];
  for (const variant of request.variants) {
    const result = await rebuildVariant(request, { repositories, key }, variant, deadline);
    variants.push(result);
    // The next variant would meet the same cancel, deadline or engine problem.
    if (result.status !== 'ok' && result.status !== 'failed') break;
  }
  return {
    outDir: request.outDir,
    publicKey,
    variants,
    ok: variants.every((v) => v.status === 'ok') && variants.length === request.variants.length,
  };
}
