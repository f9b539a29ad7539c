import { existsSync } from 'node:fs';
import type { Memento } from 'vscode';
import { Uri, window, workspace } from 'vscode';
import type { ApkbuildFile } from './apkbuild-file';
import type { Ctx } from './ctx';
import { messageOf, showError } from './notifications';
import { profileTemplate } from './profile-template';

export const PROFILE_FILE_NAME = '.apkharden.yaml';
const NOT_AGAIN_KEY = 'apkbuild.profileOffer.declined';

/**
 * "Create hardening profile": writes a commented .apkharden.yaml beside the APKBUILD, in its
 * aport's folder: a profile states one deployment, and one at the root of an aports tree would
 * judge every aport below by it. It extends the built-in in use. A profile that already
 * applies to the file (found upward from it) is opened instead, never overwritten.
 */
export async function createProfile(ctx: Ctx, file: ApkbuildFile | undefined): Promise<void> {
  const applying = file?.status?.profileFile;
  if (applying) {
    await window.showTextDocument(await workspace.openTextDocument(Uri.file(applying)));
    return;
  }
  const folder = profileFolder(file);
  if (!folder) {
    await showError(ctx, 'Create hardening profile: open a folder or an APKBUILD first.', {});
    return;
  }
  const target = Uri.joinPath(folder, PROFILE_FILE_NAME);
  if (!existsSync(target.fsPath)) {
    const builtin = file?.status?.profile.startsWith('builtin:')
      ? file.status.profile.slice('builtin:'.length)
      : 'kubernetes';
    try {
      await workspace.fs.writeFile(target, Buffer.from(profileTemplate(builtin), 'utf8'));
    } catch (error) {
      await showError(ctx, `Cannot write ${target.fsPath}: ${messageOf(error)}`);
      return;
    }
    ctx.output.info(`created ${target.fsPath}`);
  }
  await window.showTextDocument(await workspace.openTextDocument(target));
}

function profileFolder(file: ApkbuildFile | undefined): Uri | undefined {
  if (file) return Uri.joinPath(file.document.uri, '..');
  return workspace.workspaceFolders?.[0]?.uri;
}

/**
 * When a file has findings and no profile file applies, offer once per workspace to create
 * one: the built-in profile is a guess about the deployment, a profile file states it.
 */
export class ProfileOffer {
  private offeredThisSession = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly state: Memento,
  ) {}

  async consider(file: ApkbuildFile): Promise<void> {
    const status = file.status;
    if (!status || status.findings === 0 || status.profileFile !== null) return;
    if (this.offeredThisSession || this.state.get<boolean>(NOT_AGAIN_KEY, false)) return;
    this.offeredThisSession = true;
    const create = 'Create hardening profile';
    const never = "Don't ask again";
    const chosen = await window.showInformationMessage(
      `${file.pkgname}: ${status.findings} hardening finding${status.findings === 1 ? '' : 's'} under the built-in ${status.profile.replace('builtin:', '')} profile. Create a ${PROFILE_FILE_NAME} that states what your deployment provides?`,
      create,
      never,
    );
    if (chosen === create) await createProfile(this.ctx, file);
    else if (chosen === never) await this.state.update(NOT_AGAIN_KEY, true);
  }
}
