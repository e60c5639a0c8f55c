import type { AccountType, EmployeeType } from '../account';
import { type CalendarDate, calendarDate } from '../calendar';
import { emailAddress } from '../email-address';
import type { Language } from '../language';
import type { NameOrder } from '../person-name';

/** The names of request fields, in the order docs/design.md lists them in `missing[]`. */
export const FIELD_NAMES = [
  'fullName',
  'email',
  'employeeType',
  'supervisorEmail',
  'missionEndDate',
  'tasks',
  'accountType',
  'newEndDate',
  'deactivationDate',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type FieldProblem =
  | 'invalid-email'
  | 'invalid-date'
  | 'past-date'
  | 'unknown-value'
  /** A date beyond the horizon (5 years by default): 31/12/9999 is "no end" in HR systems, not a date. */
  | 'too-far'
  | 'control-characters'
  /** A supervisor who is the employee, another non-permanent account or outside the institution. */
  | 'not-a-supervisor'
  /** An end date for a permanent employee or a shared account, which have none. */
  | 'no-end-for-permanent'
  /** A renewal that ends the account sooner than today's end: applied only when confirmed. */
  | 'shortens';

/** A label may also name half of the full name ("Prénom" / "Nom de famille"). */
export type LabelField = FieldName | 'firstName' | 'lastName';

/** Lower case, accents dropped, punctuation as single spaces: "Type d'Emploi" → "type d emploi". */
export function normaliseWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const compact = (text: string) => normaliseWords(text).replace(/ /g, '');

type LabelTable = Record<LabelField, Partial<Record<Language | 'any', string[]>>>;

// biome-ignore format: word lists read better packed
const LABELS: LabelTable = {
  fullName: {
    fr: [
      'nom', 'nom et prénom', 'nom prénom', 'prénom nom', 'prénom et nom', 'nom complet', "nom de l'employé",
      "nom de l'employée", 'nom du membre du personnel', "nom et prénom de l'employé", 'nom de la personne',
      'nom du compte', 'libellé du compte', 'nom du compte partagé', 'employé', 'employée', 'collaborateur',
      'collaboratrice', 'identité',
    ],
    nl: [
      'naam', 'naam en voornaam', 'voornaam en naam', 'voornaam naam', 'naam voornaam', 'volledige naam',
      'naam medewerker', 'naam van de medewerker', 'naam personeelslid', 'naam account', 'accountnaam',
      'naam van de account', 'naam van het account', 'naam gedeelde account', 'naam gedeeld account',
      'medewerker', 'medewerkster', 'personeelslid',
    ],
    en: [
      'name', 'full name', 'employee name', 'staff name', 'name of the employee', 'first and last name',
      'first name and last name', 'account name', 'name of the account', 'shared account name', 'employee',
      'staff member',
    ],
  },
  firstName: { fr: ['prénom'], nl: ['voornaam'], en: ['first name', 'given name', 'forename'] },
  lastName: {
    fr: ['nom de famille'],
    nl: ['achternaam', 'familienaam'],
    en: ['last name', 'surname', 'family name'],
  },
  email: {
    any: ['e-mail', 'email', 'mail'],
    fr: [
      'adresse e-mail', 'adresse mail', 'adresse électronique', 'courriel', 'adresse courriel',
      "e-mail de l'employé", "adresse e-mail de l'employé", "adresse e-mail de l'employée",
      'e-mail professionnel', 'adresse e-mail professionnelle', 'e-mail du compte',
      'adresse e-mail du compte',
    ],
    nl: [
      'e-mailadres', 'mailadres', 'e-mail adres', 'e-mailadres medewerker', 'e-mail medewerker',
      'e-mailadres van de medewerker', 'e-mailadres account', 'e-mailadres van de account',
      'e-mailadres van het account',
    ],
    en: [
      'email address', 'e-mail address', 'mail address', 'employee e-mail', 'employee email address',
      'work email', 'account e-mail', 'account email address',
    ],
  },
  employeeType: {
    any: ['contract'],
    fr: [
      "type d'emploi", 'statut', 'type de contrat', 'contrat', "type d'employé", 'type de personnel',
      'catégorie', "statut de l'employé", 'type de collaborateur', "statut d'emploi",
    ],
    nl: [
      'statuut', 'soort medewerker', 'type medewerker', 'soort contract', 'type contract', 'contracttype',
      'soort personeelslid', 'type personeelslid', 'tewerkstelling', 'dienstverband', 'soort tewerkstelling',
    ],
    en: [
      'employment', 'employee type', 'employment type', 'contract type', 'type of employee',
      'type of contract', 'status', 'staff type', 'employment status', 'type of employment',
    ],
  },
  supervisorEmail: {
    fr: [
      'responsable', 'employé permanent de référence', 'employée permanente de référence',
      'personne de référence', 'référent', 'référente', 'employé de référence', 'superviseur',
      'superviseuse', 'e-mail du responsable', 'adresse e-mail du responsable', 'e-mail responsable',
      'tuteur', 'tutrice', 'maître de stage', 'encadrant', 'encadrante', 'responsable permanent',
      'e-mail du référent',
    ],
    nl: [
      'begeleider', 'begeleidster', 'verantwoordelijke', 'contactpersoon', 'vaste medewerker',
      'e-mail begeleider', 'e-mailadres begeleider', 'e-mail verantwoordelijke',
      'e-mailadres verantwoordelijke', 'stagebegeleider', 'leidinggevende', 'vaste begeleider',
      'e-mail contactpersoon',
    ],
    en: [
      'supervisor', 'contact person', 'supervisor email', 'supervisor e-mail', 'e-mail supervisor',
      'supervisor email address', 'permanent employee', 'permanent staff member', 'reference person',
      'mentor', 'line manager', 'contact',
    ],
  },
  missionEndDate: {
    fr: [
      'date de fin', 'fin de mission', 'date de fin de mission', 'fin du contrat', 'fin de contrat',
      'date de fin de contrat', 'date de fin du contrat', 'date de fin prévue', 'fin prévue', 'fin de stage',
      'date de fin de stage', "jusqu'au", "fin de l'engagement", "date de fin d'emploi", 'fin',
      'fin de la mission', 'date de fin de la mission',
    ],
    nl: [
      'einddatum', 'einde opdracht', 'einddatum opdracht', 'einde contract', 'einddatum contract',
      'einde stage', 'einddatum stage', 'tot', 'geplande einddatum', 'einde tewerkstelling', 'einde',
      'einde van de opdracht',
    ],
    en: [
      'end date', 'mission end', 'mission end date', 'end of mission', 'contract end', 'contract end date',
      'end of contract', 'end of employment', 'planned end date', 'until', 'end of internship',
      'end of the mission',
    ],
  },
  tasks: {
    fr: [
      'tâches', 'tâche', 'description des tâches', 'missions', 'fonction', 'fonctions', 'activités', 'rôle',
      'description de la fonction', 'tâches prévues', 'travail', 'description du travail',
    ],
    nl: [
      'taken', 'taak', 'taakomschrijving', 'omschrijving taken', 'beschrijving taken',
      'omschrijving van de taken', 'beschrijving van de taken', 'functie', 'functieomschrijving',
      'takenpakket', 'rol', 'werkzaamheden', 'activiteiten',
    ],
    en: [
      'tasks', 'task', 'task description', 'duties', 'description of tasks', 'description of the tasks',
      'role', 'job description', 'activities', 'work',
    ],
  },
  accountType: {
    fr: ['type de compte', 'sorte de compte', 'genre de compte', 'type du compte'],
    nl: [
      'soort account', 'type account', 'accounttype', 'type van account', 'soort van account',
      'account soort',
    ],
    en: ['account type', 'type of account', 'kind of account', 'account kind'],
  },
  newEndDate: {
    fr: [
      'nouvelle date de fin', 'nouvelle fin de mission', 'nouvelle fin de contrat',
      'nouvelle date de fin de contrat', 'nouvelle date de fin de mission', "prolongation jusqu'au",
      "prolongé jusqu'au", "prolonger jusqu'au", 'nouvelle échéance', 'nouvelle fin de stage',
    ],
    nl: [
      'nieuwe einddatum', 'nieuw einde opdracht', 'nieuwe einde opdracht', 'nieuwe einddatum contract',
      'verlengd tot', 'verlenging tot', 'verlengen tot', 'nieuw einde contract', 'nieuwe einddatum opdracht',
    ],
    en: [
      'new end date', 'new end of mission', 'new mission end', 'new mission end date', 'new contract end',
      'new contract end date', 'extended until', 'extension until', 'extend until', 'renew until',
      'renewed until',
    ],
  },
  deactivationDate: {
    fr: [
      'date de désactivation', 'date de départ', 'désactivation', 'départ', 'désactivation à partir du',
      'à désactiver à partir du', 'date de clôture', 'clôture', 'dernier jour', 'dernier jour de travail',
      'désactiver à partir du', 'date de fermeture',
    ],
    nl: [
      'datum deactivatie', 'deactivatiedatum', 'vertrekdatum', 'datum vertrek', 'datum van vertrek',
      'vertrek', 'uit dienst', 'datum uit dienst', 'deactiveren vanaf', 'deactivatie vanaf',
      'laatste werkdag', 'laatste dag', 'datum van deactivatie', 'uit dienst op',
    ],
    en: [
      'deactivation date', 'leaving date', 'date of leaving', 'departure date', 'last day',
      'last working day', 'deactivate from', 'deactivation from', 'closure date', 'date of departure',
      'leaves on',
    ],
  },
};

interface LabelMatch {
  field: LabelField;
  language: Language | null;
}

/**
 * The order a full-name label announces: "Nom et prénom" / "Naam en voornaam" the family name
 * first, "Prénom et nom", "Voornaam en naam" and the English labels the given name first. A
 * bare "Nom" / "Naam" says nothing (people write both orders under it).
 */
// biome-ignore format: word lists read better packed
const NAME_ORDER_LABELS: Record<NameOrder, string[]> = {
  'family-first': ['nom et prénom', 'nom prénom', "nom et prénom de l'employé", 'naam en voornaam', 'naam voornaam'],
  'given-first': [
    'prénom nom', 'prénom et nom', 'voornaam en naam', 'voornaam naam', 'name', 'full name', 'employee name',
    'staff name', 'name of the employee', 'first and last name', 'first name and last name',
  ],
};
const NAME_ORDER = new Map<string, NameOrder>(
  (Object.entries(NAME_ORDER_LABELS) as [NameOrder, string[]][]).flatMap(([order, labels]) =>
    labels.map((label) => [compact(label), order] as const),
  ),
);

/** The name order a full-name label announces; undefined when it does not say. */
export function nameOrderOfLabel(label: string): NameOrder | undefined {
  const cleaned = label.replace(/[*_]+/g, ' ').trim();
  return (
    NAME_ORDER.get(compact(cleaned)) ?? NAME_ORDER.get(compact(cleaned.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')))
  );
}

const LABEL_INDEX = new Map<string, LabelMatch>();
for (const [field, byLanguage] of Object.entries(LABELS) as [LabelField, LabelTable[LabelField]][]) {
  for (const [language, labels] of Object.entries(byLanguage) as [Language | 'any', string[]][]) {
    for (const label of labels) {
      LABEL_INDEX.set(compact(label), { field, language: language === 'any' ? null : language });
    }
  }
}

const MAX_LABEL_LENGTH = 60;

/** Which field a label names (case, accents, spacing, punctuation and a trailing "(…)" ignored). */
export function matchLabel(label: string): LabelMatch | undefined {
  const cleaned = label.replace(/[*_]+/g, ' ').trim();
  if (!cleaned || cleaned.length > MAX_LABEL_LENGTH) return undefined;
  return (
    LABEL_INDEX.get(compact(cleaned)) ??
    LABEL_INDEX.get(compact(cleaned.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')))
  );
}

export interface LabelledValue {
  field: LabelField;
  language: Language | null;
  /** Raw value text, decorations trimmed; '' when the label had no value. */
  value: string;
  /** 0-based line index of the label in the text. */
  line: number;
  /** 0-based index of the last line the value was read from (the label's own line when the value is on it). */
  lastLine: number;
  /** A full-name label's announced order ("Nom et prénom": family first). */
  nameOrder?: NameOrder;
}

const LEADING_DECORATION = /^[\s>*•·◦▪‣\-–—+]*(\(?\d{1,2}[.)]\s+|\(?[a-z][)]\s+)?[\s*•·◦▪‣\-–—]*/iu;
const SEPARATOR = /\s*[:：]\s*|\t+|\s+[-–—=]\s+/g;

/** Splits "• **Nom** : Jean" into a known label and its value; undefined when the line has no known label. */
export function splitLabelLine(
  line: string,
): { match: LabelMatch; value: string; nameOrder?: NameOrder } | undefined {
  const stripped = line.replace(/\*\*|__/g, '').replace(LEADING_DECORATION, '');
  if (!stripped) return undefined;
  // Labels are short: looking for separators further on would only cost time on long lines.
  for (const separator of stripped.slice(0, MAX_LABEL_LENGTH + 20).matchAll(SEPARATOR)) {
    if (separator.index === 0) continue;
    if (separator.index > MAX_LABEL_LENGTH + 10) break;
    const label = stripped.slice(0, separator.index);
    const match = matchLabel(label);
    if (!match) continue;
    const value = cleanValue(stripped.slice(separator.index + separator[0].length));
    const nameOrder = match.field === 'fullName' ? nameOrderOfLabel(label) : undefined;
    return nameOrder ? { match, value, nameOrder } : { match, value };
  }
  return undefined;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '«': '»', '“': '”', '‘': '’', '„': '”' };

const MAX_VALUE_LENGTH = 1000;

function cleanValue(value: string): string {
  let text = value.slice(0, MAX_VALUE_LENGTH).replace(/\s+/g, ' ').trim();
  let start = 0;
  let end = text.length;
  while (start < end && '*_ '.includes(text[start] ?? '')) start++;
  while (end > start && '*_; '.includes(text[end - 1] ?? '')) end--;
  text = text.slice(start, end);
  // "Jean Dupont" in quotes loses them; a quote that only opens ("“uitleningen” en …") stays.
  const close = QUOTE_PAIRS[text[0] ?? ''];
  return close && text.length > 1 && text.endsWith(close) ? text.slice(1, -1).trim() : text;
}

const isBlank = (line: string | undefined) => !line?.trim();

/** Every labelled line of the text, in order; a label ending its line takes its value from the next line(s). */
export function readLabelledValues(text: string): LabelledValue[] {
  const lines = text.split('\n');
  const found: LabelledValue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const split = splitLabelLine(lines[i] ?? '');
    if (!split) continue;
    let value = split.value;
    let lastLine = i;
    if (!value && /[:：]\s*(\*\*|__)?\s*$/.test(lines[i] ?? '')) {
      // "Tâches :" then the value (or a bullet list for tasks) on the following lines.
      const parts: string[] = [];
      let j = i + 1;
      if (isBlank(lines[j]) && !isBlank(lines[j + 1])) j++;
      for (; j < lines.length && !isBlank(lines[j]); j++) {
        if (splitLabelLine(lines[j] ?? '')) break;
        parts.push(cleanValue((lines[j] ?? '').replace(LEADING_DECORATION, '')));
        lastLine = j;
        if (split.match.field !== 'tasks') break;
      }
      value = parts.filter(Boolean).join(', ');
    }
    found.push({
      field: split.match.field,
      language: split.match.language,
      value,
      line: i,
      lastLine,
      ...(split.nameOrder ? { nameOrder: split.nameOrder } : {}),
    });
  }
  return found;
}

// ---------------------------------------------------------------- e-mail addresses

/** A valid address under the one rule (shared/domain/email-address.ts), lower-cased; undefined when it is not one. */
export function validEmail(text: string): string | undefined {
  return emailAddress(text);
}

const EMAIL_DELIMITER = /[\s<>()[\]"',;:]/;
const MAX_EMAIL = 254;

/** The words around each "@", grown outwards at most an address's length (a regex scan is quadratic on long runs without spaces). */
function emailTokens(text: string): string[] {
  const tokens: string[] = [];
  for (let at = text.indexOf('@'); at >= 0 && tokens.length < 1000; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < MAX_EMAIL && !EMAIL_DELIMITER.test(text[start - 1] ?? ' ')) start--;
    let end = at + 1;
    while (end < text.length && end - at < MAX_EMAIL && !EMAIL_DELIMITER.test(text[end] ?? ' ')) end++;
    const token = text
      .slice(start, end)
      .replace(/^mailto:/i, '')
      .replace(/[.]+$/, '');
    if (token.length > 1) tokens.push(token);
  }
  return tokens;
}

/** Valid addresses mentioned in a text ("Name <a@b>", mailto: links…), lower-cased, in order, without repeats. */
export function findEmails(text: string): string[] {
  const out: string[] = [];
  for (const token of emailTokens(text)) {
    const email = validEmail(token);
    if (email && !out.includes(email)) out.push(email);
  }
  return out;
}

/** The address of a labelled value: the first valid one, else invalid (a name, "jean@ulb", "jean.ulb.be"…). */
export function parseEmailValue(value: string): { ok: true; email: string } | { ok: false } {
  const email = findEmails(value)[0];
  return email ? { ok: true, email } : { ok: false };
}

// ---------------------------------------------------------------- employee type and account type

// biome-ignore format: word lists read better packed
const EMPLOYEE_WORDS: [EmployeeType, string[]][] = [
  [
    'volunteer',
    [
      'bénévole', 'bénévoles', 'volontaire', 'vrijwilliger', 'vrijwilligster', 'vrijwilligers', 'volunteer',
      'voluntary', 'vrijwilligerswerk',
    ],
  ],
  [
    'intern',
    [
      'stagiaire', 'stagiair', 'stagiaires', 'stage', 'stagair', 'intern', 'internship', 'trainee',
      'stagestudent',
    ],
  ],
  [
    'student',
    [
      'jobiste', 'étudiant', 'étudiante', 'job étudiant', 'étudiant jobiste', 'jobétudiant', 'jobstudent',
      'jobstudente', 'student', 'studente', 'studentenjob', 'student job', 'student worker',
      'working student', 'job student', 'studentenarbeid',
    ],
  ],
  [
    'temporary',
    [
      'temporaire', 'temporary', 'tijdelijk', 'tijdelijke', 'cdd', 'contractuel', 'contractuelle',
      'contrat à durée déterminée', 'durée déterminée', 'bepaalde duur', 'contract van bepaalde duur',
      'intérim', 'intérimaire', 'remplaçant', 'remplaçante', 'remplacement', 'vervanger', 'vervangster',
      'vervanging', 'fixed term', 'fixed-term', 'temp', 'contractueel', 'contractuele', 'interim',
      'interimaris',
    ],
  ],
  [
    'permanent',
    [
      'permanent', 'permanente', 'vast', 'vaste', 'vastbenoemd', 'vast benoemd', 'cdi',
      'contrat à durée indéterminée', 'durée indéterminée', 'onbepaalde duur',
      'contract van onbepaalde duur', 'statutaire', 'statutair', 'vast personeel', 'vaste medewerker',
      'personnel permanent', 'open-ended', 'tenured', 'definitief',
    ],
  ],
];

const EMPLOYEE_PATTERNS = EMPLOYEE_WORDS.map(
  ([type, words]) => [type, words.map((w) => ` ${normaliseWords(w)} `)] as const,
);
const NEGATED_PERMANENT = / (non|niet|not|pas|geen) (permanent|permanente|vast|vaste) /g;

/** Employee type named by a value ("jobiste", "CDD", "vrijwilliger"…); non-permanent words win over "permanent". */
export function parseEmployeeType(value: string): EmployeeType | undefined {
  const text = ` ${normaliseWords(value)} `.replace(NEGATED_PERMANENT, ' nonpermanent ');
  for (const [type, words] of EMPLOYEE_PATTERNS) {
    if (words.some((w) => text.includes(w))) return type;
  }
  return undefined;
}

// biome-ignore format: word lists read better packed
const SHARED_WORDS = [
  'partagé', 'partagée', 'commun', 'commune', 'générique', 'collectif', 'collective', 'non personnel',
  'non personnelle', 'non nominatif', 'impersonnel', 'gedeeld', 'gedeelde', 'niet persoonlijk',
  'niet persoonlijke', 'generiek', 'generieke', 'algemeen', 'algemene', 'collectief', 'collectieve',
  'shared', 'non personal', 'generic', 'group', 'functional', 'common', 'functionele', 'functioneel',
  'nonpersonal',
].map((w) => ` ${normaliseWords(w)} `);
// biome-ignore format: word lists read better packed
const PERSONAL_WORDS = [
  'personnel', 'personnelle', 'nominatif', 'nominative', 'individuel', 'individuelle', 'persoonlijk',
  'persoonlijke', 'individueel', 'individuele', 'personal', 'individual', 'named', 'personeel',
].map((w) => ` ${normaliseWords(w)} `);

/** Account kind named by a value; "non personnel" / "niet persoonlijk" are shared. */
export function parseAccountType(value: string): AccountType | undefined {
  const text = ` ${normaliseWords(value)} `;
  if (SHARED_WORDS.some((w) => text.includes(w))) return 'shared';
  if (PERSONAL_WORDS.some((w) => text.includes(w))) return 'personal';
  return undefined;
}

// ---------------------------------------------------------------- dates

export type DateReading = { ok: true; date: CalendarDate } | { ok: false; problem: 'invalid-date' };

// biome-ignore format: word lists read better packed
const MONTHS: [string, number][] = [
  ...[
    'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
    'novembre', 'décembre',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ...[
    'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober',
    'november', 'december',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ...[
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
    'november', 'december',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ['janv', 1], ['jan', 1], ['févr', 2], ['fév', 2], ['feb', 2], ['fevr', 2], ['mrt', 3], ['mar', 3],
  ['avr', 4], ['apr', 4], ['juil', 7], ['jun', 6], ['jul', 7], ['aug', 8], ['sept', 9], ['sep', 9],
  ['oct', 10], ['okt', 10], ['nov', 11], ['déc', 12], ['dec', 12],
];
const MONTH_NUMBER = new Map(MONTHS.map(([name, n]) => [normaliseWords(name), n]));
const MONTH_ALTERNATION = [...MONTH_NUMBER.keys()].sort((a, b) => b.length - a.length).join('|');

const DATE_PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => [string, string, string] }[] = [
  // YYYY-MM-DD (also with / or .)
  { re: /(?<![\d/.-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g, parts: (m) => [m[1]!, m[3]!, m[4]!] },
  // DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, D/M/YYYY, and a two-digit year
  {
    re: /(?<![\d/.-])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d])/g,
    parts: (m) => [m[4]!.length === 2 ? `20${m[4]}` : m[4]!, m[3]!, m[1]!],
  },
  // 30 juin 2027, 1er juillet 2027, 1st of July 2027, 30 juni 2027
  {
    re: new RegExp(
      `(?<![\\p{L}\\d])(\\d{1,2})(?:er|re|e|ste|de|st|nd|rd|th)?\\.?\\s+(?:of\\s+|de\\s+)?(${MONTH_ALTERNATION})(?![\\p{L}])\\.?,?\\s+(\\d{4})(?!\\d)`,
      'gu',
    ),
    parts: (m) => [m[3]!, String(MONTH_NUMBER.get(m[2]!) ?? 0), m[1]!],
  },
  // June 30, 2027
  {
    re: new RegExp(
      `(?<![\\p{L}])(${MONTH_ALTERNATION})(?![\\p{L}])\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`,
      'gu',
    ),
    parts: (m) => [m[3]!, String(MONTH_NUMBER.get(m[1]!) ?? 0), m[2]!],
  },
];

/** Accents dropped and lower case, punctuation kept, so month names and separators can both be matched. */
function foldForDates(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/** A date written in a text and where it stands: `index`/`end` are offsets in the text once folded (see findDatesAt). */
export interface DateHit {
  index: number;
  end: number;
  reading: DateReading;
}

/**
 * Every date written in the text with its place, in order. Offsets are those of the text folded
 * for dates (accents dropped, lower case, runs of spaces as one), so they are the text's own offsets
 * when it is already folded that way.
 */
export function findDatesAt(text: string): DateHit[] {
  const folded = foldForDates(text);
  const hits: DateHit[] = [];
  for (const { re, parts } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (const m of folded.matchAll(re)) {
      const index = m.index ?? 0;
      if (hits.some((h) => index < h.end && index + m[0].length > h.index)) continue;
      const [year, month, day] = parts(m as RegExpExecArray);
      const date = calendarDate(Number(year), Number(month), Number(day));
      hits.push({
        index,
        end: index + m[0].length,
        reading: date ? { ok: true, date } : { ok: false, problem: 'invalid-date' },
      });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** Every date written in the text, in order; an impossible one (31/02/2027) is reported, never guessed. */
export function findDates(text: string): DateReading[] {
  return findDatesAt(text).map((h) => h.reading);
}

/** The date of a labelled value: its first date; undefined when the value holds no date at all. */
export function parseDate(value: string): DateReading | undefined {
  return findDates(value)[0];
}

// biome-ignore format: word lists read better packed
const NO_VALUE = new Set(
  [
    'néant', 'aucune', 'aucun', 'pas de date de fin', 'pas de fin', 'indéterminée', 'indéterminé', 'sans',
    'sans objet', 'pas d application', 'onbepaald', 'geen', 'geen einddatum', 'niet van toepassing', 'nvt',
    'n v t', 'none', 'n a', 'na', 'no end date', 'not applicable', 'nihil', 'no end', 'unknown', 'inconnue',
    'onbekend', 'pas encore connue', 'nog niet gekend', 'not known yet', 'not yet known',
  ].map(normaliseWords),
);

/** A value that says "nothing here" (néant, geen, n/a, -, /). */
export function isNoValue(value: string): boolean {
  const words = normaliseWords(value);
  return words === '' || NO_VALUE.has(words);
}

// biome-ignore format: word lists read better packed
const ASAP = [
  'dès que possible', 'asap', 'au plus vite', 'au plus tôt', 'immédiatement', 'maintenant', "aujourd'hui",
  'dès maintenant', 'zo snel mogelijk', 'zo spoedig mogelijk', 'zsm', 'onmiddellijk', 'meteen', 'vandaag',
  'nu', 'as soon as possible', 'immediately', 'today', 'now', 'right away',
].map((w) => ` ${normaliseWords(w)} `);

/** A deactivation wanted "as soon as possible" (today). */
export function isAsap(value: string): boolean {
  const text = ` ${normaliseWords(value)} `;
  return ASAP.some((w) => text.includes(w));
}
