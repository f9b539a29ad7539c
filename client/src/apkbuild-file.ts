import type { TextDocument } from 'vscode';
import { Uri, window, workspace } from 'vscode';
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
  if (!document || !isApkbuild(document)) return undefined;
  return { document, ...(await describe(ctx, document)) };
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
