import {
  MessageType,
  ShowMessageNotification,
  type Connection,
  type MessageActionItem,
} from 'vscode-languageserver';
import { LineIndex } from '../apkbuild';
import type { LoadedProfile } from '../hardening';
import { profileDiagnostics } from './diagnostics';

const OPEN_PROFILE: MessageActionItem = { title: 'Open profile' };

/** What the analysis uses while the file is broken, in words. */
function fallbackOf(loaded: LoadedProfile): string {
  return loaded.profile.source === loaded.file
    ? 'its last good version'
    : `the built-in '${loaded.profile.source.replace(/^builtin:/, '')}' profile`;
}

/**
 * Problems of profile files, shown on the profile's own URI, and, when a profile turns broken,
 * said once in a message (with an "Open profile" action where the client can open documents)
 * and in the log: the analysis goes on under the last good or built-in profile, never off.
 */
export class ProfileProblems {
  /** Profile URIs that carry diagnostics now, so they can be cleared once fixed. */
  private readonly published = new Set<string>();
  /** The errors last shown in a message, per profile URI, so a message is not repeated. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly clientOpensDocuments: () => boolean,
  ) {}

  async report(loaded: LoadedProfile, uri: string): Promise<void> {
    const diagnostics = profileDiagnostics(loaded);
    if (diagnostics.length === 0 && !this.published.has(uri)) return;
    if (diagnostics.length > 0) this.published.add(uri);
    else this.published.delete(uri);
    await this.connection.sendDiagnostics({ uri, diagnostics });
    if (!loaded.broken) {
      this.shown.delete(uri);
      return;
    }
    const signature = JSON.stringify(loaded.diagnostics);
    if (this.shown.get(uri) === signature) return;
    this.shown.set(uri, signature);
    this.announce(loaded, uri);
  }

  private announce(loaded: LoadedProfile, uri: string): void {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    const lines = new LineIndex(loaded.text ?? '');
    for (const d of errors) {
      const at = lines.positionAt(d.range.start);
      this.connection.console.error(
        `${loaded.file}:${at.line + 1}:${at.character + 1}: ${d.message}`,
      );
    }
    const first = errors[0];
    const where =
      loaded.text === null ? '' : ` line ${lines.positionAt(first.range.start).line + 1}:`;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    const message =
      `Hardening profile ${loaded.file}:${where} ${first.message}${more}. ` +
      `APKBUILDs are analysed with ${fallbackOf(loaded)} until it is fixed.`;
    if (!this.clientOpensDocuments()) {
      void this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message,
      });
      return;
    }
    // Not awaited: the user may answer much later, or never.
    void this.connection.window
      .showErrorMessage(message, OPEN_PROFILE)
      .then((choice) =>
        choice?.title === OPEN_PROFILE.title
          ? this.connection.window.showDocument({ uri, takeFocus: true })
          : undefined,
      )
      .catch((error: unknown) =>
        this.connection.console.warn(`cannot offer to open ${uri}: ${String(error)}`),
      );
  }
}
