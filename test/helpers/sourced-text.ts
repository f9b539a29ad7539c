/**
 * The text abuild would source for an APKBUILD: the build environment's assignments put
 * before the file's first line (on that same line, so line numbers stay the file's). The
 * index gives the environment as variables instead; tests source this text with the full
 * model to check that both ways give the same entries.
 */
import { ORDINARY_BUILD, type EntryOptions } from '../../server/src/aports/entry';

export function sourcedText(text: string, options: EntryOptions = {}): string {
  let prefix = '';
  for (const [name, value] of Object.entries(options.environment ?? ORDINARY_BUILD)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a variable name: ${name}`);
    prefix += `${name}='${value.replaceAll("'", "'\\''")}'; `;
  }
  return prefix + text;
}
