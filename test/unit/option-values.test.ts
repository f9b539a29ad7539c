import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { completions } from '../../server/src/features/completion';
import {
  optionValueProvider,
  optionValues,
} from '../../server/src/features/option-value-completion';
import { BuildKnowledge } from '../../server/src/hardening';

/** Completion labels at the `|` marker, with the option-value provider. */
function valuesAt(
  marked: string,
  knowledge?: BuildKnowledge,
): { label: string; detail?: string }[] {
  const offset = marked.indexOf('|');
  const model = analyzeApkbuild(marked.replace('|', ''));
  const provider = knowledge ? optionValueProvider(knowledge) : optionValues;
  return completions(model, offset, { providers: [provider] })
    .filter((i) => i.kind === 20)
    .map((i) => ({ label: i.label, detail: i.detail }));
}

describe('completion of build option values', () => {
  it('offers the values of the type the option already has', () => {
    const feature = valuesAt(
      'build() {\n\tabuild-meson \\\n\t\t-Dwith_ldap=en| \\\n\t\t. output\n}\n',
    );
    expect(feature.map((i) => i.label)).toEqual(['enabled', 'disabled', 'auto']);
    const boolean = valuesAt('build() {\n\tabuild-meson -Dwith_lua=t| . output\n}\n');
    expect(boolean.map((i) => i.label)).toEqual(['true', 'false']);
  });

  it('labels both meson families for a value typed afresh, and knows cmake and autoconf', () => {
    expect(
      valuesAt('build() {\n\tmeson setup -Dfoo=| . output\n}\n').map(
        (i) => `${i.label} (${i.detail})`,
      ),
    ).toEqual([
      'enabled (meson feature option)',
      'disabled (meson feature option)',
      'auto (meson feature option)',
      'true (meson boolean option)',
      'false (meson boolean option)',
    ]);
    expect(valuesAt('build() {\n\tcmake -B build -DUSE_X=| .\n}\n').map((i) => i.label)).toEqual([
      'ON',
      'OFF',
    ]);
    expect(
      valuesAt('build() {\n\t./configure --with-ssl=| --prefix=/usr\n}\n').map((i) => i.label),
    ).toEqual(['yes', 'no']);
  });

  it('offers the family the option has elsewhere in the file, with nothing typed', () => {
    // The same option in another call (check() here) says which type it is.
    const elsewhere =
      'build() {\n\tabuild-meson -Dwith_ldap=| . output\n}\ncheck() {\n\tmeson setup -Dwith_ldap=disabled t\n}\n';
    expect(valuesAt(elsewhere).map((i) => `${i.label} (${i.detail})`)).toEqual([
      'enabled (meson feature option)',
      'disabled (meson feature option)',
      'auto (meson feature option)',
    ]);
    // Given twice in the same call: the other one tells.
    expect(
      valuesAt('build() {\n\tabuild-meson -Dwith_lua=false -Dwith_lua=| . output\n}\n').map(
        (i) => i.label,
      ),
    ).toEqual(['true', 'false']);
    // A value that is no meson word (an expansion) tells nothing: both families stay.
    expect(
      valuesAt('build() {\n\tabuild-meson -Dx=$_x -Dx=| . output\n}\n').map((i) => i.label),
    ).toEqual(['enabled', 'disabled', 'auto', 'true', 'false']);
  });

  it('offers the family of the off spelling the build knowledge records for the package', () => {
    // build-knowledge.json, lighttpd (sourced from its meson_options.txt): with_zlib's off is
    // -Dwith_zlib=disabled, a feature; elinks (sourced): nls's off is -Dnls=false, a boolean.
    const lighttpd = 'pkgname=lighttpd\nbuild() {\n\tabuild-meson -Dwith_zlib=| . output\n}\n';
    expect(valuesAt(lighttpd).map((i) => i.label)).toEqual(['enabled', 'disabled', 'auto']);
    const elinks = 'pkgname=elinks\nbuild() {\n\tabuild-meson -Dnls=| . output\n}\n';
    expect(valuesAt(elinks).map((i) => i.label)).toEqual(['true', 'false']);
    // An option the entry knows without an off spelling (with_ldap: a default only), or
    // another package's option: nothing tells, both families.
    const unknown = 'pkgname=lighttpd\nbuild() {\n\tabuild-meson -Dwith_ldap=| . output\n}\n';
    expect(valuesAt(unknown)).toHaveLength(5);
    const other = 'pkgname=mine\nbuild() {\n\tabuild-meson -Dwith_zlib=| . output\n}\n';
    expect(valuesAt(other)).toHaveLength(5);
  });

  it('reads only build knowledge that names its source', () => {
    const unsourced = new BuildKnowledge({
      packages: { mine: { options: { with_x: { off: '-Dwith_x=disabled' } } } },
    });
    const sourced = new BuildKnowledge({
      packages: {
        mine: {
          source: 'mine meson_options.txt',
          options: { with_x: { off: '-Dwith_x=disabled' } },
        },
      },
    });
    const text = 'pkgname=mine\nbuild() {\n\tabuild-meson -Dwith_x=| . output\n}\n';
    expect(valuesAt(text, unsourced)).toHaveLength(5);
    expect(valuesAt(text, sourced).map((i) => i.label)).toEqual(['enabled', 'disabled', 'auto']);
  });

  it('offers nothing outside a build invocation', () => {
    expect(valuesAt('build() {\n\techo -Dfoo=| \n}\n')).toEqual([]);
  });
});
