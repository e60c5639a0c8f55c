import type { Account, AccountEvent } from './account';
import { type ActionSource, eventFor } from './account-changes';
import type { Language } from './language';
import type { ParsedMail } from './mail';
import { requestPart } from './mail/body';
import { readLabelledValues } from './mail/fields';
import { namesFromParts, type PersonName } from './person-name';
import { NAME_CORRECTION_TEXTS, type NameCorrectionTexts } from './texts/name-correction-texts';

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
  return namesFromParts(fullName, given, family);
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

const colon = (language: Language) => (language === 'fr' ? ' : ' : ': ');

/** The line the answer to a new personal account adds under its names. */
export function nameCorrectionHint(language: Language): string {
  return NAME_CORRECTION_TEXTS[language].hint(NAME_CORRECTION_TEXTS[language].given);
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
  const w = NAME_CORRECTION_TEXTS[input.language];
  const h = NAME_CORRECTION_TEXTS[input.helpdeskLanguage];
  const lines = (x: NameCorrectionTexts, language: Language) =>
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
