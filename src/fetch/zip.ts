/**
 * Reading one member of a zip archive on disk with node:zlib: the central directory is read from the end of the
 * file and the member is inflated as a stream, its size and CRC-32 checked. Only the member asked for is written,
 * to a path the caller chose (a member's own path is never used, so no "zip slip"); its uncompressed size is
 * limited (no zip bomb). ZIP64 archives (over 4 GB) are refused: no publication Lantern reads comes near that.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { createInflateRaw, crc32 } from 'node:zlib';

export interface ZipMember {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The members of the archive at `path`; throws ZipError when it is not a whole zip archive. */
export async function zipMembers(path: string): Promise<ZipMember[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0)
      throw new ZipError('no zip directory at the end of the file: the archive is truncated or not a zip');
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
      throw new ZipError('a ZIP64 archive, which Lantern does not read');
    if (cdOffset + cdSize > size) throw new ZipError('the zip directory points past the end of the file');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const members: ZipMember[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        throw new ZipError(`member ${n + 1} of ${count} is missing from the zip directory`);
      const nameLength = cd.readUInt16LE(p + 28);
      const utf8 = (cd.readUInt16LE(p + 8) & 0x800) !== 0;
      members.push({
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.subarray(p + 46, p + 46 + nameLength).toString(utf8 ? 'utf8' : 'latin1'),
      });
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return members;
  } finally {
    await fh.close();
  }
}

/** Write member `m` of the archive at `path` to `dest`, checking its size and CRC-32; at most `maxBytes`. */
export async function extractMember(
  path: string,
  m: ZipMember,
  dest: string,
  maxBytes: number,
): Promise<number> {
  if (m.method !== 0 && m.method !== 8)
    throw new ZipError(`${m.name} is compressed with method ${m.method}; only stored and deflated are read`);
  if (m.size > maxBytes)
    throw new ZipError(`${m.name} is ${m.size} bytes uncompressed, over the limit of ${maxBytes}`);
  const fh = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await fh.read(header, 0, 30, m.localHeaderOffset);
  } finally {
    await fh.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`${m.name}: its local header is missing`);
  const start = m.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const source =
    m.compressedSize === 0 ? null : createReadStream(path, { start, end: start + m.compressedSize - 1 });
  const out = createWriteStream(dest, { flags: 'wx' });
  let written = 0;
  let crc = 0;
  try {
    if (source) {
      const stream = m.method === 8 ? source.pipe(createInflateRaw()) : source;
      source.on('error', (e) => stream.destroy(e));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (written > maxBytes) throw new ZipError(`${m.name} inflates to more than ${maxBytes} bytes`);
        crc = crc32(chunk, crc);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError(
      `${m.name} could not be inflated (${(e as Error).message}): the archive is damaged or truncated`,
    );
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (written !== m.size || crc >>> 0 !== m.crc >>> 0)
    throw new ZipError(
      `${m.name} inflated to ${written} bytes with CRC ${(crc >>> 0).toString(16)}, but the archive records ${m.size} bytes with CRC ${(m.crc >>> 0).toString(16)}: the archive is damaged or truncated`,
    );
  return written;
}
