import { basename } from 'node:path';
import type { Disposable, StatusBarItem, TextEditor } from 'vscode';
import { languages, StatusBarAlignment, Uri, window } from 'vscode';
import { describe, isApkbuild, type ApkbuildFile } from './apkbuild-file';
import type { ProfileOffer } from './create-profile';
import type { Ctx } from './ctx';

/** Wait after a diagnostics change before asking the server again (they come in bursts). */
const REFRESH_DELAY_MS = 300;

/**
 * The status bar item of the active APKBUILD: the profile in use and how many hardening
 * findings it gives. Clicking opens the profile file, or offers to create one.
 */
export class StatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly offer: ProfileOffer,
  ) {
    this.item = window.createStatusBarItem('apkbuild.status', StatusBarAlignment.Right, 100);
    this.item.name = 'APKBUILD hardening';
    this.subscriptions.push(
      window.onDidChangeActiveTextEditor((editor) => void this.refresh(editor)),
      languages.onDidChangeDiagnostics((event) => {
        const active = window.activeTextEditor?.document.uri.toString();
        if (event.uris.some((uri) => uri.toString() === active)) this.refreshSoon();
      }),
    );
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(window.activeTextEditor), REFRESH_DELAY_MS);
  }

  async refresh(editor: TextEditor | undefined): Promise<void> {
    if (!editor || !isApkbuild(editor.document)) {
      this.item.hide();
      return;
    }
    const file: ApkbuildFile = {
      document: editor.document,
      ...(await describe(this.ctx, editor.document)),
    };
    if (window.activeTextEditor?.document !== editor.document) return; // moved on meanwhile
    const status = file.status;
    if (!status) {
      this.item.hide();
      return;
    }
    const profile =
      status.profileFile !== null
        ? basename(status.profileFile)
        : status.profile.replace('builtin:', '');
    this.item.text = `$(shield) ${profile}: ${status.findings} finding${status.findings === 1 ? '' : 's'}`;
    this.item.tooltip =
      `Hardening profile: ${status.profile}\n` +
      `${status.findings} hardening findings, ${status.lint} lint findings in ${file.pkgname}\n` +
      (status.profileFile !== null
        ? 'Click to open the profile'
        : 'Click to create a .apkharden.yaml');
    this.item.command =
      status.profileFile !== null
        ? {
            title: 'Open profile',
            command: 'vscode.open',
            arguments: [Uri.file(status.profileFile)],
          }
        : { title: 'Create hardening profile', command: 'apkbuild.createProfile' };
    this.item.show();
    // Not awaited: the offer stays up until answered, and activation must not wait for it.
    void this.offer.consider(file);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
