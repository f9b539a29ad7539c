import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Disposable, TextDocument, Uri } from 'vscode';
import { workspace } from 'vscode';
import { isApkbuild } from './apkbuild-file';

/**
 * Each APKBUILD's text as it was when the editor first opened it. A rebuild's original variant
 * is the file at git HEAD; outside a git work tree it is this text, so the user can harden a
 * file and still rebuild what it was before.
 */
export class OpenedTexts implements Disposable {
  private readonly texts = new Map<string, string>();
  private readonly subscription: Disposable;

  constructor(private readonly storage: string) {
    for (const document of workspace.textDocuments) this.keep(document);
    this.subscription = workspace.onDidOpenTextDocument((document) => this.keep(document));
  }

  private keep(document: TextDocument): void {
    const key = document.uri.toString();
    if (isApkbuild(document) && !this.texts.has(key)) this.texts.set(key, document.getText());
  }

  /**
   * A file holding the text the APKBUILD had when opened, for `apkharden rebuild --original`;
   * undefined when git HEAD has the original (the CLI reads it) or the file was never opened.
   */
  originalFileFor(uri: Uri): string | undefined {
    if (insideGitWorkTree(dirname(uri.fsPath))) return undefined;
    const text = this.texts.get(uri.toString());
    if (text === undefined) return undefined;
    const key = createHash('sha256').update(uri.toString()).digest('hex').slice(0, 16);
    const folder = join(this.storage, 'opened', key);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'APKBUILD');
    writeFileSync(file, text);
    return file;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** True when `folder` or a parent holds `.git` (a folder, or a file for worktrees). */
function insideGitWorkTree(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
