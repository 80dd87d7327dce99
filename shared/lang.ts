/** The interface languages of every user-facing text (zh first, the default). */
export type TLang = 'zh' | 'en';

const LIST_SEPARATORS: Record<TLang, string> = { zh: '、', en: ', ' };

/**
 * A list in running text, as each language writes it: `学习、研讨` in Chinese, `study, discussion` in
 * English. Every list shown to a user is joined here (the import file's own list cells keep 、: that is
 * the file format, import-format.md).
 */
export function joinList(items: readonly string[], lang: TLang): string {
  return items.join(LIST_SEPARATORS[lang]);
}
