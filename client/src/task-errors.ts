import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Disposable, Task, TaskProcessEndEvent } from 'vscode';
import { commands, env, ProcessExecution, Range, tasks, Uri, window, workspace } from 'vscode';
import type { Ctx } from './ctx';
import { showError } from './notifications';
import { taskErrorNotice, type TaskErrorNotice } from './task-error-notice';

/** Read by the CLI (server/src/cli/error-file.ts): where it writes its last error line. */
const ERROR_FILE_VARIABLE = 'APKHARDEN_ERROR_FILE';

/** The file a task's CLI writes its last error line to: one per task name. */
export function errorFileFor(ctx: Ctx, taskName: string): string {
  const folder = join(ctx.extension.globalStorageUri.fsPath, 'task-errors');
  mkdirSync(folder, { recursive: true });
  return join(folder, `${taskName.replace(/[^\w.-]+/g, '_')}.txt`);
}

/** The environment a task's CLI runs with, so its error reaches the notification. */
export function errorFileEnv(file: string): Record<string, string> {
  return { [ERROR_FILE_VARIABLE]: file };
}

function errorFileOf(task: Task, taskType: string): string | undefined {
  if (task.definition.type !== taskType || !(task.execution instanceof ProcessExecution))
    return undefined;
  return task.execution.options?.env?.[ERROR_FILE_VARIABLE];
}

/**
 * A failing apkbuild task (no engine, the daemon down, the image missing) is told in a
 * notification, not only in its terminal: the CLI's last error line, with "Open setting",
 * "How to import an image" and "Show task output" where they help.
 */
export function watchTaskErrors(ctx: Ctx, taskType: string): Disposable[] {
  return [
    tasks.onDidStartTaskProcess((event) => {
      const file = errorFileOf(event.execution.task, taskType);
      if (file) rmSync(file, { force: true }); // an earlier run's error is not this one's
    }),
    tasks.onDidEndTaskProcess((event) => void onEnd(ctx, taskType, event)),
  ];
}

async function onEnd(ctx: Ctx, taskType: string, event: TaskProcessEndEvent): Promise<void> {
  const { task } = event.execution;
  const file = errorFileOf(task, taskType);
  // Cancelled tasks end without a code; a rebuild whose build failed (exit 1) is for the task
  // terminal and its problem matcher, not a notification.
  if (!file || event.exitCode === undefined || event.exitCode === 0 || event.exitCode === 1) return;
  const line = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  const notice = taskErrorNotice(task.name, event.exitCode, line);
  await showError(ctx, notice.message, { extras: actionsFor(ctx, notice, task.name) });
}

function actionsFor(
  ctx: Ctx,
  notice: TaskErrorNotice,
  taskName: string,
): { title: string; run: () => unknown }[] {
  const actions: { title: string; run: () => unknown }[] = [];
  if (notice.setting !== null) {
    const setting = notice.setting;
    actions.push({
      title: 'Open setting',
      run: () => commands.executeCommand('workbench.action.openSettings', setting),
    });
  }
  if (notice.kind === 'image-missing')
    actions.push({ title: 'How to import an image', run: () => howToImport(ctx, notice) });
  actions.push({ title: 'Show task output', run: () => showTaskOutput(taskName) });
  return actions;
}

/** The README's air-gapped section when the extension ships it, else the command to copy. */
async function howToImport(ctx: Ctx, notice: TaskErrorNotice): Promise<void> {
  // The README (shipped in the .vsix) holds the "Air-gapped hosts" section.
  const path = ctx.asAbsolutePath('README.md');
  const line = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .findIndex((l) => /^#+ .*air-gapped/i.test(l))
    : -1;
  if (line >= 0) {
    const document = await workspace.openTextDocument(Uri.file(path));
    await window.showTextDocument(document, { selection: new Range(line, 0, line, 0) });
    return;
  }
  const command =
    notice.importCommand ?? 'docker import alpine-minirootfs-VERSION-ARCH.tar.gz IMAGE';
  const chosen = await window.showInformationMessage(
    `Import Alpine's minirootfs as the image: ${command}`,
    'Copy command',
  );
  if (chosen === 'Copy command') await env.clipboard.writeText(command);
}

function showTaskOutput(taskName: string): void {
  const terminal = window.terminals.find((t) => t.name.includes(taskName));
  if (terminal) terminal.show();
  else void commands.executeCommand('workbench.action.terminal.focus');
}
