import type { BuildSystem } from './build-command';

/**
 * One switch as its build system reads it.
 * - `with` / `without` / `enable` / `disable`: `--with-X[=V]` and friends (autoconf, waf,
 *   hand-written configure scripts);
 * - `define`: meson's `-Dname=value`, cmake's `-DNAME[:TYPE]=VALUE`;
 * - `variable`: a make variable, `NAME=value`;
 * - `cflag-define`: `-DNAME[=V]` inside a make variable's flags (postfix's CCARGS);
 * - `link`: `-lNAME` inside a make variable's flags;
 * - `no` / `enable-word`: OpenSSL-style `no-X` / `enable-X` words;
 * - `flag`: any other `--name[=value]` (`--prefix=/usr`, nginx's `--with-http_ssl_module` is a
 *   `with` whose name ends in `_module`).
 */
export type SwitchForm =
  | 'with'
  | 'without'
  | 'enable'
  | 'disable'
  | 'define'
  | 'variable'
  | 'cflag-define'
  | 'link'
  | 'no'
  | 'enable-word'
  | 'flag';

export interface SwitchOption {
  form: SwitchForm;
  /** What it names: `ldap` of `--with-ldap`, `with_ldap` of meson, `USE_OPENSSL`, `USE_TLS`. */
  name: string;
  /** The value after `=`; null when there is none or it is not known statically. */
  value: string | null;
  /** cmake's `:TYPE`. */
  type: string | null;
  /**
   * The name upstream's build knowledge keys it by, the same whether written on or off:
   * `--with-ldap`, `--enable-nls`, `with_ldap`, `USE_OPENSSL`, `-DUSE_TLS`, `-lssl`, `enable-zlib`.
   */
  key: string;
}

const LONG = /^--(with|without|enable|disable)-([^=\s]+)(?:=(.*))?$/s;
const FLAG = /^--([A-Za-z][\w.-]*)(?:=(.*))?$/s;
const DEFINE = /^-D([A-Za-z_][\w.+-]*)(?::([A-Za-z]+))?(?:=(.*))?$/s;
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

function valueOf(raw: string | undefined, dynamic: boolean): string | null {
  if (raw === undefined) return null;
  return dynamic && raw.includes('$') ? null : raw;
}

/** Parses a configure-style word; also used for the flags waf and hand-written scripts take. */
function parseLong(text: string, dynamic: boolean): SwitchOption | null {
  const long = LONG.exec(text);
  if (long) {
    const form = long[1] as 'with' | 'without' | 'enable' | 'disable';
    const positive = form === 'with' || form === 'without' ? 'with' : 'enable';
    return {
      form,
      name: long[2],
      value: valueOf(long[3], dynamic),
      type: null,
      key: `--${positive}-${long[2]}`,
    };
  }
  const flag = FLAG.exec(text);
  if (flag)
    return {
      form: 'flag',
      name: flag[1],
      value: valueOf(flag[2], dynamic),
      type: null,
      key: `--${flag[1]}`,
    };
  return null;
}

/** `text` is the word's value when known, else its source text (`dynamic` then). */
export function parseSwitch(
  system: BuildSystem,
  text: string,
  dynamic: boolean,
): SwitchOption | null {
  switch (system) {
    case 'meson':
    case 'cmake': {
      const define = DEFINE.exec(text);
      if (!define) return null;
      if (dynamic && define[1].includes('$')) return null;
      return {
        form: 'define',
        name: define[1],
        value: valueOf(define[3], dynamic),
        type: define[2] ?? null,
        key: define[1],
      };
    }
    case 'make': {
      const variable = VARIABLE.exec(text);
      if (!variable) return null;
      return {
        form: 'variable',
        name: variable[1],
        value: valueOf(variable[2], dynamic),
        type: null,
        key: variable[1],
      };
    }
    case 'configure-script': {
      const word = /^(no|enable)-([A-Za-z0-9_.-]+)$/.exec(text);
      if (word)
        return {
          form: word[1] === 'no' ? 'no' : 'enable-word',
          name: word[2],
          value: null,
          type: null,
          key: `enable-${word[2]}`,
        };
      return parseLong(text, dynamic);
    }
    default:
      return parseLong(text, dynamic);
  }
}

/** A word inside a make variable's compiler or linker flags: `-DUSE_TLS`, `-lssl`. */
export function parseFlagWord(text: string): SwitchOption | null {
  const define = /^-D([A-Za-z_]\w*)(?:=(.*))?$/s.exec(text);
  if (define)
    return {
      form: 'cflag-define',
      name: define[1],
      value: define[2] ?? null,
      type: null,
      key: `-D${define[1]}`,
    };
  const link = /^-l([\w.+-]+)$/.exec(text);
  if (link) return { form: 'link', name: link[1], value: null, type: null, key: `-l${link[1]}` };
  return null;
}
