import { statSync } from 'node:fs';
import { findProfileFile, loadProfileFor, type LoadedProfile, type Profile } from './hardening';

interface Entry {
  loaded: LoadedProfile;
  /** The .apkharden.yaml found from the folder upward, if any. */
  found: string | null;
  /** Modification time of the file read (found, or the setting's path); -1 for none. */
  mtime: number;
  checkedAt: number;
}

function mtimeOf(file: string | null): number {
  return file ? (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1) : -1;
}

/** How long a looked-up profile is trusted before the disk is asked again (edits land within this). */
const RECHECK_MS = 1000;

/**
 * Profiles per APKBUILD folder and setting. A profile file is read again when its modification
 * time changes, or at once after `invalidate` (the client reports a changed .apkharden.yaml).
 * A file that turns broken keeps its last good profile for the analysis, so a typo in the
 * profile never switches analysis off or makes it jump to different findings.
 */
export class ProfileCache {
  private readonly entries = new Map<string, Entry>();
  /** The last profile each file gave without errors; kept across `invalidate`. */
  private readonly lastGood = new Map<string, Profile>();

  get(folder: string | null, setting: string, now = Date.now()): LoadedProfile {
    const key = `${folder ?? ''}\0${setting}`;
    const entry = this.entries.get(key);
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.loaded;
    const found = folder ? findProfileFile(folder) : null;
    if (entry && entry.found === found && entry.mtime === mtimeOf(entry.loaded.file)) {
      entry.checkedAt = now;
      return entry.loaded;
    }
    // Taken before the read, so an edit during it is seen next time.
    const foundMtime = mtimeOf(found);
    const loaded = loadProfileFor(folder, setting === '' ? null : setting, {
      fallbackFor: (path) => this.lastGood.get(path),
    });
    if (loaded.file !== null && !loaded.broken) this.lastGood.set(loaded.file, loaded.profile);
    this.entries.set(key, {
      loaded,
      found,
      mtime: found ? foundMtime : mtimeOf(loaded.file),
      checkedAt: now,
    });
    return loaded;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
