/** Archives for the bad-input tests: ustar written the way the format says, gzip bombs. */
import { gzipSync } from 'node:zlib';

/** A ustar archive of the given files, in order, with its end-of-archive blocks. */
export function ustar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    const data = Buffer.from(content);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\x0000', 257);
    header.fill(0x20, 148, 156);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/**
 * Gzip data that inflates to `mib` MiB of zeros: one member of 1 MiB zeros (about 1 KB)
 * repeated, since the members of a gzip file inflate to one stream. Cheap to build at any size.
 */
export function gzipBomb(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  return Buffer.concat(Array.from({ length: mib }, () => member));
}
