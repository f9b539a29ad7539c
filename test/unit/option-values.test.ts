import { describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { completions } from '../../server/src/features/completion';
import { optionValues } from '../../server/src/features/option-value-completion';

/** Completion labels at the `|` marker, with the option-value provider. */
function valuesAt(marked: string): { label: string; detail?: string }[] {
  const offset = marked.indexOf('|');
  const model = analyzeApkbuild(marked.replace('|', ''));
  return completions(model, offset, { providers: [optionValues] })
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

  it('offers nothing outside a build invocation', () => {
    expect(valuesAt('build() {\n\techo -Dfoo=| \n}\n')).toEqual([]);
  });
});
