/**
 * Files of every kind the evidence upload meets, made for the tests rather than stored: a real PNG
 * (drawn by resvg), a real Word document (docx), a real Excel workbook (a zip that is not a docx),
 * and the first bytes of the other accepted types.
 */
import { Resvg } from '@resvg/resvg-js';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';

/** A PNG of `width` × `height` pixels with a coloured square (a photo's stand-in). */
export function pngFile(width = 64, height = 48, colour = '#c0392b'): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f5f5f5"/><rect x="8" y="8" width="${width / 2}" height="${height / 2}" fill="${colour}"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng());
}

export async function docxFile(text = '支部党员大会会议记录'): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return Packer.toBuffer(doc);
}

/** A zip that is not a Word document: an Excel workbook. */
export async function xlsxFile(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('签到表').addRow(['姓名', '签到']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const pdfFile = (): Buffer => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
export const jpegFile = (): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
export const webpFile = (): Buffer =>
  Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(28)]);
