import type { Language } from './language';

/** Control and direction characters: never in a name or a task list (a newline would forge a line of a mail). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** True when the text holds a character no person types in a name or a task list. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** The same, but line breaks and tabs pass: a spreadsheet cell of tasks may hold several lines. */
export function hasControlCharactersBesideLineBreaks(value: string): boolean {
  return CONTROL.test(value.replace(/[\t\r\n]/g, ' '));
}

/** "Label: value", with French typography's space before the colon ("Réponse d’Alma : HTTP 200"). */
export function labelled(language: Language, label: string, value: string): string {
  return `${label}${language === 'fr' ? ' : ' : ': '}${value}`;
}
