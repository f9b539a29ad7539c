import { Uri, window, workspace } from 'vscode';
import { DesiredSbomRequest, ExportCycloneDxRequest } from '../../server/src/protocol';
import type { ApkbuildFile } from './apkbuild-file';
import type { Ctx } from './ctx';
import { showError } from './notifications';

const params = (file: ApkbuildFile) => ({ textDocument: { uri: file.document.uri.toString() } });

/** "Show desired SBOM": bomresolver's desired SBOM of the build passes, in a new editor. */
export async function showDesiredSbom(ctx: Ctx, file: ApkbuildFile): Promise<void> {
  const result = await ctx.request(DesiredSbomRequest, params(file));
  if (!result) {
    await showError(
      ctx,
      `No desired SBOM for ${file.pkgname}: the file is not in an aports tree, or the tree is still being indexed. Set apkbuild.aportsPath to the root of an aports checkout.`,
      { setting: 'apkbuild.aportsPath', log: true },
    );
    return;
  }
  const document = await workspace.openTextDocument({
    language: 'plaintext',
    content: result.text,
  });
  await window.showTextDocument(document, { preview: false });
}

/** "Export CycloneDX": the resolved SBOM of the open buffer, saved where the user picks. */
export async function exportCycloneDx(ctx: Ctx, file: ApkbuildFile): Promise<void> {
  const result = await ctx.request(ExportCycloneDxRequest, params(file));
  if (!result) {
    await showError(
      ctx,
      `No SBOM to export for ${file.pkgname}: set apkbuild.apkindex to an APKINDEX (for the install closure) or apkbuild.aportsPath to an aports tree (for the build passes).`,
      { setting: 'apkbuild.apkindex', log: true },
    );
    return;
  }
  const target = await window.showSaveDialog({
    defaultUri: Uri.joinPath(file.document.uri, '..', `${result.package}.cdx.json`),
    filters: { CycloneDX: ['json'] },
    title: `Export the CycloneDX SBOM of ${result.package}`,
  });
  if (!target) return;
  await workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
  ctx.output.info(`CycloneDX SBOM of ${result.package} written to ${target.fsPath}`);
  void window.showInformationMessage(
    `CycloneDX SBOM of ${result.package} written to ${target.fsPath}.`,
  );
}
