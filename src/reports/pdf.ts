// A report as an A4 PDF (pdf-lib, standard Helvetica: no font file to ship): title, summary, tables that break
// across pages with their header repeated, and a footer with the page number on every page.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DocumentTable, ReportDocument } from './document.js';

const A4: [number, number] = [841.89, 595.28]; // landscape: the export table has eight columns
const MARGIN = 36;
const SIZE = 9;
const LINE = 12;

/** Characters the standard fonts cannot encode (narrow no-break spaces from French number formatting, emoji) become plain ones. */
function encodable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text.replace(/[\u202f\u00a0]/g, ' ')].map((char) => (known.has(char.codePointAt(0) ?? 0) ? char : '?')).join('');
}

/** Cuts text to the width, with an ellipsis. */
function fit(font: PDFFont, text: string, width: number, size = SIZE): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Splits text into lines that fit the width. */
function wrap(font: PDFFont, text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) > width && line !== '') {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export async function reportPdf(document: ReportDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(document.title);
  pdf.setProducer('Vigie');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = (): void => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const text = (value: string, x: number, font: PDFFont, size = SIZE): void => {
    page.drawText(encodable(font, value), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  };

  for (const line of wrap(bold, encodable(bold, document.title), width, 13)) {
    text(line, MARGIN, bold, 13);
    y -= 17;
  }
  y -= 4;
  for (const summary of document.summary) {
    for (const line of wrap(regular, encodable(regular, summary), width, SIZE + 1)) {
      text(line, MARGIN, regular, SIZE + 1);
      y -= LINE + 1;
    }
  }
  for (const table of document.tables) drawTable(table);

  const pages = pdf.getPages();
  pages.forEach((p, index) => {
    p.drawText(encodable(regular, `Vigie — ${document.title} — page ${index + 1}/${pages.length}`).slice(0, 180), { x: MARGIN, y: MARGIN / 2, size: 7, font: regular, color: rgb(0.4, 0.4, 0.4) });
  });
  return pdf.save();

  function drawTable(table: DocumentTable): void {
    const columnWidth = width / table.columns.length;
    const header = (): void => {
      page.drawRectangle({ x: MARGIN, y: y - 3, width, height: LINE, color: rgb(0.88, 0.9, 0.94) });
      table.columns.forEach((column, k) => text(fit(bold, encodable(bold, column), columnWidth - 4), MARGIN + k * columnWidth + 2, bold));
      y -= LINE;
    };
    y -= LINE;
    if (y < MARGIN + 4 * LINE) newPage();
    text(table.title, MARGIN, bold, SIZE + 2);
    y -= LINE + 2;
    header();
    if (table.rows.length === 0) {
      text('Aucune ligne sur la période.', MARGIN + 2, regular);
      y -= LINE;
    }
    for (const row of table.rows) {
      if (y < MARGIN + LINE) {
        newPage();
        header();
      }
      row.forEach((cell, k) => text(fit(regular, encodable(regular, cell), columnWidth - 4), MARGIN + k * columnWidth + 2, regular));
      y -= LINE;
    }
  }
}
