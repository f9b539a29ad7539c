import type { Disposable, Event, TextDocument, TreeDataProvider } from 'vscode';
import {
  EventEmitter,
  languages,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  window,
  workspace,
} from 'vscode';
import { ResolveRequest } from '../../server/src/protocol';
import { activeNodes, type ActiveNode } from './active-aport-rows';
import { isApkbuild } from './apkbuild-file';
import type { Ctx } from './ctx';

const REFRESH_DELAY_MS = 300;
/** A list longer than this (a large closure) starts folded. */
const EXPANDED_MAX = 20;

/**
 * The "Active APKBUILD" view of the Hardening container: for the APKBUILD in the editor, the
 * install closure (with apkbuild.apkindex) and the build passes the server resolves.
 */
export class ActiveAportView implements TreeDataProvider<ActiveNode>, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeTreeData: Event<void> = this.changed.event;
  private readonly subscriptions: Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last APKBUILD shown, kept while the focus is on something else (this view, a page). */
  private document: TextDocument | undefined;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isApkbuild(editor.document)) {
          this.document = editor.document;
          this.refreshSoon();
        }
      }),
      languages.onDidChangeDiagnostics((e) => {
        const shown = this.document?.uri.toString();
        if (e.uris.some((u) => u.toString() === shown)) this.refreshSoon();
      }),
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('apkbuild')) this.refreshSoon();
      }),
      workspace.onDidCloseTextDocument((closed) => {
        if (closed === this.document) {
          this.document = undefined;
          this.refreshSoon();
        }
      }),
    );
    const active = window.activeTextEditor?.document;
    if (active && isApkbuild(active)) this.document = active;
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), REFRESH_DELAY_MS);
  }

  async getChildren(element?: ActiveNode): Promise<ActiveNode[]> {
    if (element) return element.children;
    const document = this.document;
    if (!document) return [];
    const result = await this.ctx
      .request(ResolveRequest, { textDocument: { uri: document.uri.toString() } })
      .catch((error: unknown) => {
        this.ctx.output.warn(
          `apkbuild/resolve for ${document.uri.fsPath} failed: ${String(error)}`,
        );
        return null;
      });
    if (!result) return [];
    const name = result.package ?? document.uri.path.split('/').slice(-2, -1)[0];
    return [
      {
        label: name,
        description: 'active APKBUILD',
        icon: 'file-code',
        children: activeNodes(result),
      },
    ];
  }

  getTreeItem(node: ActiveNode): TreeItem {
    const item = new TreeItem(
      node.label,
      node.children.length === 0
        ? TreeItemCollapsibleState.None
        : node.children.length <= EXPANDED_MAX
          ? TreeItemCollapsibleState.Expanded
          : TreeItemCollapsibleState.Collapsed,
    );
    item.description = node.description;
    item.iconPath = new ThemeIcon(node.icon);
    item.tooltip = node.description ? `${node.label}: ${node.description}` : node.label;
    if (node.setting)
      item.command = {
        title: 'Open setting',
        command: 'workbench.action.openSettings',
        arguments: [node.setting],
      };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
