/**
 * Reads SPDX 2.x tag-value text (syft `-o spdx-tag-value`, trivy `--format spdx`): one
 * `Tag: value` a line, `<text>...</text>` values over several lines, `#` comment lines. A
 * `PackageName:` starts a package, `FileName:` a file, `SnippetSPDXID:` a snippet and
 * `LicenseID:` an extracted licence; the tags that follow belong to it. Document tags come
 * first. `ExternalRef: PACKAGE-MANAGER purl pkg:...` gives the purl, `Relationship: A TYPE B`
 * a relationship (applied as spdx-document.ts says). Every problem names the line.
 */
import { emptyDocument, ProblemLog, type ReadResult } from './model';
import { producerFromCreators, SpdxDocumentBuilder, type SpdxPackageInput } from './spdx-document';

interface TagLine {
  tag: string;
  value: string;
  line: number;
}

/** Splits text into tags, joining `<text>` values; lines that are neither are logged. */
function tagLines(text: string, log: ProblemLog): TagLine[] {
  const lines = text.split(/\r?\n/);
  const result: TagLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z][\w-]*):\s?(.*)$/.exec(raw);
    if (!match) {
      log.add(`line ${line}`, `not a 'Tag: value' line: '${raw.slice(0, 60)}'`);
      continue;
    }
    let value = match[2].trim();
    if (value.startsWith('<text>')) {
      let body = value.slice('<text>'.length);
      while (!body.includes('</text>') && i + 1 < lines.length) body += `\n${lines[++i]}`;
      if (!body.includes('</text>')) {
        log.add(`line ${line}`, `${match[1]}: <text> is not closed by </text>`);
      }
      value = body.replace(/<\/text>[\s\S]*$/, '');
    }
    result.push({ tag: match[1], value, line });
  }
  return result;
}

function newPackage(name: string, line: number): SpdxPackageInput {
  return {
    place: `line ${line}`,
    id: null,
    name,
    version: null,
    purl: null,
    licenseDeclared: null,
    licenseConcluded: null,
    checksums: [],
    supplier: null,
    originator: null,
    description: null,
    summary: null,
    sourceInfo: null,
  };
}

/** Sets the package field a tag gives; false for tags that are not package fields. */
function setField(pkg: SpdxPackageInput, tag: string, value: string, place: string): boolean {
  switch (tag) {
    case 'SPDXID':
      pkg.id = value;
      return true;
    case 'PackageVersion':
      pkg.version = value;
      return true;
    case 'PackageLicenseDeclared':
      pkg.licenseDeclared = value;
      return true;
    case 'PackageLicenseConcluded':
      pkg.licenseConcluded = value;
      return true;
    case 'PackageSupplier':
      pkg.supplier = value;
      return true;
    case 'PackageOriginator':
      pkg.originator = value;
      return true;
    case 'PackageDescription':
      pkg.description = value;
      return true;
    case 'PackageSummary':
      pkg.summary = value;
      return true;
    case 'PackageSourceInfo':
      pkg.sourceInfo = value;
      return true;
    case 'ExternalRef': {
      const [, type, locator] = value.split(/\s+/);
      if (type === 'purl' && pkg.purl === null && locator !== undefined) {
        pkg.purl = locator;
        pkg.purlPlace = place;
      }
      return true;
    }
  }
  return false;
}

type Section = 'document' | 'package' | 'file' | 'snippet' | 'license';

/** Reads SPDX tag-value; never throws: problems are returned with whatever could be read. */
export function readSpdxTagValue(text: string, source: string): ReadResult {
  const log = new ProblemLog(source);
  const lines = tagLines(text, log);
  const version = lines.find((l) => l.tag === 'SPDXVersion');
  if (version === undefined || !version.value.startsWith('SPDX-2.')) {
    const found =
      version === undefined ? 'SPDXVersion is missing' : `SPDXVersion is ${version.value}`;
    log.add(
      version === undefined ? '' : `line ${version.line}`,
      `not SPDX 2.x tag-value: ${found}`,
    );
    return { document: emptyDocument(), problems: log.problems };
  }
  const documentId = lines.find((l) => l.tag === 'SPDXID')?.value ?? 'SPDXRef-DOCUMENT';
  const builder = new SpdxDocumentBuilder(log, documentId);
  builder.document.producer = producerFromCreators(
    lines.filter((l) => l.tag === 'Creator').map((l) => l.value),
  );
  let section: Section = 'document';
  let pkg: SpdxPackageInput | null = null;
  let licenseId: string | null = null;
  const flush = (): void => {
    if (pkg !== null) builder.addPackage(pkg);
    pkg = null;
  };
  for (const { tag, value, line } of lines) {
    const place = `line ${line}`;
    if (tag === 'PackageName') {
      flush();
      section = 'package';
      pkg = newPackage(value, line);
    } else if (tag === 'FileName' || tag === 'SnippetSPDXID' || tag === 'LicenseID') {
      flush();
      section = tag === 'FileName' ? 'file' : tag === 'LicenseID' ? 'license' : 'snippet';
      if (tag === 'SnippetSPDXID') builder.addOtherElement(value);
      licenseId = tag === 'LicenseID' ? value : null;
    } else if (tag === 'Relationship') {
      const parts = value.split(/\s+/);
      if (parts.length < 3) log.add(place, `expected 'Relationship: A TYPE B', found '${value}'`);
      else
        builder.addRelationship({
          from: parts[0],
          type: parts[1],
          to: parts[2],
          fromPlace: place,
          toPlace: place,
        });
    } else if (section === 'package' && pkg !== null) {
      if (tag === 'PackageChecksum') {
        const sum = /^([\w-]+):\s*(\S+)$/.exec(value);
        if (sum) pkg.checksums.push({ algorithm: sum[1], value: sum[2], place });
        else log.add(place, `expected 'PackageChecksum: ALG: HEX', found '${value}'`);
      } else setField(pkg, tag, value, place);
    } else if (section === 'file' && tag === 'SPDXID') builder.addOtherElement(value);
    else if (section === 'license' && tag === 'ExtractedText' && licenseId !== null) {
      builder.addExtractedLicense(licenseId, value);
    }
  }
  flush();
  return { document: builder.finish(), problems: log.problems };
}
