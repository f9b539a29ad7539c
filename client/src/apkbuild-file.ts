import type { Disposable, Tab, TextDocument, TextEditor } from 'vscode';
import { TabInputText, Uri, window, workspace } from 'vscode';
import type { StatusResult } from '../../server/src/protocol';
import { StatusRequest } from '../../server/src/protocol';
import type { Ctx } from './ctx';

/** The APKBUILD a command acts on, with what the server knows of it. */
export interface ApkbuildFile {
  document: TextDocument;
  status: StatusResult | null;
  /** pkgname, or the folder's name when the file does not set it statically. */
  pkgname: string;
}

export function isApkbuild(document: TextDocument): boolean {
  return document.languageId === 'apkbuild' && document.uri.scheme === 'file';
}

/** The APKBUILD last in the active editor, while it is still open in a tab. */
let lastActive: Uri | undefined;

/** Follows the active editor, so that a command run from a page or a view knows the file. */
export function trackActiveApkbuild(): Disposable {
  const note = (editor: TextEditor | undefined): void => {
    if (editor && isApkbuild(editor.document)) lastActive = editor.document.uri;
  };
  note(window.activeTextEditor);
  return window.onDidChangeActiveTextEditor(note);
}

/**
 * The APKBUILD given (a command's argument from the explorer, a task or a code lens) or else the
 * one in the active editor; undefined when there is none. Opening it makes the server analyze
 * it. When a page or a view has the focus (a walkthrough's button), the APKBUILD last active,
 * else one visible, else one in a tab.
 */
export async function targetApkbuild(ctx: Ctx, given?: unknown): Promise<ApkbuildFile | undefined> {
  let document: TextDocument | undefined;
  // A code lens passes the file's URI as a string (LSP command arguments are JSON).
  const uri = typeof given === 'string' ? Uri.parse(given) : given;
  if (uri instanceof Uri) document = await workspace.openTextDocument(uri);
  else if (window.activeTextEditor && isApkbuild(window.activeTextEditor.document))
    document = window.activeTextEditor.document;
  else {
    const tabbed = tabbedApkbuilds();
    const last = tabbed.find((t) => t.toString() === lastActive?.toString());
    const visible = window.visibleTextEditors.find((e) => isApkbuild(e.document))?.document;
    const fallback = last ?? visible?.uri ?? tabbed[0];
    document = fallback ? await workspace.openTextDocument(fallback) : undefined;
  }
  if (!document || !isApkbuild(document)) return undefined;
  return { document, ...(await describe(ctx, document)) };
}

/** The APKBUILDs open in tabs: the active tabs of the groups first. */
function tabbedApkbuilds(): Uri[] {
  const uriOf = (tab: Tab): Uri[] =>
    tab.input instanceof TabInputText &&
    tab.input.uri.scheme === 'file' &&
    tab.input.uri.path.endsWith('/APKBUILD')
      ? [tab.input.uri]
      : [];
  const groups = window.tabGroups.all;
  const active = groups.flatMap((g) => (g.activeTab ? uriOf(g.activeTab) : []));
  return [...active, ...groups.flatMap((g) => g.tabs.flatMap(uriOf))];
}

/** The server's status of a document, and the name the rebuild output folder takes. */
export async function describe(
  ctx: Ctx,
  document: TextDocument,
): Promise<{ status: StatusResult | null; pkgname: string }> {
  const status = await ctx
    .request(StatusRequest, { textDocument: { uri: document.uri.toString() } })
    .catch((error: unknown) => {
      ctx.output.warn(`apkbuild/status for ${document.uri.fsPath} failed: ${String(error)}`);
      return null;
    });
  const folderName = Uri.joinPath(document.uri, '..').path.split('/').pop() ?? 'APKBUILD';
  return { status, pkgname: status?.package ?? folderName };
}
