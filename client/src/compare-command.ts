import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { commands, Uri } from 'vscode';
import type { ApkbuildFile } from './apkbuild-file';
import { lastLine, runCli } from './cli-runner';
import type { CompareView } from './compare-view';
import { compareViewModel, isCompareReport } from './compare-view-model';
import type { Ctx } from './ctx';
import { showError } from './notifications';
import { taskSettings } from './settings';
import { compareArgs, defaultRebuildDir } from './task-definition';

/**
 * "Compare": `apkharden compare DIR/original DIR/hardened --format json` over the folder the
 * rebuild wrote, shown in the compare view. Missing output or a failing CLI becomes a
 * notification that says what to do (rebuild first, open the log).
 */
export async function compareAndShow(
  ctx: Ctx,
  view: CompareView,
  file: ApkbuildFile,
): Promise<void> {
  const dir = defaultRebuildDir(file.pkgname, process.env, homedir());
  const missing = ['original', 'hardened'].filter((v) => !existsSync(join(dir, v)));
  if (missing.length > 0) {
    await showError(
      ctx,
      `No rebuild output to compare for ${file.pkgname}: ${missing.map((v) => join(dir, v)).join(' and ')} missing. Rebuild the original and hardened variants first.`,
      {
        extra: {
          title: 'Rebuild original and hardened',
          run: () => commands.executeCommand('apkbuild.rebuild', file.document.uri),
        },
      },
    );
    return;
  }
  const settings = taskSettings(file.document.uri, file.status);
  const cwd = Uri.joinPath(file.document.uri, '..').fsPath;
  const run = await runCli(ctx, compareArgs(dir, 'json', settings), cwd);
  if (run.exitCode !== 0) {
    await showError(
      ctx,
      `Compare of ${file.pkgname} failed: ${lastLine(run.stderr) || `apkharden exited with ${run.exitCode}`}`,
      { log: true, setting: run.stderr.includes('APKINDEX') ? 'apkbuild.apkindex' : undefined },
    );
    return;
  }
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch (error) {
    await showError(
      ctx,
      `Compare of ${file.pkgname}: the CLI printed no JSON report (${String(error)})`,
    );
    return;
  }
  if (!isCompareReport(report)) {
    await showError(
      ctx,
      `Compare of ${file.pkgname}: the report is not of a schema this extension reads`,
    );
    return;
  }
  for (const warning of report.warnings) ctx.output.warn(`compare ${file.pkgname}: ${warning}`);
  view.show({
    model: compareViewModel(report),
    defaultExport: Uri.joinPath(file.document.uri, '..', `compare-${file.pkgname}.md`),
    markdown: async () => {
      const md = await runCli(ctx, compareArgs(dir, 'markdown', settings), cwd);
      if (md.exitCode !== 0)
        throw new Error(lastLine(md.stderr) || `apkharden exited with ${md.exitCode}`);
      return md.stdout;
    },
  });
}
