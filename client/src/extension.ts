import type { ExtensionContext } from 'vscode';
import { commands, tasks, window } from 'vscode';
import { ActiveAportView } from './active-aport-view';
import { trackActiveApkbuild } from './apkbuild-file';
import { AportsView } from './aports-view';
import { registerCommands } from './commands';
import { CompareView } from './compare-view';
import { ProfileOffer } from './create-profile';
import { Ctx } from './ctx';
import { messageOf, showError } from './notifications';
import { OpenedTexts } from './opened-texts';
import { StatusBar } from './status-bar';
import { watchTaskErrors } from './task-errors';
import { ApkbuildTaskProvider, TASK_TYPE } from './tasks';

/** VS Code calls `deactivate` without arguments, so the running context is kept here. */
const session: { ctx: Ctx | undefined } = { ctx: undefined };

export async function activate(context: ExtensionContext): Promise<void> {
  // Kept before starting, so that a failed start still leaves its output channel to read
  // and is cleaned up by `deactivate`.
  const ctx = Ctx.create(context);
  session.ctx = ctx;
  const opened = new OpenedTexts(context.globalStorageUri.fsPath);
  ctx.push(opened);
  const taskProvider = new ApkbuildTaskProvider(ctx, opened);
  const view = new CompareView(ctx);
  const statusBar = new StatusBar(ctx, new ProfileOffer(ctx, context.workspaceState));
  ctx.push(view);
  ctx.push(statusBar);
  ctx.push(tasks.registerTaskProvider(TASK_TYPE, taskProvider));
  ctx.push(trackActiveApkbuild());
  for (const watcher of watchTaskErrors(ctx, TASK_TYPE)) ctx.push(watcher);
  registerCommands(ctx, taskProvider, view);
  const aports = new AportsView(ctx);
  const active = new ActiveAportView(ctx);
  ctx.push(aports);
  ctx.push(active);
  ctx.push(window.createTreeView('apkbuild.aports', { treeDataProvider: aports }));
  ctx.push(window.createTreeView('apkbuild.activeAport', { treeDataProvider: active }));
  ctx.push(
    commands.registerCommand('apkbuild.refreshHardeningView', () => {
      aports.refreshSoon();
      active.refreshSoon();
    }),
  );
  try {
    await ctx.client.start();
  } catch (error) {
    void showError(ctx, `The APKBUILD language server did not start: ${messageOf(error)}`);
    return;
  }
  void statusBar.refresh(window.activeTextEditor);
  // The views asked before the server ran: ask again.
  aports.refreshSoon();
  active.refreshSoon();
}

export async function deactivate(): Promise<void> {
  const ctx = session.ctx;
  session.ctx = undefined;
  await ctx?.dispose();
}
