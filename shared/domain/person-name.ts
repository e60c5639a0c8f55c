/**
 * A person's given and family name, as the request's wording gives them: "Nom et prénom :
 * Lambert Marie" puts the family name first, "Full name: Marie Lambert" and "Madame Julie
 * Renard" the given name first, "Lambert, Marie" the family name (before the comma) first.
 */
export type NameOrder = 'family-first' | 'given-first';

export interface PersonName {
  givenName: string;
  familyName: string;
}

/**
 * Splits one full name in the order its label or sentence gave it. Family first: the last word
 * is the given name ("Van den Bossche Jan"); given first: the first word is ("Jan Van den
 * Bossche"). A comma wins over the order; a single word is a family name.
 */
export function splitName(fullName: string, order: NameOrder): PersonName {
  const name = fullName.replace(/\s+/g, ' ').trim();
  const comma = name.indexOf(',');
  if (comma > 0) return { givenName: name.slice(comma + 1).trim(), familyName: name.slice(0, comma).trim() };
  const words = name.split(' ').filter(Boolean);
  if (words.length < 2) return { givenName: '', familyName: name };
  return order === 'family-first'
    ? { givenName: words.at(-1)!, familyName: words.slice(0, -1).join(' ') }
    : { givenName: words[0]!, familyName: words.slice(1).join(' ') };
}

/** The full name without the given part it starts or ends with ("Marie Lambert" less "Marie": "Lambert"). */
export function withoutPart(fullName: string, part: string): string | undefined {
  const name = fullName.replace(/\s+/g, ' ').trim();
  const lower = name.toLowerCase();
  const p = part.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!p || p === lower) return undefined;
  if (lower.startsWith(`${p} `)) return name.slice(p.length + 1).trim();
  if (lower.endsWith(` ${p}`)) return name.slice(0, -p.length - 1).trim();
  return undefined;
}

/**
 * The split one or both labelled halves give ("Prénom : Marie", "Nom de famille : Lambert"): both
 * as written, or one and the rest of the full name. Undefined when neither is given, or one that
 * the full name does not start or end with.
 */
export function namesFromParts(
  fullName: string | undefined,
  given: string | undefined,
  family: string | undefined,
): PersonName | undefined {
  if (given && family) return { givenName: given, familyName: family };
  if (!fullName) return undefined;
  if (given) {
    const rest = withoutPart(fullName, given);
    return rest ? { givenName: given, familyName: rest } : undefined;
  }
  if (family) {
    const rest = withoutPart(fullName, family);
    return rest ? { givenName: rest, familyName: family } : undefined;
  }
  return undefined;
}
