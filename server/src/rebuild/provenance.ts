/**
 * The provenance statement written beside each variant's packages: an in-toto Statement v1
 * whose predicate is SLSA Provenance v1. It records what a reader needs to redo or trust the
 * build: the builder image and its digest, the APKBUILD's sha256, the profile, the sources with
 * the checksums the APKBUILD declares, when the build ran, and, when they were checked, each
 * package's signature verdict (who signed it, or that nobody did).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseSource, type ApkbuildModel } from '../apkbuild';
import { verifySignedFile, type Keyring, type SignatureVerdict } from '../signature';

export const IN_TOTO_STATEMENT = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';
export const REBUILD_BUILD_TYPE = 'urn:apkbuild-hardening:rebuild:v1';

export type DigestSet = Record<string, string>;

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest: DigestSet;
  /** in-toto's free-form field: here, a package's signature verdict. */
  annotations?: { apkSignature: SignatureRecord };
}

/** A package's signature verdict as recorded: the verdict and the keys folder it was checked against. */
export type SignatureRecord = SignatureVerdict & { keysFolder: string };

/** A built package as the provenance names it. */
export interface ProvenancePackage {
  /** The .apk file name. */
  name: string;
  sha256: string;
  /** Its signature verdict, when it was checked (see withSignatures); absent: not checked. */
  signature?: SignatureRecord;
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
  /** The built packages: file name, content sha256 and, when checked, signature verdict. */
  packages: ProvenancePackage[];
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

/**
 * The packages of `dir` with their signature verdicts against `keyring` (the key the build
 * signed with, or the image's): what the provenance records is what was found, not assumed.
 */
export async function withSignatures(
  dir: string,
  packages: { name: string; sha256: string }[],
  keyring: Keyring,
): Promise<ProvenancePackage[]> {
  const checked: ProvenancePackage[] = [];
  for (const p of packages) {
    const { verdict } = await verifySignedFile(join(dir, p.name), keyring);
    checked.push({ ...p, signature: { ...verdict, keysFolder: keyring.folder } });
  }
  return checked;
}

function subjectOf(p: ProvenancePackage): ResourceDescriptor {
  const subject: ResourceDescriptor = { name: p.name, digest: { sha256: p.sha256 } };
  if (p.signature !== undefined) subject.annotations = { apkSignature: p.signature };
  return subject;
}

export function provenanceStatement(input: ProvenanceInput): ProvenanceStatement {
  return {
    _type: IN_TOTO_STATEMENT,
    subject: input.packages.map(subjectOf),
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
