/** svg-to-pdfkit ships no types: the one function the report calls, as its README documents it. */
declare module 'svg-to-pdfkit' {
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number;
      height?: number;
      preserveAspectRatio?: string;
      fontCallback?: (family: string, isBold: boolean, isItalic: boolean) => string;
    },
  ): void;
}
