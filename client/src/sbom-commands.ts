import { Uri, window, workspace } from 'vscode';
import { DesiredSbomRequest, ExportSbomRequest } from '../../server/src/protocol';
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

const FORMAT_NAMES = { cyclonedx: 'CycloneDX', spdx: 'SPDX' } as const;
const EXTENSIONS = { cyclonedx: 'cdx.json', spdx: 'spdx.json' } as const;

/**
 * "Export CycloneDX" / "Export SPDX": the resolved SBOM of the open buffer (what its text
 * builds; a hardened buffer gives a prediction, and the message says so), saved where the
 * user picks.
 */
export async function exportSbom(
  ctx: Ctx,
  file: ApkbuildFile,
  format: 'cyclonedx' | 'spdx',
): Promise<void> {
  const result = await ctx.request(ExportSbomRequest, { ...params(file), format });
  const kind = FORMAT_NAMES[format];
  if (!result) {
    await showError(
      ctx,
      `No SBOM to export for ${file.pkgname}: set apkbuild.apkindex to an APKINDEX or apkbuild.sbom to an SBOM (for the install closure), or apkbuild.aportsPath to an aports tree (for the build passes).`,
      { setting: 'apkbuild.apkindex', log: true },
    );
    return;
  }
  const target = await window.showSaveDialog({
    defaultUri: Uri.joinPath(file.document.uri, '..', `${result.package}.${EXTENSIONS[format]}`),
    filters: { [kind]: ['json'] },
    title: `Export the ${kind} SBOM of ${result.package}`,
  });
  if (!target) return;
  await workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
  const note = result.prediction === null ? '' : ` It is a prediction: ${result.prediction}.`;
  ctx.output.info(`${kind} SBOM of ${result.package} written to ${target.fsPath}.${note}`);
  void window.showInformationMessage(
    `${kind} SBOM of ${result.package} written to ${target.fsPath}.${note}`,
  );
}
