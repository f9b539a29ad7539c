import type { Disposable, Event, TreeDataProvider } from 'vscode';
import {
  EventEmitter,
  languages,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  workspace,
} from 'vscode';
import type { FileStatusResult } from '../../server/src/protocol';
import { FileStatusRequest } from '../../server/src/protocol';
import { PROFILE_FILE_NAME } from './create-profile';
import type { Ctx } from './ctx';

/** Enough for a folder of aports; a whole aports tree is listed up to this many. */
export const MAX_APORTS = 500;
/** Saves, diagnostics and watcher events come in bursts: one refresh after the last. */
const REFRESH_DELAY_MS = 300;

/** One aport of the workspace: its APKBUILD and what the server says of it. */
export interface AportNode {
  uri: Uri;
  /** The folder path from the workspace folder, e.g. `main/lighttpd`. */
  folder: string;
  result: FileStatusResult | null;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The "Aports" view of the Hardening container: each APKBUILD of the workspace folders with
 * its findings count under the profile that applies to it. A click opens the APKBUILD.
 */
export class AportsView implements TreeDataProvider<AportNode>, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeTreeData: Event<void> = this.changed.event;
  private readonly subscriptions: Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: Ctx) {
    const watchers = [`**/APKBUILD`, `**/${PROFILE_FILE_NAME}`].map((glob) =>
      workspace.createFileSystemWatcher(glob),
    );
    for (const watcher of watchers) {
      this.subscriptions.push(
        watcher,
        watcher.onDidCreate(() => this.refreshSoon()),
        watcher.onDidChange(() => this.refreshSoon()),
        watcher.onDidDelete(() => this.refreshSoon()),
      );
    }
    this.subscriptions.push(
      workspace.onDidSaveTextDocument(() => this.refreshSoon()),
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('apkbuild')) this.refreshSoon();
      }),
      // An unsaved edit (a fix applied) changes the open file's count too.
      languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.path.endsWith('/APKBUILD'))) this.refreshSoon();
      }),
    );
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), REFRESH_DELAY_MS);
  }

  async getChildren(element?: AportNode): Promise<AportNode[]> {
    if (element) return [];
    const files = await workspace.findFiles('**/APKBUILD', '**/node_modules/**', MAX_APORTS);
    const nodes = files.map((uri) => ({ uri, folder: this.folderOf(uri), result: null }));
    nodes.sort((a, b) => a.folder.localeCompare(b.folder));
    return Promise.all(nodes.map(async (node) => ({ ...node, result: await this.status(node) })));
  }

  getTreeItem(node: AportNode): TreeItem {
    const status = node.result?.status ?? null;
    const name = status?.package ?? node.folder.split('/').pop() ?? node.folder;
    const item = new TreeItem(name, TreeItemCollapsibleState.None);
    item.resourceUri = node.uri;
    item.id = node.uri.toString();
    if (status) {
      item.description = `${plural(status.findings, 'finding')} · ${node.folder}`;
      item.iconPath = new ThemeIcon(status.findings > 0 ? 'shield' : 'pass');
      item.tooltip =
        `${node.uri.fsPath}\n${plural(status.findings, 'hardening finding')}, ` +
        `${plural(status.lint, 'lint finding')}\nprofile: ${status.profileFile ?? status.profile}`;
    } else {
      item.description = node.folder;
      item.iconPath = new ThemeIcon('warning');
      item.tooltip = node.result?.error ?? 'the language server did not answer';
    }
    item.command = { title: 'Open APKBUILD', command: 'vscode.open', arguments: [node.uri] };
    return item;
  }

  private folderOf(uri: Uri): string {
    const folder = Uri.joinPath(uri, '..');
    const root = workspace.getWorkspaceFolder(uri);
    if (!root) return folder.fsPath;
    return folder.path.slice(root.uri.path.length).replace(/^\//, '') || root.name;
  }

  private async status(node: AportNode): Promise<FileStatusResult | null> {
    try {
      return await this.ctx.request(FileStatusRequest, { path: node.uri.fsPath });
    } catch (error) {
      this.ctx.output.warn(`apkbuild/fileStatus for ${node.uri.fsPath} failed: ${String(error)}`);
      return null;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
