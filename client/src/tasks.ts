import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { TaskProvider, WorkspaceFolder } from 'vscode';
import { ProcessExecution, Task, TaskScope, Uri, workspace } from 'vscode';
import { describe, isApkbuild } from './apkbuild-file';
import type { Ctx } from './ctx';
import { messageOf, showError } from './notifications';
import type { OpenedTexts } from './opened-texts';
import { taskSettings } from './settings';
import { errorFileEnv, errorFileFor } from './task-errors';
import type { ApkbuildTaskDefinition, Variant } from './task-definition';
import {
  compareArgs,
  defaultRebuildDir,
  definitionProblem,
  rebuildArgs,
  taskName,
} from './task-definition';

export const TASK_TYPE = 'apkbuild';
/** Declared in package.json: abuild's `>>> ERROR: pkgname: message` lines. */
const ABUILD_MATCHER = '$abuild';

/**
 * Rebuild and compare as VS Code tasks, the rust-analyzer way: ProcessExecution of the bundled
 * CLI (an argument array, no shell), so progress streams to a task terminal and cancelling the
 * task ends the CLI, which stops its container. Nothing is offered in an untrusted workspace.
 * VS Code saves dirty editors before a task runs (`task.saveBeforeRun`), so the hardened
 * variant the CLI reads is the text in the editor.
 */
export class ApkbuildTaskProvider implements TaskProvider {
  constructor(
    private readonly ctx: Ctx,
    private readonly opened: OpenedTexts,
  ) {}

  /** Rebuild and compare tasks for every APKBUILD open in the editor. */
  async provideTasks(): Promise<Task[]> {
    if (!workspace.isTrusted) return [];
    const tasks: Task[] = [];
    for (const document of workspace.textDocuments.filter(isApkbuild)) {
      const file = document.uri.fsPath;
      tasks.push(
        await this.task({ type: TASK_TYPE, task: 'rebuild', file, variant: 'both' }),
        await this.task({ type: TASK_TYPE, task: 'compare', file }),
      );
    }
    return tasks;
  }

  /** A task written in tasks.json: checked, then given its execution; a bad one is reported. */
  async resolveTask(task: Task): Promise<Task | undefined> {
    if (!workspace.isTrusted) return undefined;
    const problem = definitionProblem(task.definition);
    if (problem !== null) {
      void showError(this.ctx, `Task "${task.name}" in tasks.json: ${problem}.`, { log: true });
      return undefined;
    }
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    try {
      return await this.task(task.definition as ApkbuildTaskDefinition, folder, task.name);
    } catch (error) {
      void showError(
        this.ctx,
        `Task "${task.name}": cannot read its APKBUILD: ${messageOf(error)}`,
      );
      return undefined;
    }
  }

  /** The task of a definition; `name` keeps the name a tasks.json entry gave it. */
  async task(
    definition: ApkbuildTaskDefinition,
    folder?: WorkspaceFolder,
    name?: string,
  ): Promise<Task> {
    const path = absolute(definition.file, folder);
    const uri = Uri.file(path.endsWith('/APKBUILD') ? path : join(path, 'APKBUILD'));
    const scope = folder ?? workspace.getWorkspaceFolder(uri) ?? TaskScope.Workspace;
    const document = await workspace.openTextDocument(uri);
    const { status, pkgname } = await describe(this.ctx, document);
    const settings = taskSettings(uri, status);
    const variant: Variant = definition.variant ?? 'both';
    const args =
      definition.task === 'rebuild'
        ? rebuildArgs(uri.fsPath, variant, settings, this.opened.originalFileFor(uri))
        : compareArgs(defaultRebuildDir(pkgname, process.env, homedir()), 'text', settings);
    const label = name ?? taskName(definition.task, pkgname, variant);
    const execution = new ProcessExecution(process.execPath, [this.ctx.cliPath, ...args], {
      cwd: Uri.joinPath(uri, '..').fsPath,
      // The CLI's last error line, for the notification of a failed run (task-errors.ts).
      env: { ELECTRON_RUN_AS_NODE: '1', ...errorFileEnv(errorFileFor(this.ctx, label)) },
    });
    const task = new Task(
      definition, // unchanged: VS Code matches a resolved task to its tasks.json entry by it
      scope,
      label,
      TASK_TYPE,
      execution,
      definition.task === 'rebuild' ? [ABUILD_MATCHER] : [],
    );
    task.detail = `apkharden ${args.join(' ')}`;
    return task;
  }
}

function absolute(file: string, folder: WorkspaceFolder | undefined): string {
  if (isAbsolute(file)) return file;
  const base = folder ?? workspace.workspaceFolders?.[0];
  return base ? join(base.uri.fsPath, file) : file;
}
