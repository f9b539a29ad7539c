import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings-schema';

export { DEFAULT_SETTINGS, readSettings, type ServerSettings };

/** Pulls settings per document from clients that support `workspace/configuration`. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.canPull()) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'apkbuild' })
        .then(readSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
