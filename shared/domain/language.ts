/** The network's languages: every text of the catalogue (shared/domain/texts/) exists in each. */
export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
