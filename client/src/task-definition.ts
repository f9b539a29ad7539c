/**
 * The `apkbuild` task type, free of VS Code: what a definition may hold, the CLI arguments it
 * runs with, and the names the provided tasks carry (the e2e tests look them up by name).
 */
import { isAbsolute, join } from 'node:path';

export type TaskKind = 'rebuild' | 'compare';
export type Variant = 'original' | 'hardened' | 'both';
export type ContainerEngine = 'auto' | 'docker' | 'podman';

/** As declared in package.json `taskDefinitions`. */
export interface ApkbuildTaskDefinition {
  type: 'apkbuild';
  task: TaskKind;
  /** The APKBUILD (or its folder); relative paths are taken from the workspace folder. */
  file: string;
  variant?: Variant;
}

/** The settings a task's command line depends on. */
export interface TaskSettings {
  containerEngine: ContainerEngine;
  image: string;
  /** The profile the editor uses for the file (a path or a built-in name); '' lets the CLI look. */
  profile: string;
  /** `apkbuild.apkindex`, split at `:`. */
  apkindex: string[];
  /** `apkbuild.sbom`, split at `:`. */
  sbom: string[];
  aportsPath: string;
  /** `apkbuild.repositories`: URLs and folders (absolute) for `--repository`. */
  repositories: string[];
  /** `apkbuild.repositoryKeys` and `apkbuild.signKey` (absolute paths); '' when not set. */
  repositoryKeys: string;
  signKey: string;
}

const KINDS: readonly string[] = ['rebuild', 'compare'];
const VARIANTS: readonly string[] = ['original', 'hardened', 'both'];

/** A readable reason when a user-written task definition cannot run; null when it can. */
export function definitionProblem(definition: Record<string, unknown>): string | null {
  if (typeof definition.task !== 'string' || !KINDS.includes(definition.task))
    return `"task" must be one of ${KINDS.join(', ')}`;
  if (typeof definition.file !== 'string' || definition.file.trim() === '')
    return '"file" must name an APKBUILD';
  if (
    definition.variant !== undefined &&
    (typeof definition.variant !== 'string' || !VARIANTS.includes(definition.variant))
  )
    return `"variant" must be one of ${VARIANTS.join(', ')}`;
  return null;
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening/rebuild/<pkgname>`, as the CLI uses. */
export function defaultRebuildDir(
  pkgname: string,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const cache =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(cache, 'apkbuild-hardening', 'rebuild', pkgname);
}

/**
 * `apkharden rebuild FILE --variant V --engine E --image=I [--original O] [--profile P]
 * [--repository=R]... [--keys=K] [--sign-key=S]`;
 * `original` is the text kept from when the editor opened the file, outside git.
 */
export function rebuildArgs(
  file: string,
  variant: Variant,
  settings: TaskSettings,
  original?: string,
): string[] {
  const args = ['rebuild', file, '--variant', variant, '--engine', settings.containerEngine];
  // One argument: a setting that starts with '-' reaches the CLI as the value, which refuses
  // it by name, instead of as an option of its own.
  args.push(`--image=${settings.image}`);
  if (original !== undefined) args.push('--original', original);
  if (settings.profile !== '') args.push('--profile', settings.profile);
  // `--flag=value` for the same reason as the image: a value is never read as an option.
  for (const repository of settings.repositories) args.push(`--repository=${repository}`);
  if (settings.repositoryKeys !== '') args.push(`--keys=${settings.repositoryKeys}`);
  if (settings.signKey !== '') args.push(`--sign-key=${settings.signKey}`);
  return args;
}

/**
 * A path setting as the task's CLI needs it: a relative folder is taken from the workspace
 * folder (the task runs in the APKBUILD's), a URL and an absolute path stay as they are.
 */
export function settingPath(value: string, workspaceFolder: string | undefined): string {
  const trimmed = value.trim();
  if (trimmed === '' || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(trimmed) || isAbsolute(trimmed))
    return trimmed;
  return workspaceFolder === undefined ? trimmed : join(workspaceFolder, trimmed);
}

/** `apkharden compare DIR/original DIR/hardened --format F [--index X]... [--sbom S]... [--aports D] [--profile P]`. */
export function compareArgs(
  rebuildDir: string,
  format: 'text' | 'json' | 'markdown',
  settings: TaskSettings,
): string[] {
  const args = ['compare', join(rebuildDir, 'original'), join(rebuildDir, 'hardened')];
  args.push('--format', format);
  for (const index of settings.apkindex) args.push('--index', index);
  for (const sbom of settings.sbom) args.push('--sbom', sbom);
  if (settings.aportsPath !== '') args.push('--aports', settings.aportsPath);
  if (settings.profile !== '') args.push('--profile', settings.profile);
  return args;
}

/** The name VS Code shows for a task: `rebuild <pkgname> (original and hardened)`, `compare <pkgname>`. */
export function taskName(task: TaskKind, pkgname: string, variant: Variant = 'both'): string {
  if (task === 'compare') return `compare ${pkgname}`;
  return variant === 'both'
    ? `rebuild ${pkgname} (original and hardened)`
    : `rebuild ${pkgname} (${variant})`;
}
