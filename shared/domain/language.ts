/** The network's languages: every text of the catalogue (shared/domain/texts/) exists in each. */
export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Whether a value (a query parameter, a cookie, a stored attribute) names one of them. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
