import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readSettings,
  SETTINGS_SCHEMA,
  type SettingSchema,
} from '../../server/src/settings-schema';
import { repoRoot } from '../helpers/paths';

/** Settings only the VS Code client reads: vscode-languageclient's tracing, and the rebuild's. */
const CLIENT_ONLY = [
  'apkbuild.trace.server',
  'apkbuild.containerEngine',
  'apkbuild.image',
  'apkbuild.repositories',
  'apkbuild.repositoryKeys',
  'apkbuild.signKey',
];

interface Contributed extends Partial<SettingSchema> {
  scope?: string;
}

describe('settings', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Contributed> } };
  };
  const contributed = manifest.contributes.configuration.properties;

  it('package.json declares exactly the settings of the server schema, with the same types, defaults and ranges', () => {
    expect(
      Object.keys(contributed)
        .filter((k) => !CLIENT_ONLY.includes(k))
        .sort(),
    ).toEqual(Object.keys(SETTINGS_SCHEMA).sort());
    for (const [key, schema] of Object.entries(SETTINGS_SCHEMA) as [string, SettingSchema][]) {
      const entry = contributed[key];
      expect({
        key,
        type: entry.type,
        default: entry.default,
        enum: entry.enum,
        minimum: entry.minimum,
        maximum: entry.maximum,
        description: entry.description,
      }).toEqual({
        key,
        type: schema.type,
        default: schema.default,
        enum: schema.enum,
        minimum: schema.minimum,
        maximum: schema.maximum,
        description: schema.description,
      });
    }
  });

  it('falls back to the default of each bad value on its own', () => {
    expect(
      readSettings({
        carch: 'sparc',
        profile: 3,
        severity: { hardening: 'loud', lint: 'off' },
        debounce: 99999,
      }),
    ).toEqual({
      carch: 'x86_64',
      profile: '',
      severity: { hardening: 'warning', lint: 'off' },
      debounce: 5000,
      apkindex: [],
      sbom: [],
      aportsPath: '',
    });
    expect(readSettings({ apkindex: '/a/APKINDEX.tar.gz:/b/installed' }).apkindex).toEqual([
      '/a/APKINDEX.tar.gz',
      '/b/installed',
    ]);
    expect(readSettings({ sbom: 'a.cdx.json:b.spdx' }).sbom).toEqual(['a.cdx.json', 'b.spdx']);
    expect(readSettings(null).debounce).toBe(150);
  });
});
