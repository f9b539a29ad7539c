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
import type { ResolveResult } from '../../server/src/protocol';
import { ResolveRequest } from '../../server/src/protocol';
import { isApkbuild } from './apkbuild-file';
import type { Ctx } from './ctx';

const REFRESH_DELAY_MS = 300;
/** A list longer than this (a large closure) starts folded. */
const EXPANDED_MAX = 20;

/** A row of the view: a heading with rows below it, or a leaf. */
export interface ActiveNode {
  label: string;
  description?: string;
  icon: string;
  children: ActiveNode[];
  /** A setting to open on a click (a note saying what is missing). */
  setting?: string;
}

const plural = (n: number, noun: string, nouns = `${noun}s`): string =>
  `${n} ${n === 1 ? noun : nouns}`;

/** The rows for the server's resolution of the active APKBUILD. */
export function activeNodes(result: ResolveResult): ActiveNode[] {
  const nodes: ActiveNode[] = [];
  const leaf = (label: string, icon: string): ActiveNode => ({ label, icon, children: [] });
  if (result.closure) {
    const added = result.closure.added;
    nodes.push({
      // What `apk add` installs on top of the profile's reference image; the count first, so
      // that a narrow side bar still shows it.
      label: `Install closure: ${plural(added.length, 'package')}`,
      description: result.package ? `apk add ${result.package}` : undefined,
      icon: 'package',
      children: added.map((name) => leaf(name, 'circle-small')),
    });
  }
  if (result.passes.length > 0)
    nodes.push({
      label: 'Build passes',
      description: `${plural(result.passes.length, 'pass', 'passes')}, ${plural(result.passes.flat().length, 'origin')}`,
      icon: 'layers',
      children: result.passes.map((origins, i) => ({
        label: `pass ${i + 1}`,
        description: origins.join(', '),
        icon: 'circle-small',
        children: [],
      })),
    });
  for (const note of result.notes)
    nodes.push({
      label: note,
      icon: 'info',
      children: [],
      setting: /apkbuild\.apkindex/.test(note)
        ? 'apkbuild.apkindex'
        : /apkbuild\.aportsPath/.test(note)
          ? 'apkbuild.aportsPath'
          : undefined,
    });
  return nodes;
}

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
