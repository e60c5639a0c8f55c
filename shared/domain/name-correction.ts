import type { Language } from '../config/schema';
import type { Account, AccountEvent } from './account';
import { type ActionSource, eventFor } from './account-changes';
import type { ParsedMail } from './mail';
import { requestPart } from './mail/body';
import { readLabelledValues } from './mail/fields';
import { type PersonName, withoutPart } from './person-name';

/*
 * A wrong given/family split corrected by a reply. The answer to a new personal account lists
 * "Prénom : …" and "Nom de famille : …" on their own lines; the manager replies with the line that
 * is wrong ("Prénom : Marie"), and the account — and the Alma user the suite created — take the
 * corrected split. Only the reply's own text is read (not the quoted answer), and only the two
 * name labels: anything else in a reply to an answered request still goes to the helpdesk.
 */

const clean = (value: string | undefined) =>
  value
    ?.replace(/[.,;]+$/, '')
    .replace(/\s+/g, ' ')
    .trim() || undefined;

/**
 * The split a reply gives: both labels, or one of them (the rest of the account's full name is
 * the other half). Undefined when the reply names neither, or one half that is not a part the full
 * name starts or ends with (a different name is the helpdesk's to look at, not a split).
 */
export function readNameCorrection(
  parsed: Pick<ParsedMail, 'text' | 'subject'>,
  fullName: string,
): PersonName | undefined {
  const labels = readLabelledValues(requestPart(parsed.text.slice(0, 20_000), { subject: parsed.subject }));
  const first = (field: 'firstName' | 'lastName') => clean(labels.find((l) => l.field === field)?.value);
  const given = first('firstName');
  const family = first('lastName');
  if (given && family) return { givenName: given, familyName: family };
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

export type NameCorrection =
  | { outcome: 'corrected'; account: Account; event: AccountEvent; before: PersonName }
  /** The split is the one the account holds already: nothing changes (a repeated reply). */
  | { outcome: 'unchanged' }
  /** A closed or shared account has no split to correct. */
  | { outcome: 'not-applicable' };

/** The account with the corrected split, as the next version, with its history event. */
export function decideNameCorrection(
  account: Account,
  names: PersonName,
  source: ActionSource,
  now: Date,
): NameCorrection {
  if (account.status === 'closed' || account.accountType !== 'personal') return { outcome: 'not-applicable' };
  const before = { givenName: account.givenName ?? '', familyName: account.familyName ?? '' };
  if (before.givenName === names.givenName && before.familyName === names.familyName)
    return { outcome: 'unchanged' };
  const next: Account = {
    ...account,
    givenName: names.givenName,
    familyName: names.familyName,
    fullName: `${names.givenName} ${names.familyName}`.trim(),
    updatedAt: now.toISOString(),
    version: account.version + 1,
  };
  const event = eventFor(next, 'name-corrected', source, now, account);
  return {
    outcome: 'corrected',
    account: next,
    event: {
      ...event,
      changes: {
        ...event.changes,
        givenName: { from: before.givenName || null, to: names.givenName },
        familyName: { from: before.familyName || null, to: names.familyName },
      },
    },
    before,
  };
}

interface NameWords {
  subject: string;
  hello: string;
  done: (reference: string) => string;
  given: string;
  family: string;
  inAlma: { auto: string; helpdesk: string };
  bye: string;
  helpdeskSubject: (name: string) => string;
  helpdeskDone: string;
  helpdeskAlma: { auto: (id: string) => string; byHand: string };
  /** The answer to a new personal account: how a wrong split is corrected. */
  hint: (label: string) => string;
}

const WORDS: Record<Language, NameWords> = {
  fr: {
    subject: 'Nom corrigé',
    hello: 'Bonjour,',
    done: (ref) => `Le nom du compte de la demande ${ref} a été corrigé :`,
    given: 'Prénom',
    family: 'Nom de famille',
    inAlma: {
      auto: 'Le compte Alma sera mis à jour avec ce prénom et ce nom.',
      helpdesk: 'Le helpdesk corrigera aussi le compte Alma.',
    },
    bye: 'Cordialement,\nLe helpdesk Alma',
    helpdeskSubject: (name) => `Nom corrigé par le responsable – ${name}`,
    helpdeskDone: 'Le responsable a corrigé le prénom et le nom du compte (réponse à la demande).',
    helpdeskAlma: {
      auto: (id) => `Alma : l'utilisateur ${id}, créé par le service, reçoit ce prénom et ce nom.`,
      byHand: 'À faire dans Alma : corriger le prénom et le nom de l’utilisateur.',
    },
    hint: (label) =>
      `Le prénom et le nom de famille sont-ils inversés ? Répondez à ce message avec la ligne corrigée, par exemple « ${label} : … ».`,
  },
  nl: {
    subject: 'Naam verbeterd',
    hello: 'Goedendag,',
    done: (ref) => `De naam van het account van aanvraag ${ref} is verbeterd:`,
    given: 'Voornaam',
    family: 'Achternaam',
    inAlma: {
      auto: 'Het Alma-account krijgt deze voornaam en achternaam.',
      helpdesk: 'De helpdesk verbetert ook het Alma-account.',
    },
    bye: 'Met vriendelijke groeten,\nDe Alma-helpdesk',
    helpdeskSubject: (name) => `Naam verbeterd door de verantwoordelijke – ${name}`,
    helpdeskDone:
      'De verantwoordelijke heeft de voornaam en achternaam van het account verbeterd (antwoord op de aanvraag).',
    helpdeskAlma: {
      auto: (id) => `Alma: gebruiker ${id}, aangemaakt door de dienst, krijgt deze voornaam en achternaam.`,
      byHand: 'Te doen in Alma: de voornaam en achternaam van de gebruiker verbeteren.',
    },
    hint: (label) =>
      `Zijn voornaam en achternaam omgewisseld? Antwoord op dit bericht met de verbeterde regel, bijvoorbeeld "${label}: …".`,
  },
  en: {
    subject: 'Name corrected',
    hello: 'Hello,',
    done: (ref) => `The name of the account of request ${ref} was corrected:`,
    given: 'Given name',
    family: 'Family name',
    inAlma: {
      auto: 'The Alma user will get this given and family name.',
      helpdesk: 'The helpdesk will correct the Alma user too.',
    },
    bye: 'Kind regards,\nThe Alma helpdesk',
    helpdeskSubject: (name) => `Name corrected by the manager – ${name}`,
    helpdeskDone: "The manager corrected the account's given and family name (reply to the request).",
    helpdeskAlma: {
      auto: (id) => `Alma: user ${id}, created by the suite, gets this given and family name.`,
      byHand: "To do in Alma: correct the user's given and family name.",
    },
    hint: (label) =>
      `Are the given and family name the wrong way round? Reply to this message with the corrected line, for example "${label}: …".`,
  },
};

const colon = (language: Language) => (language === 'fr' ? ' : ' : ': ');

/** The line the answer to a new personal account adds under its names. */
export function nameCorrectionHint(language: Language): string {
  return WORDS[language].hint(WORDS[language].given);
}

/** The manager's confirmation and the helpdesk's copy of a corrected split. */
export function nameCorrectionAnswers(input: {
  language: Language;
  helpdeskLanguage: Language;
  reference: string;
  account: Pick<Account, 'fullName' | 'email' | 'givenName' | 'familyName'>;
  /** The suite moves the names in Alma itself (a user it created), else the helpdesk does. */
  almaBySuite: { primaryId: string } | null;
  institutionName: string;
}): { manager: { subject: string; text: string }; helpdesk: { subject: string; text: string } } {
  const w = WORDS[input.language];
  const h = WORDS[input.helpdeskLanguage];
  const lines = (x: NameWords, language: Language) =>
    [
      `${x.given}${colon(language)}${input.account.givenName ?? ''}`,
      `${x.family}${colon(language)}${input.account.familyName ?? ''}`,
    ].join('\n');
  return {
    manager: {
      subject: `[${input.reference}] ${w.subject}`,
      text: [
        w.hello,
        `${w.done(input.reference)}\n\n${lines(w, input.language)}`,
        input.almaBySuite ? w.inAlma.auto : w.inAlma.helpdesk,
        w.bye,
      ].join('\n\n'),
    },
    helpdesk: {
      subject: `[${input.reference}] ${h.helpdeskSubject(`${input.account.fullName} (${input.institutionName})`)}`,
      text: [
        h.helpdeskDone,
        `${lines(h, input.helpdeskLanguage)}\n${input.account.email}`,
        input.almaBySuite ? h.helpdeskAlma.auto(input.almaBySuite.primaryId) : h.helpdeskAlma.byHand,
      ].join('\n\n'),
    },
  };
}
