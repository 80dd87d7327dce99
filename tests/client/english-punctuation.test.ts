/**
 * English messages use ASCII apostrophes (issue 14.7): the UI's font stack draws ’ from the CJK font,
 * full width, so "2026’s" showed as "2026 ’ s". Every feature's messages file, both languages loaded.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FEATURES = join(__dirname, '../../client/src/features');
const files = readdirSync(FEATURES, { recursive: true, encoding: 'utf8' }).filter((f) =>
  /(^|[/-])messages\.ts$/.test(f),
);

/** Every string of a messages object's English half. */
function englishStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(englishStrings);
  return [];
}

describe('English messages', () => {
  it('finds the messages files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s: no curly apostrophe in English', async (file) => {
    const module = (await import(join(FEATURES, file))) as Record<string, unknown>;
    const english = Object.values(module).flatMap((exported) =>
      exported && typeof exported === 'object' && 'en' in exported ? englishStrings(exported.en) : [],
    );
    expect(english.filter((text) => text.includes('’'))).toEqual([]);
  });
});
