import { commands, window } from 'vscode';
import type { Ctx } from './ctx';

/** What a notification can offer besides closing it. */
export interface NotificationActions {
  /** Show the APKBUILD output channel, where the details were logged. */
  log?: boolean;
  /** Open the Settings editor filtered to this setting (e.g. `apkbuild.apkindex`). */
  setting?: string;
  /** Any other action: its button title and what it runs. */
  extra?: { title: string; run: () => unknown };
  /** More such actions, shown in this order after `extra`. */
  extras?: { title: string; run: () => unknown }[];
}

const OPEN_LOG = 'Open log';
const OPEN_SETTINGS = 'Open settings';

/**
 * Errors reach the user as a notification with the actions that help, not only as a line in
 * the output channel; the full text is logged too, so "Open log" always has something to show.
 */
export async function showError(
  ctx: Ctx,
  message: string,
  actions: NotificationActions = { log: true },
): Promise<void> {
  ctx.output.error(message);
  await offer(ctx, window.showErrorMessage(message, ...titles(actions)), actions);
}

export async function showWarning(
  ctx: Ctx,
  message: string,
  actions: NotificationActions,
): Promise<void> {
  ctx.output.warn(message);
  await offer(ctx, window.showWarningMessage(message, ...titles(actions)), actions);
}

function titles(actions: NotificationActions): string[] {
  const out: string[] = [];
  if (actions.extra) out.push(actions.extra.title);
  for (const extra of actions.extras ?? []) out.push(extra.title);
  if (actions.setting) out.push(OPEN_SETTINGS);
  if (actions.log) out.push(OPEN_LOG);
  return out;
}

async function offer(
  ctx: Ctx,
  shown: Thenable<string | undefined>,
  actions: NotificationActions,
): Promise<void> {
  const chosen = await shown;
  if (chosen === OPEN_LOG) ctx.output.show(true);
  else if (chosen === OPEN_SETTINGS)
    await commands.executeCommand('workbench.action.openSettings', actions.setting);
  else if (chosen !== undefined && chosen === actions.extra?.title) await actions.extra.run();
  else if (chosen !== undefined) await actions.extras?.find((e) => e.title === chosen)?.run();
}

/** The message of anything thrown, for a notification. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
