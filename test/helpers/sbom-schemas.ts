/**
 * Validators for the SBOMs the project writes: CycloneDX 1.6 against the official schema that
 * @cyclonedx/cyclonedx-library ships, SPDX 2.3 against rules written from the official
 * spdx-schema.json (which no npm or Debian package ships). Each returns the errors, [] if none.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type AnySchema, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { repoRoot } from './paths';

const CDX_SCHEMAS = join(repoRoot, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');

const cdxSchema = (file: string) =>
  JSON.parse(readFileSync(join(CDX_SCHEMAS, file), 'utf8')) as AnySchema;

function validator(
  schema: AnySchema,
  schemas: Record<string, AnySchema> = {},
): (json: unknown) => ErrorObject[] {
  const ajv = new Ajv({ strict: false, allErrors: true, schemas });
  addFormats(ajv);
  // The draft 2019 formats CycloneDX uses (iri-reference, idn-email); the package has no types.
  const draft2019 = createRequire(import.meta.url)('ajv-formats-draft2019') as (a: Ajv) => Ajv;
  draft2019(ajv);
  const validate = ajv.compile(schema);
  return (json: unknown) => (validate(json) ? [] : (validate.errors ?? []));
}

/**
 * The SPDX 2.3 JSON schema's rules for what the writer emits (no npm package ships the official
 * spdx-schema.json): its property names, closed objects, required lists and patterns, with
 * enums cut to the values this writer may use; plus rules the schema leaves to the spec's prose
 * (header constants, creator and supplier forms, a namespace URI without `#`).
 */
const text: AnySchema = { type: 'string' };
const DATE: AnySchema = {
  type: 'string',
  pattern:
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$',
};
const ELEMENT: AnySchema = { type: 'string', pattern: '^SPDXRef-[A-Za-z0-9.-]+$' };
const closed = (required: string[], properties: Record<string, AnySchema>): AnySchema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});
const list = (items: AnySchema, minItems = 0): AnySchema => ({ type: 'array', items, minItems });
const PACKAGE = closed(['SPDXID', 'downloadLocation', 'name'], {
  SPDXID: ELEMENT,
  name: text,
  versionInfo: text,
  supplier: { type: 'string', pattern: '^(NOASSERTION|(Person|Organization): \\S.*)$' },
  downloadLocation: text,
  filesAnalyzed: { type: 'boolean' },
  checksums: list(
    closed(['algorithm', 'checksumValue'], {
      algorithm: { enum: ['SHA1', 'SHA256', 'SHA384', 'SHA512', 'SHA3-256', 'SHA3-512', 'MD5'] },
      checksumValue: { type: 'string', pattern: '^[0-9a-f]+$' },
    }),
  ),
  licenseConcluded: text,
  licenseDeclared: text,
  licenseComments: text,
  description: text,
  comment: text,
  externalRefs: list(
    closed(['referenceCategory', 'referenceLocator', 'referenceType'], {
      referenceCategory: { enum: ['OTHER', 'PERSISTENT-ID', 'SECURITY', 'PACKAGE-MANAGER'] },
      referenceLocator: { type: 'string', pattern: '^\\S+$' },
      referenceType: text,
      comment: text,
    }),
  ),
  primaryPackagePurpose: { enum: ['APPLICATION', 'LIBRARY'] },
  annotations: list(
    closed(['annotationDate', 'annotationType', 'annotator', 'comment'], {
      annotationDate: DATE,
      annotationType: { enum: ['OTHER', 'REVIEW'] },
      annotator: { type: 'string', pattern: '^(Tool|Organization|Person): \\S' },
      comment: text,
    }),
  ),
});
const SPDX_23_RULES = closed(
  ['SPDXID', 'creationInfo', 'dataLicense', 'name', 'spdxVersion', 'documentNamespace'],
  {
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: text,
    documentNamespace: { type: 'string', format: 'uri', pattern: '^[^#]+$' },
    comment: text,
    creationInfo: closed(['created', 'creators'], {
      comment: text,
      created: DATE,
      creators: list({ type: 'string', pattern: '^(Tool|Organization|Person): \\S' }, 1),
    }),
    packages: list(PACKAGE, 1),
    relationships: list(
      closed(['spdxElementId', 'relatedSpdxElement', 'relationshipType'], {
        spdxElementId: ELEMENT,
        relatedSpdxElement: ELEMENT,
        relationshipType: { enum: ['DESCRIBES', 'DEPENDS_ON'] },
        comment: text,
      }),
      1,
    ),
  },
);

export const cycloneDx16 = validator(cdxSchema('bom-1.6.SNAPSHOT.schema.json'), {
  'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': cdxSchema('spdx.SNAPSHOT.schema.json'),
  'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': cdxSchema(
    'jsf-0.82.SNAPSHOT.schema.json',
  ),
});
export const spdx23 = validator(SPDX_23_RULES);
