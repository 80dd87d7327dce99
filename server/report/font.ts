/**
 * The report's Chinese font: Noto Sans Hans (SIL OFL), shipped as OpenType files by the npm package
 * `@embedpdf/fonts-sc`, never a font of the machine, so every server draws the same glyphs. pdfkit embeds
 * only the glyphs a document uses (subset); resvg reads the same file to turn charts into PNG.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package exports only its file list (dist/index): the fonts sit in ../fonts beside it.
const fontDir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export const REPORT_FONT = {
  /** The family name charts ask for (ECharts textStyle), resolved to the files below. */
  family: 'Noto Sans Hans',
  regular: join(fontDir, 'NotoSansHans-Regular.otf'),
  bold: join(fontDir, 'NotoSansHans-Bold.otf'),
} as const;
