/**
 * The trusted keys: a folder of PEM RSA public keys (`/etc/apk/keys`), each known by its file
 * name, which is the name a signature entry gives (`.SIGN.RSA.<file name>`). apk looks a key up
 * by that name in its keys folder; so does this.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFile } from '../input-file';

/** Real keys are under 1 kB; a file much larger than this is not a public key. */
const MAX_KEY_BYTES = 64 * 1024;

/** apk's own default: the image's keys. */
export const DEFAULT_KEYS_FOLDER = '/etc/apk/keys';

export interface Keyring {
  /** The folder as given. */
  folder: string;
  /** RSA public keys by file name. */
  keys: Map<string, KeyObject>;
  /** Files of the folder that are not usable keys, each naming the file and why. */
  problems: string[];
}

export type KeyringLoad = { ok: true; keyring: Keyring } | { ok: false; message: string };

function readKey(path: string): KeyObject | string {
  const read = readInputFile(path, { what: 'a public key', maxBytes: MAX_KEY_BYTES });
  if (!read.ok) return read.message;
  let key: KeyObject;
  try {
    key = createPublicKey(read.bytes);
  } catch (error) {
    return `${path}: not a PEM public key (${(error as Error).message})`;
  }
  if (key.asymmetricKeyType !== 'rsa')
    return `${path}: a ${key.asymmetricKeyType ?? 'non-RSA'} key; Alpine v2 signatures are RSA`;
  return key;
}

/** Reads every `*.pub` of `folder` (symbolic links followed, as apk follows them). */
export function loadKeyring(folder: string): KeyringLoad {
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat === undefined) return { ok: false, message: `${folder}: no such keys folder` };
  if (!stat.isDirectory()) return { ok: false, message: `${folder}: not a folder of keys` };
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    return { ok: false, message: `${folder}: cannot read: ${(error as Error).message}` };
  }
  const keyring: Keyring = { folder, keys: new Map(), problems: [] };
  for (const name of names) {
    if (!name.endsWith('.pub')) continue;
    const key = readKey(join(folder, name));
    if (typeof key === 'string') keyring.problems.push(key);
    else keyring.keys.set(name, key);
  }
  // Not an error (nothing would verify, and each file says so), but worth saying once.
  if (keyring.keys.size === 0) keyring.problems.push(`${folder}: no RSA public keys (*.pub)`);
  return { ok: true, keyring };
}
