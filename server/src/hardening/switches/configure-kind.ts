import type { ApkbuildModel } from '../../apkbuild';
import type { PackageKnowledge } from '../build-knowledge';
import type { BuildCommand, BuildSystem } from './build-command';
import { plainWordText } from './shell-scopes';

const AUTOTOOLS_COMMAND =
  /(^|[\s;&|(])(autoreconf|autoconf|aclocal|automake|autogen\.sh|\.\/autogen\.sh|\.\/bootstrap)\b/;
const AUTOTOOLS_MAKEDEPENDS = new Set(['autoconf', 'automake', 'libtool', 'autoconf-archive']);

/**
 * What a `./configure` is. GNU autoconf's accepts `--without-x`/`--disable-x` for every
 * `--with-x`/`--enable-x` it defines; a hand-written script (nginx, ffmpeg, qemu) accepts
 * only what it lists, and samba's runs waf. The package's build knowledge decides first; then
 * autoconf's own marks: `--build=`/`--host=` (which hand-written scripts reject), or the
 * APKBUILD regenerating the script with the autotools.
 */
export function configureKind(
  model: ApkbuildModel,
  command: BuildCommand,
  knowledge: PackageKnowledge,
): BuildSystem {
  if (knowledge.configure) return knowledge.configure;
  let kind = kinds.get(command.command);
  if (kind === undefined) {
    kind =
      hasTripletArgument(model.text, command) || usesAutotools(model) ? 'autoconf' : 'configure';
    kinds.set(command.command, kind);
  }
  return kind;
}

// Per command, not per switch: a configure line of thousands of switches would ask each time.
const kinds = new WeakMap<BuildCommand['command'], BuildSystem>();

function hasTripletArgument(text: string, command: BuildCommand): boolean {
  for (const word of command.command.words.slice(command.firstArgument)) {
    const plain = plainWordText(text, word) ?? text.slice(word.start, word.end);
    if (/^--(build|host|target)=/.test(plain)) return true;
  }
  return false;
}

// Per file, not per switch: a configure line with fifty switches asks fifty times.
const autotools = new WeakMap<ApkbuildModel, boolean>();

/** The APKBUILD regenerates the script with the autotools, or has them in makedepends. */
function usesAutotools(model: ApkbuildModel): boolean {
  let found = autotools.get(model);
  if (found !== undefined) return found;
  const makedepends = model.list('makedepends');
  found =
    model.functions.some(
      (fn) =>
        fn.node !== null &&
        (fn.name === 'prepare' || fn.name === 'build') &&
        AUTOTOOLS_COMMAND.test(model.text.slice(fn.range.start, fn.range.end)),
    ) ||
    (Array.isArray(makedepends) && makedepends.some((m) => AUTOTOOLS_MAKEDEPENDS.has(m)));
  autotools.set(model, found);
  return found;
}
