/**
 * What an uploaded file is, decided from its bytes (magic numbers and, for Office files, the zip's
 * [Content_Types].xml or the compound file's stream names), never from its name or the type the browser declared.
 * Only PDF, Office (docx, xlsx, pptx; legacy doc and xls) and PNG, JPEG and GIF images are accepted.
 */
import { inflateRawSync } from 'node:zlib';

export interface Sniffed {
  contentType: string;
  extension: string;
  label: string;
}

const PDF: Sniffed = { contentType: 'application/pdf', extension: 'pdf', label: 'a PDF' };
const PNG: Sniffed = { contentType: 'image/png', extension: 'png', label: 'a PNG image' };
const JPEG: Sniffed = { contentType: 'image/jpeg', extension: 'jpg', label: 'a JPEG image' };
const GIF: Sniffed = { contentType: 'image/gif', extension: 'gif', label: 'a GIF image' };
const DOC: Sniffed = {
  contentType: 'application/msword',
  extension: 'doc',
  label: 'a Word 97–2003 document',
};
const XLS: Sniffed = {
  contentType: 'application/vnd.ms-excel',
  extension: 'xls',
  label: 'an Excel 97–2003 workbook',
};
const OOXML: Array<{ main: string; sniffed: Sniffed }> = [
  {
    main: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    sniffed: {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
      label: 'a Word document',
    },
  },
  {
    main: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    sniffed: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
      label: 'an Excel workbook',
    },
  },
  {
    main: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    sniffed: {
      contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      extension: 'pptx',
      label: 'a PowerPoint presentation',
    },
  },
];

/** The extensions a name may carry for each accepted kind (a name is only a label; it must not contradict the bytes). */
const ALIASES: Record<string, string[]> = { jpg: ['jpg', 'jpeg'] };

export const ACCEPTED = 'PDF, Word (docx, doc), Excel (xlsx, xls), PowerPoint (pptx), PNG, JPEG or GIF';

const starts = (b: Buffer, sig: number[] | string) =>
  typeof sig === 'string'
    ? b.subarray(0, sig.length).toString('latin1') === sig
    : sig.every((v, i) => b[i] === v);

/** What the bytes look like when they are not accepted, for the refusal. */
function describeRefused(b: Buffer): string {
  if (starts(b, 'MZ')) return 'a Windows program (MZ header)';
  if (starts(b, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program (ELF header)';
  const head = b.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.includes('<script'))
    return 'HTML';
  if (head.startsWith('<?xml') || head.startsWith('<svg')) return 'XML or SVG';
  if (starts(b, 'PK')) return 'a zip archive that is not a Word, Excel or PowerPoint file';
  return 'not a type Lantern accepts';
}

/** The accepted kind of these bytes, or a sentence saying why not. */
export function sniff(b: Buffer): Sniffed | { refused: string } {
  if (b.length === 0) return { refused: 'the file is empty' };
  if (starts(b, '%PDF-')) return PDF;
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (starts(b, [0xff, 0xd8, 0xff])) return JPEG;
  if (starts(b, 'GIF87a') || starts(b, 'GIF89a')) return GIF;
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // a compound file: the stream names (UTF-16LE in its directory) say Word or Excel
    if (b.includes(Buffer.from('WordDocument', 'utf16le'))) return DOC;
    if (b.includes(Buffer.from('Workbook', 'utf16le')) || b.includes(Buffer.from('Book', 'utf16le')))
      return XLS;
    return { refused: 'its content is a compound (OLE) file that is neither a Word nor an Excel file' };
  }
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const types = zipEntry(b, '[Content_Types].xml');
    if (types !== null) {
      const text = types.toString('utf8');
      const found = OOXML.filter((o) => text.includes(`ContentType="${o.main}"`));
      if (found.length === 1) return found[0]!.sniffed;
    }
  }
  return { refused: `its content is ${describeRefused(b)}` };
}

/** The extension of a client's file name, lower case ('' when none). */
export const extensionOf = (name: string): string => {
  const m = /\.([a-z0-9]{1,8})$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
};

/** Whether a name's extension contradicts what the bytes are (no extension contradicts nothing). */
export function contradicts(name: string, s: Sniffed): boolean {
  const ext = extensionOf(name);
  return ext !== '' && !(ALIASES[s.extension] ?? [s.extension]).includes(ext);
}

/**
 * One member of a zip held in memory, by its central-directory entry (stored or deflated), or null when the zip
 * cannot be read or has no such member. Only used to read [Content_Types].xml, so a small inflate limit is enough.
 */
export function zipEntry(b: Buffer, name: string): Buffer | null {
  try {
    // the end-of-central-directory record is in the last 65,557 bytes
    const from = Math.max(0, b.length - 65_557);
    let eocd = -1;
    for (let i = b.length - 22; i >= from; i--)
      if (b.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) return null;
    const entries = b.readUInt16LE(eocd + 10);
    let p = b.readUInt32LE(eocd + 16);
    for (let n = 0; n < entries; n++) {
      if (b.readUInt32LE(p) !== 0x02014b50) return null;
      const method = b.readUInt16LE(p + 10);
      const compressed = b.readUInt32LE(p + 20);
      const nameLen = b.readUInt16LE(p + 28);
      const extraLen = b.readUInt16LE(p + 30);
      const commentLen = b.readUInt16LE(p + 32);
      const local = b.readUInt32LE(p + 42);
      const entryName = b.subarray(p + 46, p + 46 + nameLen).toString('utf8');
      if (entryName === name) {
        if (b.readUInt32LE(local) !== 0x04034b50) return null;
        const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
        const data = b.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data, { maxOutputLength: 1024 * 1024 });
        return null;
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    return null;
  } catch {
    return null;
  }
}
