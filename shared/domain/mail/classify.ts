import type { AccountType, EmployeeType } from '../account';
import { type CalendarDate, compareDates } from '../calendar';
import type { Language } from '../language';
import { namesFromParts, type PersonName, splitName } from '../person-name';
import { hasControlCharacters } from '../plain-text';
import { beyondHorizon, needsMissionEnd, needsSupervisor } from '../rules';
import { requestPart } from './body';
import {
  type DateReading,
  FIELD_NAMES,
  type FieldName,
  type FieldProblem,
  findDates,
  findEmails,
  isAsap,
  isNoValue,
  type LabelField,
  type LabelledValue,
  normaliseWords,
  parseAccountType,
  parseDate,
  parseEmailValue,
  parseEmployeeType,
  readLabelledValues,
} from './fields';
import type { ParsedMail } from './parse-mime';
import { type FoundAddress, readSentences, type SentenceReading } from './sentences';

export const REQUEST_KINDS = ['new-personal', 'new-shared', 'renewal', 'closure', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RequestFields {
  fullName?: string;
  email?: string;
  employeeType?: EmployeeType;
  supervisorEmail?: string;
  missionEndDate?: CalendarDate;
  tasks?: string;
  accountType?: AccountType;
  newEndDate?: CalendarDate;
  deactivationDate?: CalendarDate;
}

export interface RequestReading {
  kind: RequestKind;
  /** Language the sender wrote in, from the labels and words used; null when unsure. */
  language: Language | null;
  /** Every request reference (REQ-YYYY-…) in subject, reply headers and body, first seen first. */
  references: string[];
  fields: RequestFields;
  invalid: Partial<Record<FieldName, FieldProblem>>;
  /** The addresses the request's sentences give and what each was taken for (told back when the employee's is asked). */
  addresses?: FoundAddress[];
  /**
   * The full name's given and family parts when the wording says which is which: the label's
   * order ("Nom et prénom": family first), "Prénom"/"Nom de famille" lines, a comma, a sentence
   * ("Madame Julie Renard": given first). Absent when it does not say.
   */
  names?: PersonName;
}

// REQ-YYYY-NNNNNN (the first references) or REQ-YYYY- and 8 random base32 characters.
const REFERENCE = /\bREQ-\d{4}-(?:\d{6}|[0-9A-HJKMNP-TV-Z]{8})\b/gi;

/** Request references in the given texts, upper-cased, without repeats. */
export function findReferences(...texts: string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (const match of text.matchAll(REFERENCE)) {
      const reference = match[0].toUpperCase();
      if (!out.includes(reference)) out.push(reference);
    }
  }
  return out;
}

// Phrases on normalised text (lower case, no accents, punctuation as single spaces); "(alma )?" lets
// "nouveau compte Alma" and "new Alma account" match.
const A = '(?:alma )?';
/** A verb about accounts only counts near an account word: "prolongation des prêts" or "library closure" are questions. */
const near = (verbs: string, objects: string) =>
  `(?:${verbs})(?: [^ ]+){0,3} (?:${objects})|(?:${objects})(?: [^ ]+){0,3} (?:${verbs})`;
const ACCOUNT_FR = 'compte|comptes|acces';
const ACCOUNT_NL = 'account|accounts|toegang';
const ACCOUNT_EN = 'account|accounts|access';
const EMPLOYMENT_FR = `${ACCOUNT_FR}|contrat|mission|stage|engagement`;
const EMPLOYMENT_NL = `${ACCOUNT_NL}|contract|opdracht|stage|tewerkstelling|overeenkomst`;
const EMPLOYMENT_EN = `${ACCOUNT_EN}|contract|mission|internship|appointment|employment`;

// biome-ignore format: word lists read better packed
const KIND_PHRASES: Record<'new' | 'renewal' | 'closure', string[]> = {
  closure: [
    near('desactivation|desactiver|desactive|desactivee|cloture|cloturer|fermeture|fermer|supprimer|suppression|bloquer', ACCOUNT_FR),
    near('deactivatie|deactiveren|gedeactiveerd|desactiveren|afsluiten|sluiten|stopzetten|stopzetting|verwijderen|afgesloten', ACCOUNT_NL),
    near('closure|close|closing|deactivate|deactivation|deactivated|disable|disabled|remove|delete', ACCOUNT_EN),
    '(?<!au |point de )depart', 'quitte (?:la|le|notre|l|nos)', 'a quitte', 'fin de collaboration', 'vertrek', 'vertrekt',
    'uit dienst', 'verlaat (?:de|onze|ons|het)', 'has left', 'is leaving', 'leaving (?:the|our)', 'staff member leaving',
    'employee leaving', 'departure', 'last working day',
  ],
  renewal: [
    near('renouvellement|renouveler|renouvele|prolongation|prolonger|prolonge|prolongee|reconduction|reconduire|reconduit', EMPLOYMENT_FR),
    near('verlenging|verlengen|verlengd|hernieuwing|hernieuwen|hernieuwd', EMPLOYMENT_NL),
    near('renewal|renew|renewed|extension|extend|extended', EMPLOYMENT_EN),
    'nouvelle date de fin', 'prolongee? jusqu', 'nieuwe einddatum', 'verlengd tot', 'new end date', 'extended until', 'renewed until',
  ],
  new: [
    `nouveaux? ${A}(?:compte|comptes|collegue|collaborateur|membre du personnel|benevole|stagiaire|jobiste|employe|agent)`,
    `nouvelles? ${A}(?:collegue|collaboratrice|benevole|stagiaire|jobiste|employee|etudiante)`,
    `nouvel ${A}(?:employe|agent|collaborateur|etudiant)`,
    `creation (?:d un |de |du )?${A}compte`, `creer (?:un |le )?${A}compte`,
    `demande (?:de |d un )?${A}compte`, `ouverture (?:d un |de |du )?${A}compte`,
    `ouvrir (?:un )?${A}compte`, `(?:un|une) ${A}compte ${A}pour`, 'acces (?:a )?alma pour',
    `nieuwe? (?:gedeelde? |persoonlijke? |generieke? )?${A}(?:account|medewerker|medewerkster|collega|personeelslid|vrijwilliger|vrijwilligster|stagiair|jobstudent)`,
    `aanvraag (?:van |voor )?(?:een )?${A}account`, `${A}account aanvragen`, 'accountaanvraag',
    `${A}account aanmaken`, `aanmaken (?:van )?(?:een )?${A}account`, `een ${A}account voor`, 'toegang tot alma',
    `new (?:shared |personal |generic )?${A}(?:account|staff member|employee|colleague|volunteer|intern)`,
    `${A}account request`, `request (?:for )?(?:an |a new |a )?${A}account`,
    `create (?:an |a new |a )?${A}account`, `${A}account creation`, `an ${A}account for`, 'access to alma',
    'alma access for',
  ],
};
// biome-ignore format: word lists read better packed
const SHARED_PHRASES = [
  `comptes? ${A}(?:partage|partagee|partages|commun|generique|collectif|non personnel|non nominatif|impersonnel)`,
  `(?:gedeelde|gedeeld|generieke|generiek|algemene|collectieve|niet persoonlijke|niet persoonlijk|functionele) ${A}(?:account|gebruiker)`,
  `(?:shared|generic|common|non personal|group|functional) ${A}account`, 'non personnel', 'niet persoonlijk',
  'non personal',
];

const phraseRegex = (phrases: string[]) => new RegExp(`(?:^| )(?:${phrases.join('|')})(?= |$)`);
const KIND_REGEX = Object.entries(KIND_PHRASES).map(
  ([kind, phrases]) => [kind, phraseRegex(phrases)] as const,
);
const SHARED_REGEX = phraseRegex(SHARED_PHRASES);

type WordKind = 'new' | 'renewal' | 'closure';

/** Kinds a text speaks of, the first mentioned first. */
function kindsIn(text: string): WordKind[] {
  return KIND_REGEX.map(([kind, re]) => [kind, re.exec(text)?.index ?? -1] as const)
    .filter(([, index]) => index >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([kind]) => kind as WordKind);
}

// biome-ignore format: word lists read better packed
const LANGUAGE_WORDS: Record<Language, string[]> = {
  fr: [
    'bonjour', 'merci', 'madame', 'monsieur', 'cordialement', 'compte', 'nouveau', 'nouvelle', 'pour', 'est',
    'une', 'nous', 'vous', 'avec', 'les', 'des', 'du', 'et', 'je', 'la', 'le', 'bien', 'salutations', 'son',
    'sa',
  ],
  nl: [
    'beste', 'hallo', 'goedemorgen', 'goeiemorgen', 'dank', 'bedankt', 'groeten', 'het', 'een', 'voor',
    'van', 'nieuwe', 'wij', 'jullie', 'graag', 'ik', 'zijn', 'haar', 'met', 'vriendelijke', 'wordt', 'aan',
    'mvg',
  ],
  en: [
    'hello', 'hi', 'dear', 'thanks', 'thank', 'regards', 'best', 'the', 'for', 'please', 'new', 'we', 'you',
    'with', 'and', 'of', 'to', 'kind', 'could', 'would', 'his', 'her',
  ],
};
const LANGUAGE_SETS = Object.entries(LANGUAGE_WORDS).map(
  ([l, words]) => [l as Language, new Set(words)] as const,
);

function detectLanguage(labels: LabelledValue[], text: string): Language | null {
  const score: Record<Language, number> = { fr: 0, nl: 0, en: 0 };
  for (const label of labels) if (label.language) score[label.language] += 3;
  for (const word of text.split(' ').slice(0, 2000)) {
    for (const [language, words] of LANGUAGE_SETS) if (words.has(word)) score[language] += 1;
  }
  const ranked = (Object.entries(score) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2 || (second && best[1] <= second[1])) return null;
  return best[0];
}

/** First non-empty value of each labelled field (a label repeated empty in a template does not hide a filled one). */
function firstValues(labels: LabelledValue[]): Map<LabelField, string> {
  const values = new Map<LabelField, string>();
  for (const label of labels) {
    if (!values.has(label.field) && label.value) values.set(label.field, label.value);
  }
  for (const label of labels) if (!values.has(label.field)) values.set(label.field, '');
  return values;
}

interface FieldReading {
  fields: RequestFields;
  invalid: Partial<Record<FieldName, FieldProblem>>;
}

function readDateField(
  reading: FieldReading,
  field: 'missionEndDate' | 'newEndDate' | 'deactivationDate',
  value: string,
  today: CalendarDate,
): void {
  if (field === 'deactivationDate' && isAsap(value) && !parseDate(value)) {
    reading.fields.deactivationDate = today;
    return;
  }
  if (isNoValue(value)) return;
  applyDate(reading, field, parseDate(value) ?? { ok: false, problem: 'invalid-date' }, today);
}

function applyDate(
  reading: FieldReading,
  field: 'missionEndDate' | 'newEndDate' | 'deactivationDate',
  date: DateReading,
  today: CalendarDate,
): void {
  if (!date.ok) {
    reading.invalid[field] = 'invalid-date';
    return;
  }
  // A deactivation date in the past means "as soon as possible"; an end of mission in the past is a mistake to correct.
  if (field !== 'deactivationDate' && compareDates(date.date, today) < 0)
    reading.invalid[field] = 'past-date';
  else reading.fields[field] = date.date;
}

/** "Responsable : moi-même", "Begeleider: ikzelf", "Supervisor: me": the sender (put in by readRequest). */
const SENDER_SELF = /^(?:moi(?:[- ]m[êe]me)?|(?:c'est )?moi|ik(?:zelf)?|mezelf|ikzelf|me|myself|i)[.!]?$/i;
const SENDER_SELF_MARK = 'sender';

function readFields(values: Map<LabelField, string>, today: CalendarDate): FieldReading {
  const reading: FieldReading = { fields: {}, invalid: {} };
  const { fields, invalid } = reading;
  const name = values.get('fullName');
  const first = values.get('firstName');
  const last = values.get('lastName');
  let fullName = name
    ? name
        .replace(/<[^>]*>|\(?\S+@\S+\)?/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  if (!fullName && (first || last)) fullName = [first, last].filter(Boolean).join(' ');
  else if (first && fullName && !fullName.toLowerCase().includes(first.toLowerCase()))
    fullName = `${first} ${fullName}`;
  fullName = fullName.replace(/[.,;]+$/, '').trim();
  if (fullName && !isNoValue(fullName)) fields.fullName = fullName;

  const emailValue = values.get('email') || (name && findEmails(name).length ? name : undefined);
  if (emailValue !== undefined && emailValue !== '') {
    const email = parseEmailValue(emailValue);
    if (email.ok) fields.email = email.email;
    else invalid.email = 'invalid-email';
  }
  const supervisor = values.get('supervisorEmail');
  if (supervisor && SENDER_SELF.test(supervisor.trim())) fields.supervisorEmail = SENDER_SELF_MARK;
  else if (supervisor && !isNoValue(supervisor)) {
    const email = parseEmailValue(supervisor);
    if (email.ok) fields.supervisorEmail = email.email;
    else invalid.supervisorEmail = 'invalid-email';
  }
  const employeeType = values.get('employeeType');
  if (employeeType) {
    const type = parseEmployeeType(employeeType);
    if (type) fields.employeeType = type;
    else invalid.employeeType = 'unknown-value';
  }
  const accountType = values.get('accountType');
  if (accountType) {
    const type = parseAccountType(accountType);
    if (type) fields.accountType = type;
    else invalid.accountType = 'unknown-value';
  }
  const tasks = values.get('tasks');
  if (tasks && !isNoValue(tasks)) fields.tasks = tasks;
  for (const field of ['missionEndDate', 'newEndDate', 'deactivationDate'] as const) {
    const value = values.get(field);
    if (value) readDateField(reading, field, value, today);
  }
  return reading;
}

/**
 * A date field of a renewal or closure read from another label ("Date de fin"), else from what a
 * sentence says the date is ("verlengd tot …"), else from the only date in the text.
 */
function completeDateField(
  reading: FieldReading,
  target: 'newEndDate' | 'deactivationDate',
  body: string,
  today: CalendarDate,
  stated: DateReading | undefined,
  setAsideDates: readonly CalendarDate[] = [],
): void {
  if (reading.fields[target] || reading.invalid[target]) return;
  const { fields, invalid } = reading;
  if (fields.missionEndDate || invalid.missionEndDate) {
    if (fields.missionEndDate) applyDate(reading, target, { ok: true, date: fields.missionEndDate }, today);
    else if (invalid.missionEndDate === 'invalid-date') invalid[target] = 'invalid-date';
    else if (target === 'newEndDate') invalid[target] = 'past-date';
    delete fields.missionEndDate;
    delete invalid.missionEndDate;
    if (invalid[target] || fields[target]) return;
  }
  if (stated) {
    applyDate(reading, target, stated, today);
    return;
  }
  const dates = findDates(body);
  // A date the sentences set aside (a trial period, another person's contract) is never the one meant.
  const setAside = new Set(stated === undefined ? setAsideDates : []);
  const valid = [...new Set(dates.flatMap((d) => (d.ok && !setAside.has(d.date) ? [d.date] : [])))];
  if (valid.length === 1 && valid[0]) applyDate(reading, target, { ok: true, date: valid[0] }, today);
  else if (valid.length === 0 && dates.length > 0) invalid[target] = 'invalid-date';
  else if (target === 'deactivationDate' && valid.length === 0 && isAsap(body))
    fields.deactivationDate = today;
}

/**
 * Given and family name of the full name read, when the mail says which is which: both halves
 * labelled, one half labelled (the rest of the full name is the other), a comma, the label's
 * order, or a sentence (given name first). Undefined when nothing says.
 */
function readNames(
  fullName: string | undefined,
  labels: LabelledValue[],
  values: Map<LabelField, string>,
): PersonName | undefined {
  const clean = (v: string | undefined) =>
    v
      ?.replace(/[.,;]+$/, '')
      .replace(/\s+/g, ' ')
      .trim() || undefined;
  const given = clean(values.get('firstName'));
  const family = clean(values.get('lastName'));
  if (given || family) return namesFromParts(fullName, given, family);
  if (!fullName) return undefined;
  if (fullName.includes(',')) return splitName(fullName, 'family-first');
  const label = labels.find((l) => l.field === 'fullName' && l.value);
  // No full-name label: the name came from a sentence, which puts the given name first.
  const order = label ? label.nameOrder : 'given-first';
  return order && fullName.includes(' ') ? splitName(fullName, order) : undefined;
}

/** Labels that, two or more together, make a mail a new-account request even without the words. */
// biome-ignore format: word lists read better packed
const NEW_ACCOUNT_LABELS: LabelField[] = ['fullName', 'email', 'employeeType', 'tasks', 'supervisorEmail', 'missionEndDate', 'accountType'];

/** Lines read as labelled values, with the lines their values were taken from. */
function labelledLines(labels: LabelledValue[]): Set<number> {
  const lines = new Set<number>();
  for (const label of labels) for (let i = label.line; i <= label.lastLine; i++) lines.add(i);
  return lines;
}

const REPLY_PREFIX = /^\s*(?:(?:re|aw|antw|réf|ref|fwd?|tr|doorst|wg)\s*:\s*)+/i;

/** A field is free for a sentence value when no label gave it, not even a wrong value. */
const free = (reading: FieldReading, field: FieldName) =>
  reading.fields[field] === undefined && reading.invalid[field] === undefined;

/** Values of a new-account request that the sentences state and no label gave (labels win). */
function fillNewAccount(
  reading: FieldReading,
  sentences: SentenceReading,
  shared: boolean,
  today: CalendarDate,
): void {
  const { fields } = reading;
  if (shared) {
    if (sentences.sharedName && free(reading, 'fullName')) fields.fullName = sentences.sharedName;
    if (sentences.email && free(reading, 'email')) fields.email = sentences.email;
    if (sentences.tasks && free(reading, 'tasks')) fields.tasks = sentences.tasks;
    return;
  }
  if (sentences.fullName && free(reading, 'fullName')) fields.fullName = sentences.fullName;
  if (sentences.email && free(reading, 'email')) fields.email = sentences.email;
  if (sentences.employeeType && free(reading, 'employeeType')) fields.employeeType = sentences.employeeType;
  if (sentences.supervisorEmail && free(reading, 'supervisorEmail'))
    fields.supervisorEmail = sentences.supervisorEmail;
  if (sentences.tasks && free(reading, 'tasks')) fields.tasks = sentences.tasks;
  const end = sentences.dates.end ?? sentences.dates.lastDay;
  if (end && free(reading, 'missionEndDate')) applyDate(reading, 'missionEndDate', end, today);
}

/** The date a closure's sentences give: an explicit deactivation date first, then the departure, then the end of contract. */
function statedDeactivation(dates: SentenceReading['dates']): DateReading | undefined {
  if (dates.deactivation) return dates.deactivation;
  const [leaving, lastDay] = [dates.leaving, dates.lastDay];
  if (leaving && lastDay)
    return leaving.ok && lastDay.ok && leaving.date === lastDay.date ? leaving : undefined;
  return leaving ?? lastDay ?? dates.end;
}

/** How far ahead an end date may lie before it is taken for a typing mistake ("31/12/9999", "2077"). */
export const DEFAULT_END_DATE_HORIZON_YEARS = 5;

/** Values no person writes: dates beyond the horizon, control characters in names and tasks. */
function refuseAbsurd(reading: FieldReading, today: CalendarDate, horizonYears: number): void {
  for (const field of ['missionEndDate', 'newEndDate', 'deactivationDate'] as const) {
    const date = reading.fields[field];
    if (date && beyondHorizon(date, today, horizonYears)) {
      delete reading.fields[field];
      reading.invalid[field] = 'too-far';
    }
  }
  for (const field of ['fullName', 'tasks'] as const) {
    const value = reading.fields[field];
    if (value && hasControlCharacters(value)) {
      delete reading.fields[field];
      reading.invalid[field] = 'control-characters';
    }
  }
}

/**
 * How much of a mail's text the readers look at: a request and the thread forwarded with it fit
 * many times over; 10 MB of prose would cost seconds and hundreds of MB (bench ingest-cost).
 */
export const MAX_READ_CHARS = 256 * 1024;

/** Reads a parsed mail as an account request: its kind, language, references, fields and the fields to correct. */
export function readRequest(
  parsed: ParsedMail,
  today: CalendarDate,
  options: { horizonYears?: number } = {},
): RequestReading {
  const mail =
    parsed.text.length > MAX_READ_CHARS ? { ...parsed, text: parsed.text.slice(0, MAX_READ_CHARS) } : parsed;
  const body = requestPart(mail.text, { subject: mail.subject });
  const labels = readLabelledValues(body);
  const values = firstValues(labels);
  const reading = readFields(values, today);
  const { fields, invalid } = reading;
  const subjectWords = normaliseWords(mail.subject.replace(REFERENCE, ' '));
  const bodyWords = normaliseWords(body);
  const references = findReferences(mail.subject, mail.inReplyTo ?? '', mail.references.join(' '), mail.text);
  const language = detectLanguage(labels, `${subjectWords} ${bodyWords}`);
  const sender = mail.from?.address.toLowerCase();
  const sentences = readSentences(body, {
    subject: mail.subject.replace(REFERENCE, ' ').replace(REPLY_PREFIX, ''),
    ...(sender ? { sender } : {}),
    ...(mail.from?.name ? { senderName: mail.from.name } : {}),
    notEmployee: mail.to,
    skipLines: labelledLines(labels),
  });

  if (fields.supervisorEmail === SENDER_SELF_MARK) {
    if (sender) fields.supervisorEmail = sender;
    else delete fields.supervisorEmail;
  }
  const has = (field: LabelField) => values.has(field);
  const looksNew =
    NEW_ACCOUNT_LABELS.filter(has).length >= 2 &&
    (has('fullName') || has('employeeType') || has('tasks') || has('accountType'));
  const otherEmails = findEmails(body).filter((e) => e !== mail.from?.address);

  let wordKind: WordKind | undefined;
  if (has('newEndDate')) wordKind = 'renewal';
  else if (has('deactivationDate')) wordKind = 'closure';
  else {
    const inSubject = kindsIn(subjectWords);
    const inBody = kindsIn(bodyWords);
    if (inSubject.length) wordKind = looksNew && inSubject.includes('new') ? 'new' : inSubject[0];
    else if (looksNew) wordKind = 'new';
    // The sentences say who arrives, is renewed or leaves: that beats a word met anywhere in the body.
    else if (sentences.kind) wordKind = sentences.kind;
    else if (inBody[0] === 'renewal' || inBody[0] === 'closure') wordKind = inBody[0];
    // A newcomer announced without a question ("… sera bénévole chez nous") asks for an account all the same.
    else if (sentences.newcomer || sentences.announced) wordKind = 'new';
    else if (inBody[0] === 'new')
      wordKind = labels.length > 0 || otherEmails.length > 0 || sentences.employeeFound ? 'new' : undefined;
  }
  // Out-of-office replies, bounces and our own messages are never requests: their sentences are not read.
  const readable = !mail.autoGenerated;

  let kind: RequestKind = 'other';
  if (wordKind === 'new') {
    const shared =
      fields.accountType === 'shared' ||
      (fields.accountType !== 'personal' &&
        (SHARED_REGEX.test(subjectWords) || SHARED_REGEX.test(bodyWords)));
    kind = shared ? 'new-shared' : 'new-personal';
    if (readable) fillNewAccount(reading, sentences, shared, today);
    if (!has('employeeType') && !shared && !fields.employeeType) {
      // "Nouveau compte pour notre stagiaire": the type named in the subject or an unlabelled sentence.
      const labelled = new Set(labels.map((l) => l.line));
      const unlabelled = body
        .split('\n')
        .filter((_, i) => !labelled.has(i))
        .join(' ');
      const type = parseEmployeeType(mail.subject) ?? parseEmployeeType(unlabelled);
      if (type && type !== 'permanent') fields.employeeType = type;
      else if (parseEmployeeType(mail.subject) === 'permanent') fields.employeeType = 'permanent';
    }
  } else if (wordKind === 'renewal' || wordKind === 'closure') {
    kind = wordKind;
    const stated = readable
      ? wordKind === 'renewal'
        ? (sentences.dates.renewedUntil ?? sentences.dates.end)
        : statedDeactivation(sentences.dates)
      : undefined;
    completeDateField(
      reading,
      wordKind === 'renewal' ? 'newEndDate' : 'deactivationDate',
      body,
      today,
      stated,
      readable ? sentences.dates.setAside : [],
    );
    const recipient = (e: string) => mail.to.includes(e) || mail.cc.includes(e);
    if (!fields.email && !invalid.email && readable && sentences.email && !recipient(sentences.email))
      fields.email = sentences.email;
    if (!fields.email && !invalid.email) {
      // An address the sentences give for someone else (a contact, a copy, the supervisor) is not the account's.
      const someoneElse = new Set(
        (readable ? sentences.addresses : [])
          .filter((a) => a.use === 'supervisor' || a.use === 'other')
          .map((a) => a.email),
      );
      const candidates = otherEmails.filter(
        (e) => e !== fields.supervisorEmail && !recipient(e) && !someoneElse.has(e),
      );
      if (candidates.length === 1 && candidates[0]) fields.email = candidates[0];
    }
  }
  // Out-of-office replies, bounces and our own messages are never requests, whatever words they quote.
  if (mail.autoGenerated) kind = 'other';
  refuseAbsurd(reading, today, options.horizonYears ?? DEFAULT_END_DATE_HORIZON_YEARS);
  const addresses = readable && kind !== 'other' ? sentences.addresses : [];
  // Also on a reply ('other' on its own): it may complete a pending new-account request.
  const names = kind === 'new-shared' ? undefined : readNames(fields.fullName, labels, values);
  return {
    kind,
    language,
    references,
    fields,
    invalid,
    ...(addresses.length ? { addresses } : {}),
    ...(names ? { names } : {}),
  };
}

/** Fields whose wrong value matters for a kind (a bad "Statut" in a closure mail does not). */
const RELEVANT: Record<RequestKind, FieldName[]> = {
  'new-personal': [
    'fullName',
    'email',
    'employeeType',
    'supervisorEmail',
    'missionEndDate',
    'tasks',
    'accountType',
  ],
  'new-shared': ['fullName', 'email', 'tasks', 'accountType'],
  renewal: ['email', 'newEndDate'],
  closure: ['email', 'deactivationDate'],
  other: [],
};

/** Fields to add or correct before the request can be carried out, in docs/design.md order; invalid fields count as missing. */
export function missingFields(
  kind: RequestKind,
  reading: Pick<RequestReading, 'fields' | 'invalid' | 'references'>,
): FieldName[] {
  const { fields, invalid } = reading;
  const needed = new Set<FieldName>();
  const relevant = new Set<FieldName>(RELEVANT[kind]);
  if (kind === 'new-personal') {
    needed.add('fullName').add('email').add('employeeType').add('tasks');
    if (fields.employeeType && needsSupervisor(fields.employeeType)) needed.add('supervisorEmail');
    if (fields.employeeType && needsMissionEnd(fields.employeeType)) needed.add('missionEndDate');
  } else if (kind === 'new-shared') {
    needed.add('fullName').add('email').add('tasks');
  } else if (kind === 'renewal' || kind === 'closure') {
    needed.add(kind === 'renewal' ? 'newEndDate' : 'deactivationDate');
    if (reading.references.length === 0 || invalid.email) needed.add('email');
  }
  if (kind === 'other') return [];
  return FIELD_NAMES.filter(
    (field) =>
      (relevant.has(field) && invalid[field] !== undefined) ||
      (needed.has(field) && fields[field] === undefined),
  );
}
