import type { Uri } from 'vscode';
import { workspace } from 'vscode';
import type { StatusResult } from '../../server/src/protocol';
import { settingPath, type ContainerEngine, type TaskSettings } from './task-definition';

const ENGINES: readonly string[] = ['auto', 'docker', 'podman'];

/**
 * The settings the rebuild and compare command lines need, read for one file. `status` is the
 * server's answer for the file: the CLI then judges with the very profile the editor uses.
 */
export function taskSettings(uri: Uri | undefined, status: StatusResult | null): TaskSettings {
  const config = workspace.getConfiguration('apkbuild', uri);
  const engine = config.get<string>('containerEngine', 'auto');
  const image = config.get<string>('image', 'alpine:3.24').trim();
  return {
    containerEngine: (ENGINES.includes(engine) ? engine : 'auto') as ContainerEngine,
    image: image === '' ? 'alpine:3.24' : image,
    profile: profileArgument(status),
    apkindex: pathList(config.get<string>('apkindex', '')),
    sbom: pathList(config.get<string>('sbom', '')),
    // The tree the server found the file in when none is set: the compare's build passes then
    // come from the same tree the editor's findings do.
    aportsPath: config.get<string>('aportsPath', '') || (status?.aportsRoot ?? ''),
    ...rebuildPaths(config, uri),
  };
}

/** The rebuild's repositories, keys folder and signing key, relative ones from the workspace. */
function rebuildPaths(
  config: ReturnType<typeof workspace.getConfiguration>,
  uri: Uri | undefined,
): Pick<TaskSettings, 'repositories' | 'repositoryKeys' | 'signKey'> {
  const folder = uri ? workspace.getWorkspaceFolder(uri)?.uri.fsPath : undefined;
  const repositories = config.get<unknown>('repositories', []);
  const text = (key: string): string => {
    const value = config.get<unknown>(key, '');
    return typeof value === 'string' ? settingPath(value, folder) : '';
  };
  return {
    repositories: (Array.isArray(repositories) ? repositories : [])
      .filter((r): r is string => typeof r === 'string' && r.trim() !== '')
      .map((r) => settingPath(r, folder)),
    repositoryKeys: text('repositoryKeys'),
    signKey: text('signKey'),
  };
}

const pathList = (value: string): string[] => value.split(':').filter((p) => p !== '');

/** `--profile` as the CLI takes it: the file found, or the built-in's name. */
function profileArgument(status: StatusResult | null): string {
  if (!status) return '';
  if (status.profileFile !== null) return status.profileFile;
  return status.profile.startsWith('builtin:') ? status.profile.slice('builtin:'.length) : '';
}
