/**
 * Office files are zips whose entries carry the time they were written, and whose core properties carry
 * the creation time: two runs would differ in every header. Rewritten here with the report's generation
 * time everywhere, entries in their original order, so the same data and time give the same bytes.
 * `replace` lets a writer swap an entry's content on the way (the slide deck's PNG previews).
 */
import { unzipSync, type Zippable, zipSync } from 'fflate';

export function stampZip(
  zip: Uint8Array,
  generatedAt: string,
  replace: (name: string, data: Uint8Array, all: Record<string, Uint8Array>) => Uint8Array = (_n, d) => d,
): Buffer {
  const entries = unzipSync(zip);
  const stamp = `${new Date(generatedAt).toISOString().slice(0, 19)}Z`;
  const mtime = new Date(generatedAt);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(entries)) {
    // Folder entries: readers find files by their full names.
    if (name.endsWith('/')) continue;
    let content = replace(name, data, entries);
    if (name === 'docProps/core.xml') {
      const xml = Buffer.from(content)
        .toString('utf8')
        .replace(
          /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
          (_m, open: string, _tag, close: string) => `${open}${stamp}${close}`,
        );
      content = Buffer.from(xml, 'utf8');
    }
    out[name] = [content, { mtime, level: 6 }];
  }
  return Buffer.from(zipSync(out));
}
