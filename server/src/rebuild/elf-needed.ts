/**
 * DT_NEEDED of an ELF file: the sonames the dynamic loader must find for it. Read from the
 * bytes alone (32- and 64-bit, little- and big-endian), the way the loader does: the
 * PT_DYNAMIC segment, with DT_STRTAB mapped to a file offset through the PT_LOAD segments;
 * files without program headers fall back to the `.dynamic` section and its linked string
 * table. Nothing here throws: bytes that are not ELF give null, damaged ELF gives a warning.
 */

export interface ElfNeeded {
  /** DT_NEEDED entries in file order. */
  needed: string[];
  /** Set when the file is ELF but parts of it lie outside the bytes (truncated or damaged). */
  warning: string | null;
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const SHT_DYNAMIC = 6;
const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

/** Bounds-checked reads in the file's byte order; undefined when a read falls outside. */
class ElfView {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly is64: boolean,
    private readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(offset: number): number | undefined {
    return offset + 2 <= this.bytes.length ? this.view.getUint16(offset, this.little) : undefined;
  }

  u32(offset: number): number | undefined {
    return offset + 4 <= this.bytes.length ? this.view.getUint32(offset, this.little) : undefined;
  }

  /** A 64-bit value as a number; undefined past the end or above 2^53. */
  u64(offset: number): number | undefined {
    if (offset + 8 > this.bytes.length) return undefined;
    const value = this.view.getBigUint64(offset, this.little);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  }

  /** An address-sized field: 4 bytes in ELF32, 8 in ELF64. */
  word(offset: number): number | undefined {
    return this.is64 ? this.u64(offset) : this.u32(offset);
  }

  /** A signed tag of a dynamic entry, as a bigint so DT_* values above 2^31 stay exact. */
  tag(offset: number): bigint | undefined {
    if (this.is64)
      return offset + 8 <= this.bytes.length
        ? this.view.getBigInt64(offset, this.little)
        : undefined;
    return offset + 4 <= this.bytes.length
      ? BigInt(this.view.getInt32(offset, this.little))
      : undefined;
  }

  /** The NUL-terminated string at offset; undefined when it runs past the end. */
  cString(offset: number): string | undefined {
    if (offset < 0 || offset >= this.bytes.length) return undefined;
    const end = this.bytes.indexOf(0, offset);
    if (end < 0) return undefined;
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + offset, end - offset).toString(
      'utf8',
    );
  }
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
}

function programHeaders(elf: ElfView): Segment[] | undefined {
  const phoff = elf.word(elf.is64 ? 32 : 28);
  const entsize = elf.u16(elf.is64 ? 54 : 42);
  const count = elf.u16(elf.is64 ? 56 : 44);
  if (phoff === undefined || entsize === undefined || count === undefined) return undefined;
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) {
    const at = phoff + i * entsize;
    const type = elf.u32(at);
    const offset = elf.word(at + (elf.is64 ? 8 : 4));
    const vaddr = elf.word(at + (elf.is64 ? 16 : 8));
    const filesz = elf.word(at + (elf.is64 ? 32 : 16));
    if (type === undefined || offset === undefined || vaddr === undefined || filesz === undefined)
      return undefined;
    segments.push({ type, offset, vaddr, filesz });
  }
  return segments;
}

function sectionHeaders(elf: ElfView): Section[] | undefined {
  const shoff = elf.word(elf.is64 ? 40 : 32);
  const entsize = elf.u16(elf.is64 ? 58 : 46);
  const count = elf.u16(elf.is64 ? 60 : 48);
  if (shoff === undefined || entsize === undefined || count === undefined) return undefined;
  const sections: Section[] = [];
  for (let i = 0; i < count; i++) {
    const at = shoff + i * entsize;
    const type = elf.u32(at + 4);
    const offset = elf.word(at + (elf.is64 ? 24 : 16));
    const size = elf.word(at + (elf.is64 ? 32 : 20));
    const link = elf.u32(at + (elf.is64 ? 40 : 24));
    if (type === undefined || offset === undefined || size === undefined || link === undefined)
      return undefined;
    sections.push({ type, offset, size, link });
  }
  return sections;
}

/** The (tag, value) pairs of a dynamic table up to DT_NULL; undefined when it runs past the end. */
function dynamicEntries(
  elf: ElfView,
  offset: number,
  size: number,
): { tag: bigint; value: number }[] | undefined {
  const entsize = elf.is64 ? 16 : 8;
  const entries: { tag: bigint; value: number }[] = [];
  for (let at = offset; at + entsize <= offset + size; at += entsize) {
    const tag = elf.tag(at);
    const value = elf.word(at + entsize / 2);
    if (tag === undefined || value === undefined) return undefined;
    if (tag === DT_NULL) break;
    entries.push({ tag, value });
  }
  return entries;
}

/** The file offset of a virtual address, through the PT_LOAD segment that holds it. */
function fileOffsetOf(segments: Segment[], address: number): number | undefined {
  const load = segments.find(
    (s) => s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + s.filesz,
  );
  return load === undefined ? undefined : load.offset + (address - load.vaddr);
}

function namesAt(
  elf: ElfView,
  entries: { tag: bigint; value: number }[],
  strtab: number,
): ElfNeeded {
  const needed: string[] = [];
  for (const entry of entries) {
    if (entry.tag !== DT_NEEDED) continue;
    const name = elf.cString(strtab + entry.value);
    if (name === undefined) return { needed, warning: 'a DT_NEEDED name lies outside the file' };
    needed.push(name);
  }
  return { needed, warning: null };
}

/** DT_NEEDED of the bytes, or null when they are not an ELF file. */
export function elfNeeded(bytes: Uint8Array): ElfNeeded | null {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c) return null;
  if (bytes[3] !== 0x46) return null;
  const elfClass = bytes[4];
  const data = bytes[5];
  if ((elfClass !== 1 && elfClass !== 2) || (data !== 1 && data !== 2))
    return { needed: [], warning: 'unknown ELF class or byte order' };
  const elf = new ElfView(bytes, elfClass === 2, data === 1);
  const truncated = { needed: [], warning: 'ELF headers lie outside the file (truncated?)' };

  const segments = programHeaders(elf);
  if (segments === undefined) return truncated;
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (dynamic !== undefined) {
    const entries = dynamicEntries(elf, dynamic.offset, dynamic.filesz);
    if (entries === undefined) return truncated;
    const strtabAddress = entries.find((e) => e.tag === DT_STRTAB)?.value;
    const strtab = strtabAddress === undefined ? undefined : fileOffsetOf(segments, strtabAddress);
    if (strtab !== undefined) return namesAt(elf, entries, strtab);
  }

  // No program headers to go by (or DT_STRTAB not mapped): use the section headers.
  const sections = sectionHeaders(elf);
  if (sections === undefined) return truncated;
  const section = sections.find((s) => s.type === SHT_DYNAMIC);
  if (section === undefined) return { needed: [], warning: null };
  const entries = dynamicEntries(elf, section.offset, section.size);
  const strings = sections[section.link];
  if (entries === undefined || strings === undefined) return truncated;
  return namesAt(elf, entries, strings.offset);
}
