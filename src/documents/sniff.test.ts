/** Content sniffing: each accepted kind from its bytes (Office files by their package), whatever the name says. */
import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { contradicts, sniff } from './sniff.js';

/** A zip of these members (stored or deflated), written by hand from the format (APPNOTE 4.3): local headers, central directory, end record. */
function zip(members: Record<string, string>, deflate = true): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(members)) {
    const raw = Buffer.from(text);
    const data = deflate ? deflateRawSync(raw) : raw;
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(deflate ? 8 : 0, 10);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
const types = (main: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x.xml" ContentType="application/vnd.openxmlformats-officedocument.${main}"/></Types>`;
const ole = (stream: string) =>
  Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(500),
    Buffer.from(stream, 'utf16le'),
  ]);

describe('sniff', () => {
  it('tells Word, Excel and PowerPoint packages apart by [Content_Types].xml, stored or deflated', () => {
    const ext = (b: Buffer) =>
      'refused' in sniff(b) ? 'refused' : (sniff(b) as { extension: string }).extension;
    expect(ext(zip({ '[Content_Types].xml': types('wordprocessingml.document.main+xml') }))).toBe('docx');
    expect(ext(zip({ '[Content_Types].xml': types('spreadsheetml.sheet.main+xml') }, false))).toBe('xlsx');
    expect(
      ext(zip({ 'a.txt': 'x', '[Content_Types].xml': types('presentationml.presentation.main+xml') })),
    ).toBe('pptx');
    // a macro-enabled workbook names another main part; a zip without the entry is just a zip
    expect(ext(zip({ '[Content_Types].xml': types('spreadsheetml.sheetMacroEnabled.main+xml') }))).toBe(
      'refused',
    );
    expect(ext(zip({ 'word/document.xml': '<w:document/>' }))).toBe('refused');
    expect(ext(ole('WordDocument'))).toBe('doc');
    expect(ext(ole('Workbook'))).toBe('xls');
    expect(ext(ole('PowerPoint Document'))).toBe('refused');
    expect(ext(Buffer.from('GIF89a....'))).toBe('gif');
    expect(ext(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
  });
  it('says what refused content is', () => {
    expect(sniff(Buffer.from('  <html><body>hi</body></html>'))).toEqual({ refused: 'its content is HTML' });
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toEqual({
      refused: 'its content is a Linux program (ELF header)',
    });
    expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({
      refused: 'its content is XML or SVG',
    });
  });
  it('a name may omit the extension or use an alias, never contradict the content', () => {
    const jpeg = sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) as {
      extension: string;
      contentType: string;
      label: string;
    };
    expect(contradicts('photo.JPEG', jpeg)).toBe(false);
    expect(contradicts('photo', jpeg)).toBe(false);
    expect(contradicts('photo.png', jpeg)).toBe(true);
  });
});
