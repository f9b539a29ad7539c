import { ARCH_TRIPLETS } from './apkbuild';
import { BUILTIN_PROFILES } from './hardening';

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeveritySetting = (typeof SEVERITIES)[number];

/** A setting as package.json's contributes.configuration declares it. */
export interface SettingSchema {
  type: 'string' | 'number';
  default: string | number;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  description: string;
}

/**
 * The one schema of the `apkbuild.*` settings: the server validates with it, and a test holds
 * package.json's contributes.configuration to it.
 */
export const SETTINGS_SCHEMA = {
  'apkbuild.carch': {
    type: 'string',
    default: 'x86_64',
    enum: Object.keys(ARCH_TRIPLETS),
    description:
      'The CARCH value assumed when evaluating an APKBUILD statically, for example to choose the branch of a case "$CARCH" block.',
  },
  'apkbuild.profile': {
    type: 'string',
    default: '',
    description: `Hardening profile used when no .apkharden.yaml is found from the APKBUILD's folder upward: a built-in (${Object.keys(BUILTIN_PROFILES).join(', ')}) or a path to a YAML profile. Empty means the built-in kubernetes profile.`,
  },
  'apkbuild.severity.hardening': {
    type: 'string',
    default: 'warning',
    enum: SEVERITIES,
    description:
      'Severity of hardening findings (removable options, makedepends and subpackages); "off" hides them.',
  },
  'apkbuild.severity.lint': {
    type: 'string',
    default: 'warning',
    enum: SEVERITIES,
    description:
      'Severity of lint findings (Alpine apkbuild-lint codes and abuild checks); "off" hides them.',
  },
  'apkbuild.apkindex': {
    type: 'string',
    default: '',
    description:
      'Path to an APKINDEX (plain, APKINDEX.tar.gz, or an installed db such as /lib/apk/db/installed), or several separated by ":". With it, findings say what they take out of the install closure and the SBOM commands resolve runtime dependencies.',
  },
  'apkbuild.sbom': {
    type: 'string',
    default: '',
    description:
      'SBOMs whose packages count as an APKINDEX\'s, separated by ":": CycloneDX 1.4-1.7 or SPDX 2.2/2.3 (JSON or tag-value, as syft and trivy write them), syft JSON, bomresolver\'s resolved document, or an installed db.',
  },
  'apkbuild.aportsPath': {
    type: 'string',
    default: '',
    description:
      'Root of an aports tree (folders main/, community/, testing/), for build passes and for going to the APKBUILD of a makedepend. Empty: the workspace folder when it is an aports tree.',
  },
  'apkbuild.debounce': {
    type: 'number',
    default: 150,
    minimum: 0,
    maximum: 5000,
    description: 'Milliseconds to wait after a change before the file is analyzed again.',
  },
} as const satisfies Record<string, SettingSchema>;

export interface ServerSettings {
  carch: string;
  profile: string;
  severity: { hardening: SeveritySetting; lint: SeveritySetting };
  debounce: number;
  apkindex: string[];
  sbom: string[];
  aportsPath: string;
}

function pick(
  section: Record<string, unknown>,
  key: keyof typeof SETTINGS_SCHEMA,
): string | number {
  const schema: SettingSchema = SETTINGS_SCHEMA[key];
  const value = key
    .split('.')
    .slice(1)
    .reduce<unknown>(
      (node, part) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined,
      section,
    );
  if (schema.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return schema.default;
    return Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? -Infinity, value));
  }
  if (typeof value !== 'string') return schema.default;
  return schema.enum && !schema.enum.includes(value) ? schema.default : value;
}

/** Validates the client's `apkbuild` section field by field: a bad value falls back to its default. */
export function readSettings(raw: unknown): ServerSettings {
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    carch: pick(section, 'apkbuild.carch') as string,
    profile: pick(section, 'apkbuild.profile') as string,
    severity: {
      hardening: pick(section, 'apkbuild.severity.hardening') as SeveritySetting,
      lint: pick(section, 'apkbuild.severity.lint') as SeveritySetting,
    },
    debounce: pick(section, 'apkbuild.debounce') as number,
    apkindex: (pick(section, 'apkbuild.apkindex') as string).split(':').filter((p) => p !== ''),
    sbom: (pick(section, 'apkbuild.sbom') as string).split(':').filter((p) => p !== ''),
    aportsPath: pick(section, 'apkbuild.aportsPath') as string,
  };
}

export const DEFAULT_SETTINGS: ServerSettings = readSettings({});
