/**
 * The provenance statement written beside each variant's packages: an in-toto Statement v1
 * whose predicate is SLSA Provenance v1. It records what a reader needs to redo or trust the
 * build: the builder image and its digest, the APKBUILD's sha256, the profile, the sources with
 * the checksums the APKBUILD declares, and when the build ran.
 */
import { createHash } from 'node:crypto';
import { parseSource, type ApkbuildModel } from '../apkbuild';

export const IN_TOTO_STATEMENT = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';
export const REBUILD_BUILD_TYPE = 'urn:apkbuild-hardening:rebuild:v1';

export type DigestSet = Record<string, string>;

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest: DigestSet;
}

export interface ProvenanceStatement {
  _type: typeof IN_TOTO_STATEMENT;
  subject: ResourceDescriptor[];
  predicateType: typeof SLSA_PROVENANCE;
  predicate: {
    buildDefinition: {
      buildType: typeof REBUILD_BUILD_TYPE;
      externalParameters: {
        variant: string;
        apkbuild: { path: string; from: string; sha256: string };
        profile: string;
        image: string;
      };
      internalParameters: { engine: string; engineVersion: string; buildNetwork: 'none' };
      resolvedDependencies: ResourceDescriptor[];
    };
    runDetails: {
      builder: { id: string };
      metadata: { invocationId: string; startedOn: string; finishedOn: string };
    };
  };
}

export interface ProvenanceInput {
  variant: string;
  apkbuildPath: string;
  /** Where the variant's text came from (git HEAD, fixes applied, ...). */
  apkbuildFrom: string;
  model: ApkbuildModel;
  profile: string;
  engine: { name: string; version: string };
  image: { name: string; id: string; repoDigests: string[] };
  /** The built packages: file name and content sha256. */
  packages: { name: string; sha256: string }[];
  startedOn: Date;
  finishedOn: Date;
  invocationId: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:abc` -> `{ sha256: 'abc' }`; anything else is kept under its own key. */
function digestOf(value: string): DigestSet {
  const at = value.indexOf(':');
  return at > 0 ? { [value.slice(0, at)]: value.slice(at + 1) } : { id: value };
}

/** The image as pulled (`name@sha256:...`) when it has a registry digest, else its local id. */
function imageDescriptor(image: ProvenanceInput['image']): ResourceDescriptor {
  const pulled = image.repoDigests[0];
  if (pulled !== undefined) {
    const [, digest] = pulled.split('@');
    return { name: image.name, uri: `docker-image://${pulled}`, digest: digestOf(digest ?? '') };
  }
  return { name: image.name, uri: `docker-image://${image.name}`, digest: digestOf(image.id) };
}

/** Each `source` entry with the checksum its APKBUILD declares (none when it declares none). */
function sourceDescriptors(model: ApkbuildModel): ResourceDescriptor[] {
  const sources = model.list('source');
  if (!Array.isArray(sources)) return [];
  const sums = new Map(model.checksums.map((c) => [c.file, c]));
  return sources.map((entry) => {
    const spec = parseSource(entry);
    const sum = sums.get(spec.filename);
    return {
      name: spec.filename,
      ...(spec.url === null ? {} : { uri: spec.url }),
      digest: sum ? { [sum.algorithm]: sum.hash.toLowerCase() } : {},
    };
  });
}

export function provenanceStatement(input: ProvenanceInput): ProvenanceStatement {
  return {
    _type: IN_TOTO_STATEMENT,
    subject: input.packages.map((p) => ({ name: p.name, digest: { sha256: p.sha256 } })),
    predicateType: SLSA_PROVENANCE,
    predicate: {
      buildDefinition: {
        buildType: REBUILD_BUILD_TYPE,
        externalParameters: {
          variant: input.variant,
          apkbuild: {
            path: input.apkbuildPath,
            from: input.apkbuildFrom,
            sha256: sha256Hex(input.model.text),
          },
          profile: input.profile,
          image: input.image.name,
        },
        internalParameters: {
          engine: input.engine.name,
          engineVersion: input.engine.version,
          buildNetwork: 'none',
        },
        resolvedDependencies: [imageDescriptor(input.image), ...sourceDescriptors(input.model)],
      },
      runDetails: {
        builder: { id: `${REBUILD_BUILD_TYPE}:${input.engine.name}` },
        metadata: {
          invocationId: input.invocationId,
          startedOn: input.startedOn.toISOString(),
          finishedOn: input.finishedOn.toISOString(),
        },
      },
    },
  };
}
