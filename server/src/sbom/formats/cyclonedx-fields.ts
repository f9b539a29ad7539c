/**
 * What a CycloneDX component says beyond name, version and purl: licences, hashes, supplier,
 * description, author, and the properties this project and other producers write:
 *
 *   apk:provides              a soname it provides (one per property; spaces also split)
 *   apk:depends               one apk `D:` token
 *   apk:provide               one apk `p:` token as written (`cmd:openssl=3.1.4-r1`, `/bin/sh`)
 *   apk:install-if            one apk `i:` token
 *   apkharden:in-reference    `true` when the reference image already has it
 *   aquasecurity:trivy:SrcName      trivy: the origin (the purl has no `upstream`)
 *   syft:metadata:originPackage     syft: the origin
 *   syft:metadata:pullDependencies[:N], syft:metadata:provides[:N], syft:metadata:installedSize,
 *   syft:metadata:maintainer        syft: the apk db entry's fields
 */
import { distinct, hexHash, sonameOf, tokens } from './component-fields';
import { at, describeJson, isRecord, type ProblemLog, type SbomHash } from './model';

/** The CycloneDX property under which a component lists a soname it provides. */
export const PROVIDES_PROPERTY = 'apk:provides';
/** One apk dependency token (`so:libc.musl-x86_64.so.1`, `pcre2>=10`) per property. */
export const DEPENDS_PROPERTY = 'apk:depends';
/** One apk `p:` token as written, per property: what `apk:provides` (sonames) leaves out. */
export const PROVIDE_TOKEN_PROPERTY = 'apk:provide';
/** One apk `i:` (install_if) token per property. */
export const INSTALL_IF_PROPERTY = 'apk:install-if';
/** `true` when the reference image (alpine-base) already has the component. */
export const IN_REFERENCE_PROPERTY = 'apkharden:in-reference';

const TRIVY_SOURCE_NAME = 'aquasecurity:trivy:SrcName';
const SYFT = 'syft:metadata:';

export interface CycloneDxExtras {
  provides: string[];
  provideTokens: string[] | null;
  depends: string[] | null;
  installIf: string[] | null;
  inReference: boolean | null;
  origin: string | null;
  license: string | null;
  hashes: SbomHash[];
  supplier: string | null;
  description: string | null;
  maintainer: string | null;
  installedSize: number | null;
}

/** name -> values, in order; a property without a name or a string value is logged. */
function propertyValues(value: unknown, path: string, log: ProblemLog): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (value === undefined) return values;
  if (!Array.isArray(value)) {
    log.add(path, `expected an array, found ${describeJson(value)}`);
    return values;
  }
  value.forEach((property, index) => {
    if (!isRecord(property) || typeof property.name !== 'string') {
      log.add(at(path, index), 'expected a property with a name');
      return;
    }
    if (typeof property.value !== 'string') {
      log.add(
        at(at(path, index), 'value'),
        `expected a string, found ${describeJson(property.value)}`,
      );
      return;
    }
    // syft numbers repeated fields: `syft:metadata:provides:0`, `:1`...
    const name = property.name.startsWith(SYFT)
      ? property.name.replace(/:\d+$/, '')
      : property.name;
    values.set(name, [...(values.get(name) ?? []), property.value]);
  });
  return values;
}

/** `licenses[].license.id|name` or `licenses[].expression`, several joined with AND. */
function licenseOf(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const parts: string[] = [];
  for (const choice of value) {
    if (!isRecord(choice)) continue;
    if (typeof choice.expression === 'string') parts.push(choice.expression);
    else if (isRecord(choice.license)) {
      const { id, name } = choice.license;
      if (typeof id === 'string') parts.push(id);
      else if (typeof name === 'string') parts.push(name);
    }
  }
  const found = distinct(parts.filter((p) => p.trim() !== ''));
  if (found.length <= 1) return found[0] ?? null;
  return found.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

function hashesOf(value: unknown, path: string, log: ProblemLog): SbomHash[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    log.add(path, `expected an array, found ${describeJson(value)}`);
    return [];
  }
  return value.flatMap((item, index) => {
    const hash =
      isRecord(item) && typeof item.alg === 'string' && typeof item.content === 'string'
        ? hexHash(item.alg, item.content)
        : null;
    if (hash === null) log.add(at(path, index), 'expected a hash { alg, content } in hex');
    return hash === null ? [] : [hash];
  });
}

function inReferenceOf(
  values: string[] | undefined,
  path: string,
  log: ProblemLog,
): boolean | null {
  if (values === undefined) return null;
  const value = values[values.length - 1].trim();
  if (value === 'true' || value === 'false') return value === 'true';
  log.add(path, `${IN_REFERENCE_PROPERTY} is ${JSON.stringify(value)}, expected true or false`);
  return null;
}

function sizeOf(values: string[] | undefined): number | null {
  const value = values?.[0];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/** The first contact of a supplier as `Name <mail>` (the apk `m:` form). */
function contactOf(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  if (!isRecord(first) || typeof first.name !== 'string' || first.name === '') return null;
  return typeof first.email === 'string' && first.email !== ''
    ? `${first.name} <${first.email}>`
    : first.name;
}

/** Reads the extra fields of one component (at `path`). */
export function cycloneDxExtras(
  component: Record<string, unknown>,
  path: string,
  log: ProblemLog,
): CycloneDxExtras {
  const propertiesPath = at(path, 'properties');
  const values = propertyValues(component.properties, propertiesPath, log);
  const own = values.get(DEPENDS_PROPERTY);
  const syftDepends = values.get(`${SYFT}pullDependencies`);
  const syftTokens = values.get(`${SYFT}provides`)?.flatMap(tokens) ?? null;
  const syftProvides = (syftTokens ?? []).flatMap((t) => sonameOf(t) ?? []);
  const supplier = isRecord(component.supplier) ? component.supplier.name : undefined;
  const author = typeof component.author === 'string' ? component.author : null;
  // This project writes the apk maintainer as the supplier's contact.
  const contact = isRecord(component.supplier) ? contactOf(component.supplier.contact) : null;
  return {
    provides: distinct([...(values.get(PROVIDES_PROPERTY) ?? []).flatMap(tokens), ...syftProvides]),
    provideTokens: values.get(PROVIDE_TOKEN_PROPERTY)?.flatMap(tokens) ?? syftTokens,
    installIf: values.get(INSTALL_IF_PROPERTY)?.flatMap(tokens) ?? null,
    depends: own ? own.flatMap(tokens) : syftDepends ? syftDepends.flatMap(tokens) : null,
    inReference: inReferenceOf(values.get(IN_REFERENCE_PROPERTY), propertiesPath, log),
    origin: values.get(TRIVY_SOURCE_NAME)?.[0] ?? values.get(`${SYFT}originPackage`)?.[0] ?? null,
    license: licenseOf(component.licenses),
    hashes: hashesOf(component.hashes, at(path, 'hashes'), log),
    supplier: typeof supplier === 'string' && supplier !== '' ? supplier : null,
    description: typeof component.description === 'string' ? component.description : null,
    maintainer: values.get(`${SYFT}maintainer`)?.[0] ?? author ?? contact,
    installedSize: sizeOf(values.get(`${SYFT}installedSize`)),
  };
}
