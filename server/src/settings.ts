import type { Connection } from 'vscode-languageserver';
import { ARCH_TRIPLETS } from './apkbuild';

/** The server's view of the `apkbuild.*` settings it uses so far. */
export interface ServerSettings {
  carch: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { carch: 'x86_64' };

/** Validates a raw `apkbuild` configuration section, falling back to defaults field by field. */
export function readSettings(raw: unknown): ServerSettings {
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const carch =
    typeof section.carch === 'string' && section.carch in ARCH_TRIPLETS
      ? section.carch
      : DEFAULT_SETTINGS.carch;
  return { carch };
}

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
