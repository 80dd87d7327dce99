/** The interface languages of every user-facing text (zh first, the default). */
export type TLang = 'zh' | 'en';
