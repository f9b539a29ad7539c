import type { CodeAction } from 'vscode';
import { CodeActionKind, commands, Range, tasks, window, workspace } from 'vscode';
import { targetApkbuild, type ApkbuildFile } from './apkbuild-file';
import { compareAndShow } from './compare-command';
import type { CompareView } from './compare-view';
import { createProfile } from './create-profile';
import type { Ctx } from './ctx';
import { messageOf, showError } from './notifications';
import { exportSbom, showDesiredSbom } from './sbom-commands';
import type { ApkbuildTaskProvider } from './tasks';
import { TASK_TYPE } from './tasks';

/**
 * The server's fix-all kinds (server/src/features/code-actions.ts): each option disabled
 * (FIX_ALL_KIND), or removed (REMOVE_ALL_KIND).
 */
const FIX_ALL = {
  disable: CodeActionKind.SourceFixAll.append('apkbuild'),
  remove: CodeActionKind.Source.append('removeAll').append('apkbuild'),
} as const;

/** A command that needs an APKBUILD: the one given, else the active editor's. */
type FileCommand = (file: ApkbuildFile) => Promise<void>;

/** Registers the commands of the "APKBUILD" category on the context. */
export function registerCommands(
  ctx: Ctx,
  taskProvider: ApkbuildTaskProvider,
  view: CompareView,
): void {
  const onFile =
    (title: string, run: FileCommand, trusted = false) =>
    async (given?: unknown): Promise<void> => {
      if (trusted && !workspace.isTrusted) {
        await showError(
          ctx,
          `${title} runs containers and is off in an untrusted workspace. Trust the workspace to use it.`,
          {
            extra: {
              title: 'Manage workspace trust',
              run: () => commands.executeCommand('workbench.trust.manage'),
            },
          },
        );
        return;
      }
      const file = await targetApkbuild(ctx, given);
      if (!file) {
        await showError(ctx, `${title}: open an APKBUILD in the editor first.`, {});
        return;
      }
      try {
        await run(file);
      } catch (error) {
        await showError(
          ctx,
          `${title} failed for ${file.document.uri.fsPath}: ${messageOf(error)}`,
        );
      }
    };
  const register = (id: string, handler: (...args: unknown[]) => unknown): void =>
    ctx.push(commands.registerCommand(id, handler));

  register(
    'apkbuild.rebuild',
    onFile(
      'Rebuild',
      async (file) => {
        // The CLI reads the file from disk; the hardened variant is what the editor shows.
        if (file.document.isDirty && !(await file.document.save()))
          throw new Error('the file could not be saved');
        const task = await taskProvider.task({
          type: TASK_TYPE,
          task: 'rebuild',
          file: file.document.uri.fsPath,
          variant: 'both',
        });
        await tasks.executeTask(task);
      },
      true,
    ),
  );
  register(
    'apkbuild.compare',
    onFile('Compare', (file) => compareAndShow(ctx, view, file), true),
  );
  register(
    'apkbuild.applyAllFixes',
    onFile('Apply all hardening fixes', (file) => applyAllFixes(ctx, file, 'disable')),
  );
  register(
    'apkbuild.applyAllFixesRemoving',
    onFile('Apply all hardening fixes', (file) => applyAllFixes(ctx, file, 'remove')),
  );
  register(
    'apkbuild.showDesiredSbom',
    onFile('Show desired SBOM', (file) => showDesiredSbom(ctx, file)),
  );
  register(
    'apkbuild.exportCycloneDx',
    onFile('Export CycloneDX', (file) => exportSbom(ctx, file, 'cyclonedx')),
  );
  register(
    'apkbuild.exportSpdx',
    onFile('Export SPDX', (file) => exportSbom(ctx, file, 'spdx')),
  );
  register('apkbuild.createProfile', async (given?: unknown) =>
    createProfile(ctx, await targetApkbuild(ctx, given)),
  );
  register('apkbuild.restartServer', async () => {
    try {
      await ctx.client.restart();
      ctx.output.info('language server restarted');
    } catch (error) {
      await showError(ctx, `Restarting the APKBUILD language server failed: ${messageOf(error)}`);
    }
  });
}

/** The server's fix-all code action over the whole file, applied as one edit. */
async function applyAllFixes(
  ctx: Ctx,
  file: ApkbuildFile,
  variant: keyof typeof FIX_ALL,
): Promise<void> {
  const kind = FIX_ALL[variant];
  const document = file.document;
  const whole = new Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = await commands.executeCommand<CodeAction[] | undefined>(
    'vscode.executeCodeActionProvider',
    document.uri,
    whole,
    kind.value,
  );
  const fixAlls = actions?.filter((a) => a.kind !== undefined && kind.contains(a.kind)) ?? [];
  const fixAll = fixAlls.find((a) => a.edit && !a.disabled);
  // The server offers fix-all disabled when it would not keep the file parsing.
  const refused = fixAlls.find((a) => a.disabled)?.disabled;
  if (!fixAll?.edit && refused) {
    void window.showWarningMessage(`${file.pkgname}: fixes not applied. ${refused.reason}`);
    return;
  }
  if (!fixAll?.edit) {
    void window.showInformationMessage(
      `${file.pkgname}: no hardening fixes to apply under the profile in use.`,
    );
    return;
  }
  if (!(await workspace.applyEdit(fixAll.edit))) throw new Error('the editor refused the edit');
  ctx.output.info(`${document.uri.fsPath}: ${fixAll.title}`);
}
