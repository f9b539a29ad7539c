import { statSync } from 'node:fs';
import { findProfileFile, loadProfileFor, type LoadedProfile } from './hardening';

interface Entry {
  loaded: LoadedProfile;
  file: string | null;
  mtime: number;
  checkedAt: number;
}

/** How long a looked-up profile is trusted before the disk is asked again (edits land within this). */
const RECHECK_MS = 1000;

/**
 * Profiles per APKBUILD folder and setting. A profile file is read again when its modification
 * time changes, or at once after `invalidate` (the client reports a changed .apkharden.yaml).
 */
export class ProfileCache {
  private readonly entries = new Map<string, Entry>();

  get(folder: string | null, setting: string, now = Date.now()): LoadedProfile {
    const key = `${folder ?? ''}\0${setting}`;
    const entry = this.entries.get(key);
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.loaded;
    const file = folder ? findProfileFile(folder) : null;
    const mtime = file ? (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1) : -1;
    if (entry && entry.file === file && entry.mtime === mtime) {
      entry.checkedAt = now;
      return entry.loaded;
    }
    const loaded = loadProfileFor(folder, setting === '' ? null : setting);
    this.entries.set(key, { loaded, file, mtime, checkedAt: now });
    return loaded;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
