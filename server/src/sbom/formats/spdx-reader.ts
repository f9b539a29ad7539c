/**
 * Reads SPDX 2.2 and 2.3 JSON (syft, trivy) into the neutral model: `packages` keyed by SPDXID
 * with name, versionInfo, the purl among externalRefs, licences, checksums, supplier,
 * originator, description and sourceInfo; `files` (only so relationships to them are known
 * not to be dependencies); `hasExtractedLicensingInfos`; `documentDescribes`; and
 * `relationships`. What the fields and relationships mean is in spdx-document.ts.
 */
import {
  at,
  describeJson,
  emptyDocument,
  guessFormat,
  isRecord,
  optionalString,
  parseJsonText,
  ProblemLog,
  type ReadResult,
} from './model';
import { producerFromCreators, SpdxDocumentBuilder } from './spdx-document';

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

class SpdxJsonReader {
  readonly builder: SpdxDocumentBuilder;

  constructor(
    private readonly root: Record<string, unknown>,
    private readonly log: ProblemLog,
  ) {
    const id = typeof root.SPDXID === 'string' ? root.SPDXID : 'SPDXRef-DOCUMENT';
    this.builder = new SpdxDocumentBuilder(log, id);
  }

  read(): void {
    const { root } = this;
    if (isRecord(root.creationInfo)) {
      this.builder.document.producer = producerFromCreators(stringsIn(root.creationInfo.creators));
    }
    this.array('hasExtractedLicensingInfos', (item) => {
      if (typeof item.licenseId === 'string' && typeof item.extractedText === 'string') {
        this.builder.addExtractedLicense(item.licenseId, item.extractedText);
      }
    });
    this.array('files', (item) => {
      if (typeof item.SPDXID === 'string') this.builder.addOtherElement(item.SPDXID);
    });
    this.array('snippets', (item) => {
      if (typeof item.SPDXID === 'string') this.builder.addOtherElement(item.SPDXID);
    });
    this.array('packages', (item, path) => this.package(item, path));
    const describes = root.documentDescribes;
    if (Array.isArray(describes)) {
      describes.forEach((id, i) => {
        if (typeof id === 'string') this.builder.addDescribes(id, at('documentDescribes', i));
        else
          this.log.add(at('documentDescribes', i), `expected an SPDXID, found ${describeJson(id)}`);
      });
    }
    this.array('relationships', (item, path) => this.relationship(item, path));
  }

  /** Calls `each` for every object of the array at `key`, logging what is not one. */
  private array(key: string, each: (item: Record<string, unknown>, path: string) => void): void {
    const value = this.root[key];
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.log.add(key, `expected an array, found ${describeJson(value)}`);
      return;
    }
    value.forEach((item, index) => {
      if (isRecord(item)) each(item, at(key, index));
      else this.log.add(at(key, index), `expected an object, found ${describeJson(item)}`);
    });
  }

  private package(value: Record<string, unknown>, path: string): void {
    const text = (key: string): string | null => optionalString(value, key, path, this.log);
    const purl = this.purl(value.externalRefs, at(path, 'externalRefs'));
    const checksums = Array.isArray(value.checksums) ? value.checksums : [];
    this.builder.addPackage({
      place: path,
      id: text('SPDXID'),
      name: text('name'),
      version: text('versionInfo'),
      purl: purl.text,
      purlPlace: purl.place,
      licenseDeclared: text('licenseDeclared'),
      licenseConcluded: text('licenseConcluded'),
      checksums: checksums.flatMap((c, i) =>
        isRecord(c) && typeof c.algorithm === 'string' && typeof c.checksumValue === 'string'
          ? [
              {
                algorithm: c.algorithm,
                value: c.checksumValue,
                place: at(at(path, 'checksums'), i),
              },
            ]
          : [],
      ),
      supplier: text('supplier'),
      originator: text('originator'),
      description: text('description'),
      summary: text('summary'),
      sourceInfo: text('sourceInfo'),
      annotations: (Array.isArray(value.annotations) ? value.annotations : []).flatMap((a) =>
        isRecord(a) && typeof a.comment === 'string' ? [a.comment] : [],
      ),
    });
  }

  private purl(value: unknown, path: string): { text: string | null; place: string } {
    const none = { text: null, place: path };
    if (value === undefined) return none;
    if (!Array.isArray(value)) {
      this.log.add(path, `expected an array, found ${describeJson(value)}`);
      return none;
    }
    const index = value.findIndex((ref) => isRecord(ref) && ref.referenceType === 'purl');
    if (index < 0) return none;
    const ref = value[index] as Record<string, unknown>;
    const place = at(at(path, index), 'referenceLocator');
    if (typeof ref.referenceLocator !== 'string') {
      this.log.add(place, `expected a purl, found ${describeJson(ref.referenceLocator)}`);
      return none;
    }
    return { text: ref.referenceLocator, place };
  }

  private relationship(value: Record<string, unknown>, path: string): void {
    const { spdxElementId: from, relatedSpdxElement: to, relationshipType: type } = value;
    if (typeof type !== 'string') {
      this.log.add(at(path, 'relationshipType'), `expected a string, found ${describeJson(type)}`);
      return;
    }
    const fromPlace = at(path, 'spdxElementId');
    const toPlace = at(path, 'relatedSpdxElement');
    if (typeof from !== 'string') {
      this.log.add(fromPlace, `expected an SPDXID, found ${describeJson(from)}`);
    } else if (typeof to !== 'string') {
      this.log.add(toPlace, `expected an SPDXID, found ${describeJson(to)}`);
    } else this.builder.addRelationship({ from, type, to, fromPlace, toPlace });
  }
}

/** Reads SPDX 2.2/2.3 JSON; never throws: problems are returned with whatever could be read. */
export function readSpdx(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const root = parseJsonText(text, log);
  const empty = (): ReadResult => ({ document: emptyDocument(), problems: log.problems });
  if (root === undefined) return empty();
  if (!isRecord(root)) {
    log.add('', `not SPDX 2.x: expected a JSON object, found ${describeJson(root)}`);
    return empty();
  }
  const version = root.spdxVersion;
  if (version === undefined) {
    const looks = guessFormat(root);
    const hint = looks === null ? '' : ` (this looks like ${looks})`;
    log.add('', `not SPDX 2.x: spdxVersion is missing${hint}`);
    return empty();
  }
  if (typeof version !== 'string' || !version.startsWith('SPDX-2.')) {
    log.add('spdxVersion', `not SPDX 2.x: spdxVersion is ${JSON.stringify(version)}`);
    return empty();
  }
  if (version !== 'SPDX-2.2' && version !== 'SPDX-2.3') {
    log.add('spdxVersion', `spdxVersion is ${version}; read as SPDX-2.3`);
  }
  const reader = new SpdxJsonReader(root, log);
  reader.read();
  return { document: reader.builder.finish(), problems: log.problems };
}
