/**
 * Reads a v2 .apk in memory: three gzip members (signature tar, control tar with .PKGINFO,
 * data tar) that inflate to one tar stream. Nothing is extracted and no entry name is ever
 * used as a path; decompression stops at a byte limit and an entry-count limit, so a
 * decompression bomb costs at most the limit. The control part is the run of top-level
 * dot-entries (`.SIGN.*`, `.PKGINFO`, `.pre-install`, ...) before the first data entry.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import { openInputFile } from '../input-file';
import { messageSummary, RepeatedProblems } from '../repeated-problems';
import { elfNeeded } from './elf-needed';

export interface ApkLimits {
  /** Most bytes the gzip members may inflate to, all together. */
  maxBytes: number;
  /** Most tar entries (headers) read. */
  maxEntries: number;
}

export const DEFAULT_APK_LIMITS: ApkLimits = { maxBytes: 1024 * 1024 * 1024, maxEntries: 100_000 };

/** `.PKGINFO` as key -> values in file order; repeated keys (depend, provides...) add values. */
export type PkgInfo = Map<string, string[]>;

export interface ApkContents {
  pkginfo: PkgInfo;
  /** Paths of the data part's files, hard links and symlinks, sorted, without a leading `/`. */
  files: string[];
  /** Sum of the data part's regular file sizes. */
  dataBytes: number;
  /** Each ELF file of the data part with its DT_NEEDED, in archive order. */
  elf: { path: string; needed: string[] }[];
  /**
   * What was odd but did not stop the read: each names the file. A problem that repeats (an
   * entry name after another escaping the root) is shown a few times, then counted.
   */
  warnings: string[];
}

export type ApkRead = { ok: true; apk: ApkContents } | { ok: false; message: string };

/** `key = value` lines; blank lines and `#` comments are skipped. */
export function parsePkgInfo(text: string): PkgInfo {
  const info: PkgInfo = new Map();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const eq = line.indexOf(' = ');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 3).trim();
    const values = info.get(key);
    if (values) values.push(value);
    else info.set(key, [value]);
  }
  return info;
}

class LimitError extends Error {}

/** Why an entry name cannot stand for a place inside the package, or null when it can. */
function unsafeName(name: string): string | null {
  if (name.startsWith('/')) return 'is absolute';
  if (name.split('/').includes('..')) return 'escapes the package root';
  return null;
}

const FILE_TYPES = new Set<Header['type']>(['file', 'contiguous-file', 'link', 'symlink']);
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** A zlib or tar-stream failure in words: what a user can act on. */
function describeFailure(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof LimitError) return error.message;
  if (code === 'ENOENT') return 'cannot read: no such file';
  if (code === 'EISDIR') return 'cannot read: is a folder';
  if (code === 'EACCES') return 'cannot read: permission denied';
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(error.message))
    return 'truncated gzip stream';
  if (code === 'Z_DATA_ERROR') return `not a gzip stream or corrupt gzip data (${error.message})`;
  if (/Unexpected end of data/.test(error.message)) return 'truncated tar stream';
  if (/Invalid tar header/.test(error.message)) return 'corrupt tar header';
  return error.message;
}

/** Inflates `source` into a tar extractor, counting bytes against the limit. */
function inflateInto(source: Readable, limits: ApkLimits): ReturnType<typeof extract> {
  const tar = extract();
  const gunzip = createGunzip();
  let inflated = 0;
  const stop = (error: Error): void => {
    source.destroy();
    gunzip.destroy();
    tar.destroy(error);
  };
  // However the tar side ends (done, refused, broken), nothing upstream keeps reading.
  tar.on('close', () => {
    source.destroy();
    gunzip.destroy();
  });
  source.on('error', stop);
  gunzip.on('error', stop);
  gunzip.on('data', (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > limits.maxBytes) {
      stop(new LimitError(`inflates to more than ${limits.maxBytes} bytes (limit)`));
      return;
    }
    if (!tar.write(chunk)) gunzip.pause();
  });
  tar.on('drain', () => gunzip.resume());
  gunzip.on('end', () => tar.end(null));
  source.pipe(gunzip);
  return tar;
}

/** Reads one .apk from `source`; `label` (the file as the user named it) starts every message. */
export async function readApk(
  source: Readable,
  label: string,
  limits: ApkLimits = DEFAULT_APK_LIMITS,
): Promise<ApkRead> {
  const apk: ApkContents = { pkginfo: new Map(), files: [], dataBytes: 0, elf: [], warnings: [] };
  let pkginfoText: string | null = null;
  let inData = false;
  let entries = 0;
  const warnings = new RepeatedProblems(messageSummary('entries', label));
  const warn = (message: string, kind?: string): void => warnings.add(message, kind);
  try {
    for await (const entry of inflateInto(source, limits)) {
      if (++entries > limits.maxEntries)
        throw new LimitError(`more than ${limits.maxEntries} tar entries (limit)`);
      const { header } = entry;
      const name = header.name.replace(/^(\.\/)+/, '');
      const isControl = !inData && !name.includes('/') && name.startsWith('.');
      // Kept in memory: .PKGINFO, and regular data files that start as ELF; the rest is drained.
      let keep = isControl ? name === '.PKGINFO' : wantsContent(header);
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        if (keep && chunks.length === 0 && !isControl)
          keep = chunk.subarray(0, 4).equals(ELF_MAGIC);
        if (keep) chunks.push(chunk);
      }
      if (isControl) {
        if (name === '.PKGINFO') pkginfoText = Buffer.concat(chunks).toString('utf8');
        continue;
      }
      inData = true;
      addDataEntry(apk, name, header, chunks, label, warn);
    }
  } catch (error) {
    return { ok: false, message: `${label}: ${describeFailure(error as Error)}` };
  }
  if (pkginfoText === null)
    return { ok: false, message: `${label}: no .PKGINFO in the control part` };
  apk.pkginfo = parsePkgInfo(pkginfoText);
  if (!apk.pkginfo.get('pkgname')?.[0])
    return { ok: false, message: `${label}: .PKGINFO has no pkgname` };
  if (!inData) warn(`${label}: no data part: the package holds no files`);
  apk.warnings = warnings.list();
  apk.files.sort();
  return { ok: true, apk };
}

function wantsContent(header: Header): boolean {
  return header.type === 'file' || header.type === 'contiguous-file';
}

function addDataEntry(
  apk: ApkContents,
  name: string,
  header: Header,
  chunks: Buffer[],
  label: string,
  warn: (message: string, kind?: string) => void,
): void {
  if (!FILE_TYPES.has(header.type)) return;
  const unsafe = unsafeName(name);
  if (unsafe !== null) {
    warn(`${label}: entry '${header.name}' ${unsafe}; left out`, unsafe);
    return;
  }
  apk.files.push(name);
  if (!wantsContent(header)) return;
  apk.dataBytes += header.size;
  if (chunks.length === 0) return;
  const elf = elfNeeded(Buffer.concat(chunks));
  if (elf === null) return;
  if (elf.warning !== null) warn(`${label}: ${name}: ${elf.warning}`);
  apk.elf.push({ path: name, needed: elf.needed });
}

/**
 * Reads the .apk at `path`, streaming it from disk. Only a regular file is read: a FIFO would
 * wait for a writer forever. A file larger than the inflate limit is refused unread (gzip
 * never shrinks data below its inflated size by much).
 */
export async function readApkFile(
  path: string,
  limits: ApkLimits = DEFAULT_APK_LIMITS,
): Promise<ApkRead> {
  const opened = openInputFile(path, { what: 'an .apk package', maxBytes: limits.maxBytes });
  if (!opened.ok) return { ok: false, message: opened.message };
  return readApk(createReadStream(path, { fd: opened.fd, autoClose: true }), path, limits);
}

/** Reads an .apk held in memory. */
export function readApkBytes(
  bytes: Buffer,
  label: string,
  limits: ApkLimits = DEFAULT_APK_LIMITS,
): Promise<ApkRead> {
  return readApk(Readable.from([bytes]), label, limits);
}
