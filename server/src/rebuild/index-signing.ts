/**
 * Signs an APKINDEX.tar.gz as abuild-sign does: an RSA-SHA1 signature (`openssl dgst -sha1
 * -sign`) over the whole unsigned file, put in a tar entry `.SIGN.RSA.<keyname>` whose
 * end-of-archive blocks are cut (`abuild-tar --cut`), gzipped as its own member and placed
 * before the index. apk finds the public key as /etc/apk/keys/<keyname>.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tarOf } from './repository-index';

export interface SigningKey {
  /** The public key's file name, as apk looks it up: `NAME.rsa.pub`. */
  name: string;
  privateKey: KeyObject;
  /** The public key as apk reads it (PEM, SubjectPublicKeyInfo). */
  publicPem: string;
  /** Made for this rebuild only: no one else trusts it. */
  throwaway: boolean;
}

const END_OF_ARCHIVE = 1024;
/** Key names become a file name in /etc/apk/keys and a tar entry name. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;

function publicPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The user's key: a PEM RSA private key (`abuild-keygen` writes `NAME.rsa`). Its name is the
 * file name with `.pub`, as abuild-sign names the public key by default.
 */
export function loadSigningKey(file: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`signing key ${file}: cannot read it (${code ?? String(error)})`, {
      cause: error,
    });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    throw new Error(`signing key ${file}: not a PEM private key (abuild-keygen writes one)`, {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new Error(
      `signing key ${file}: a key of type ${privateKey.asymmetricKeyType ?? 'unknown'}; apk v2 signatures need RSA`,
    );
  const name = `${basename(file)}.pub`;
  if (!KEY_NAME.test(name))
    throw new Error(`signing key ${file}: '${name}' cannot be a key name in /etc/apk/keys`);
  return { name, privateKey, publicPem: publicPemOf(privateKey), throwaway: false };
}

/** A key made here for one rebuild, named like abuild-keygen's: `apkharden-HEX.rsa.pub`. */
export function throwawayKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = `apkharden-throwaway-${randomBytes(4).toString('hex')}.rsa.pub`;
  return { name, privateKey, publicPem: publicPemOf(privateKey), throwaway: true };
}

/** The signed index: the signature member, then `unsigned` (one gzip member) unchanged. */
export async function signIndex(
  unsigned: Buffer,
  key: SigningKey,
  mtime = new Date(),
): Promise<Buffer> {
  const signature = sign('sha1', unsigned, key.privateKey);
  const tar = await tarOf([{ name: `.SIGN.RSA.${key.name}`, data: signature, mtime }]);
  // apk reads the signature member's entries and then the next member: no end marker between.
  const cut = tar.subarray(0, tar.length - END_OF_ARCHIVE);
  if (!tar.subarray(cut.length).every((byte) => byte === 0))
    throw new Error('the signature tar does not end in two zero blocks');
  return Buffer.concat([gzipSync(cut, { level: 9 }), unsigned]);
}
