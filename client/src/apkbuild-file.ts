import type { Tab, TextDocument } from 'vscode';
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

/**
 * The APKBUILD given (a command's argument from the explorer, a task or a code lens) or else the one in the
 * active editor; undefined when there is none. Opening it makes the server analyze it.
 */
export async function targetApkbuild(ctx: Ctx, given?: unknown): Promise<ApkbuildFile | undefined> {
  let document: TextDocument | undefined;
  // A code lens passes the file's URI as a string (LSP command arguments are JSON).
  const uri = typeof given === 'string' ? Uri.parse(given) : given;
  if (uri instanceof Uri) document = await workspace.openTextDocument(uri);
  else if (window.activeTextEditor && isApkbuild(window.activeTextEditor.document))
    document = window.activeTextEditor.document;
  else {
    // A button of the walkthrough or a view has the focus: the APKBUILD beside it, or in a tab.
    const tabbed = tabbedApkbuild();
    document =
      window.visibleTextEditors.find((e) => isApkbuild(e.document))?.document ??
      (tabbed ? await workspace.openTextDocument(tabbed) : undefined);
  }
  if (!document || !isApkbuild(document)) return undefined;
  return { document, ...(await describe(ctx, document)) };
}

/** The APKBUILD of the active tab of a group, else of any tab; undefined when none is open. */
function tabbedApkbuild(): Uri | undefined {
  const uriOf = (tab: Tab): Uri | undefined =>
    tab.input instanceof TabInputText &&
    tab.input.uri.scheme === 'file' &&
    tab.input.uri.path.endsWith('/APKBUILD')
      ? tab.input.uri
      : undefined;
  const groups = window.tabGroups.all;
  for (const tab of groups.flatMap((g) => (g.activeTab ? [g.activeTab] : [])))
    if (uriOf(tab)) return uriOf(tab);
  for (const tab of groups.flatMap((g) => g.tabs)) if (uriOf(tab)) return uriOf(tab);
  return undefined;
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
