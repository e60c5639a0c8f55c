import type { AccountType, EmployeeType } from '../account';
import { brusselsDate, brusselsTime, type CalendarDate, formatBelgian } from '../calendar';
import type { Language } from '../language';
import { nameCorrectionHint } from '../name-correction';
import { RATING_CHOICES, type RatingLinks } from '../rating';
import { RATING_TEXTS } from '../texts/rating-texts';
import { REQUEST_TEXTS, type RequestTexts } from '../texts/request-texts';
import type { RequestFields, RequestKind } from './classify';
import type { FieldName, FieldProblem } from './fields';
import type { FoundAddress } from './sentences';

/** A message to send: the subject and the plain-text body. */
export interface AnswerText {
  subject: string;
  text: string;
}

/** A field the sender must add or correct; `account` = no account matched the request. */
export type MissingItem = FieldName | 'account';

export const REJECTION_REASONS = [
  'shared-forbidden-permissions',
  'account-not-found',
  'not-allowed-for-institution',
  'already-exists',
  'too-large',
  'message-not-verified',
  /** A reply to a request the follow-up sweep closed for want of an answer. */
  'request-abandoned',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

const subjectOf = (reference: string | undefined, text: string) =>
  reference ? `[${reference}] ${text}` : text;
const body = (...parts: (string | false | undefined | null)[]) =>
  parts.filter((p): p is string => typeof p === 'string').join('\n\n');

/**
 * The three rating links of an answer that ends a request (issue 29): the question, then one
 * line per choice, an icon and a word before the link, readable as plain text.
 */
export function ratingLines(language: Language, links: RatingLinks | undefined): string | undefined {
  if (!links) return undefined;
  const t = RATING_TEXTS[language].mail;
  const colon = REQUEST_TEXTS[language].colon;
  return [t.question, ...RATING_CHOICES.map((choice) => `${t.choice[choice]}${colon}${links[choice]}`)].join(
    '\n',
  );
}

export interface AccountSummaryFields {
  fullName: string;
  /** A new personal account: the given and family name as the Alma record will hold them. */
  names?: { givenName: string; familyName: string };
  email: string;
  accountType: AccountType;
  employeeType: EmployeeType;
  supervisorEmail?: string | null;
}

export interface AcceptedAnswerInput {
  language: Language;
  reference: string;
  kind: RequestKind;
  account: AccountSummaryFields;
  /** The account's last day; null = no end (permanent staff, shared accounts). */
  endDate: CalendarDate | null;
  /** For a closure: from when the account will be deactivated. */
  deactivationDate?: CalendarDate | null;
  trainingRecommended: boolean;
  /** The request's values as read (mission end, tasks, new end…), listed so a misreading is seen. */
  understood?: RequestFields;
  /** What happens in Alma (a new account): created, after the helpdesk's approval, by the helpdesk. */
  almaSentence?: string;
  /** The requester's rating links, listed after the answer. */
  rating?: RatingLinks;
}

function summaryLines(
  w: RequestTexts,
  account: AccountSummaryFields,
  /** The account's end; undefined leaves the line out (a closure: the deactivation date is the one that counts). */
  endDate: CalendarDate | null | undefined,
  /** Values as read (mission end, tasks), listed before the account end they lead to. */
  read: string[] = [],
): string {
  const shared = account.accountType === 'shared';
  return [
    `${w.label.accountType}${w.colon}${w.accountType[account.accountType]}`,
    `${shared ? w.sharedNameLabel : w.label.fullName}${w.colon}${account.fullName}`,
    !shared && account.names && `${w.givenNameLabel}${w.colon}${account.names.givenName || '—'}`,
    !shared && account.names && `${w.familyNameLabel}${w.colon}${account.names.familyName || '—'}`,
    `${w.label.email}${w.colon}${account.email}`,
    !shared && `${w.label.employeeType}${w.colon}${w.employeeType[account.employeeType]}`,
    !shared && account.supervisorEmail && `${w.label.supervisorEmail}${w.colon}${account.supervisorEmail}`,
    ...read,
    endDate !== undefined && `${w.accountEnd}${w.colon}${endDate ? formatBelgian(endDate) : w.noEnd}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Every value of a request as it was read, one `Label: value` line each (the labels the reader
 * recognises, so a corrected line sent back replaces the value): account kind, name, address,
 * type, supervisor, mission end, tasks, new end, deactivation date.
 */
function understoodLines(w: RequestTexts, kind: RequestKind, fields: RequestFields): string[] {
  const shared = kind === 'new-shared' || fields.accountType === 'shared';
  const accountType =
    fields.accountType ??
    (kind === 'new-shared' ? 'shared' : kind === 'new-personal' ? 'personal' : undefined);
  const line = (label: string, value: string | undefined) =>
    value ? `${label}${w.colon}${value}` : undefined;
  return [
    line(w.label.accountType, accountType && w.accountType[accountType]),
    line(shared ? w.sharedNameLabel : w.label.fullName, fields.fullName),
    line(w.label.email, fields.email),
    line(w.label.employeeType, fields.employeeType && w.employeeType[fields.employeeType]),
    line(w.label.supervisorEmail, fields.supervisorEmail),
    line(w.label.missionEndDate, fields.missionEndDate && formatBelgian(fields.missionEndDate)),
    line(w.label.tasks, fields.tasks),
    line(w.label.newEndDate, fields.newEndDate && formatBelgian(fields.newEndDate)),
    line(w.label.deactivationDate, fields.deactivationDate && formatBelgian(fields.deactivationDate)),
  ].filter((l): l is string => l !== undefined);
}

/** Confirmation of an accepted request, with its reference and what will happen. */
export function acceptedAnswer(input: AcceptedAnswerInput): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  const { account, endDate, kind } = input;
  const who = account.fullName ? `${account.fullName} (${account.email})` : account.email;
  const understood = input.understood ?? {};
  let main: string;
  if (kind === 'renewal') {
    main = w.renewed(who, endDate ? formatBelgian(endDate) : w.noEnd);
    if (understood.newEndDate) main += ` ${w.employmentEndGiven(formatBelgian(understood.newEndDate))}`;
  } else if (kind === 'closure')
    main = w.closing(who, formatBelgian(input.deactivationDate ?? endDate ?? ('' as CalendarDate)));
  else {
    // The mission end and the tasks as read, beside the summary of the account that will be created.
    const read = [
      account.accountType === 'personal' &&
        understood.missionEndDate &&
        `${w.label.missionEndDate}${w.colon}${formatBelgian(understood.missionEndDate)}`,
      understood.tasks && `${w.label.tasks}${w.colon}${understood.tasks}`,
    ].filter((line): line is string => typeof line === 'string');
    main = `${summaryLines(w, account, endDate, read)}\n\n${input.almaSentence ?? w.willCreate}`;
  }
  const isNew = kind === 'new-personal' || kind === 'new-shared';
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[kind]}${w.colon}${w.accepted}`),
    text: body(
      w.hello,
      w.registered(input.reference),
      main,
      kind === 'new-personal' && account.names && nameCorrectionHint(input.language),
      isNew && input.trainingRecommended && w.training,
      isNew &&
        account.accountType === 'personal' &&
        account.employeeType === 'volunteer' &&
        w.volunteerReview,
      isNew && account.accountType === 'shared' && w.sharedPassword,
      w.keepReference,
      ratingLines(input.language, input.rating),
      w.bye,
    ),
  };
}

export interface NeedsInfoAnswerInput {
  language: Language;
  reference: string;
  kind: RequestKind;
  missing: MissingItem[];
  invalid?: Partial<Record<FieldName, FieldProblem>>;
  /** The values read from the request so far, listed in full so a misreading is seen and corrected by a reply. */
  understood?: RequestFields;
  /** The addresses the request gives and what each was taken for: listed when the employee's is asked. */
  addresses?: readonly FoundAddress[];
  /** How far ahead an end date may lie (`limits.endDateHorizonYears`): the "too far" problem names it. */
  horizonYears: number;
}

/** The "what is missing" list, the values understood and the template to send back. */
function missingBlocks(
  w: RequestTexts,
  input: Pick<NeedsInfoAnswerInput, 'kind' | 'missing' | 'understood' | 'addresses'> & {
    /** The values read but refused, with the horizon the "too far" one names; a follow-up has none. */
    problems?: Pick<NeedsInfoAnswerInput, 'invalid' | 'horizonYears'>;
  },
) {
  const shared = input.kind === 'new-shared';
  const labelOf = (item: MissingItem) => (item === 'fullName' && shared ? w.sharedNameLabel : w.label[item]);
  const items = input.missing.filter((item, i) => input.missing.indexOf(item) === i);
  const reasons = items.map((item) => {
    const found = item === 'account' ? 'account' : (input.problems?.invalid?.[item] ?? 'missing');
    // Only a refused value is 'too-far', so the problems (and their horizon) are there.
    const problem = found === 'too-far' ? w.tooFar(input.problems!.horizonYears) : w.problem[found];
    const hint = w.hint[item];
    return `- ${labelOf(item)}${w.colon}${problem}${hint ? ` – ${hint}` : ''}`;
  });
  const confirming = Object.values(input.problems?.invalid ?? {}).includes('shortens');
  const template = [
    ...new Set(items.map((item) => `${labelOf(item)}${w.colon.trimEnd()}`)),
    ...(confirming ? [w.confirmShortening] : []),
  ].join('\n');
  const understoodList = understoodLines(w, input.kind, input.understood ?? {});
  const understood =
    understoodList.length > 0 && `${w.understoodIntro}\n${understoodList.join('\n')}\n\n${w.understoodFix}`;
  const found = items.includes('email') ? (input.addresses ?? []) : [];
  const addresses =
    found.length > 0 &&
    `${w.addressesIntro}\n${found.map((a) => `- ${a.email}${w.colon}${w.addressUse[a.use]}`).join('\n')}`;
  return { reasons: reasons.join('\n'), understood, addresses, template };
}

/** Exactly which fields are missing or wrong, and a template to fill in and send back. */
export function needsInfoAnswer(input: NeedsInfoAnswerInput): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  const { reasons, understood, addresses, template } = missingBlocks(w, {
    ...input,
    problems: { invalid: input.invalid ?? {}, horizonYears: input.horizonYears },
  });
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.needsInfo}`),
    text: body(
      w.hello,
      `${w.needsIntro(input.reference)}\n${reasons}`,
      understood,
      addresses,
      w.templateIntro,
      template,
      w.bye,
    ),
  };
}

/** A follow-up lists what is still missing (the record keeps no refused values, hence no horizon). */
export interface FollowUpAnswerInput
  extends Omit<NeedsInfoAnswerInput, 'invalid' | 'horizonYears' | 'addresses'> {
  /** The day of the last needs-info answer. */
  waitingSince: CalendarDate;
}

/** The one reminder of a request still waiting for fields: what is missing, the template, when it closes. */
export function reminderAnswer(input: FollowUpAnswerInput & { closesOn: CalendarDate }): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  const { reasons, understood, template } = missingBlocks(w, input);
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.reminderSubject}`),
    text: body(
      w.hello,
      `${w.reminderIntro(input.reference, formatBelgian(input.waitingSince))}\n${reasons}`,
      understood,
      w.templateIntro,
      template,
      w.reminderDeadline(formatBelgian(input.closesOn)),
      w.bye,
    ),
  };
}

/** To the requester: the request was closed for want of an answer; send a new one if still needed. */
export function abandonedAnswer(input: FollowUpAnswerInput): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  const understood = understoodLines(w, input.kind, input.understood ?? {});
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.abandonedSubject}`),
    text: body(
      w.hello,
      w.abandonedText(input.reference, formatBelgian(input.waitingSince)),
      understood.length > 0 && `${w.understoodIntro}\n${understood.join('\n')}`,
      w.abandonedAgain,
      w.bye,
    ),
  };
}

/** To the helpdesk: a request was closed for want of an answer (who asked, what was missing). */
export function abandonedHelpdeskNotice(
  input: FollowUpAnswerInput & { institution: string; requester: string },
): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  const a = w.abandonedHelpdesk;
  const h = w.helpdesk;
  const items = [...new Set(input.missing)].map((item) =>
    item === 'fullName' && input.kind === 'new-shared' ? w.sharedNameLabel : w.label[item],
  );
  return {
    subject: subjectOf(input.reference, `${a.subject} – ${w.kindSubject[input.kind]} (${input.institution})`),
    text: body(
      a.intro(formatBelgian(input.waitingSince)),
      [
        `${h.institution}${w.colon}${input.institution}`,
        `${h.requester}${w.colon}${input.requester}`,
        items.length > 0 && `${a.missing}${w.colon}${items.join(', ')}`,
      ]
        .filter(Boolean)
        .join('\n'),
      understoodLines(w, input.kind, input.understood ?? {}).join('\n') || undefined,
      a.nothing,
    ),
  };
}

export interface RejectedAnswerInput {
  language: Language;
  reason: RejectionReason;
  reference?: string;
  kind?: RequestKind;
  /** The requester's rating links, listed after the answer. */
  rating?: RatingLinks;
}

/** Why a request is refused, and what to do instead. */
export function rejectedAnswer(input: RejectedAnswerInput): AnswerText {
  const w = REQUEST_TEXTS[input.language];
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind ?? 'other']}${w.colon}${w.rejected}`),
    // A closed request is not replied to: its text asks for a new message without the reference.
    text: body(
      w.hello,
      w.rejection[input.reason],
      input.reference && input.reason !== 'request-abandoned' && w.keepReference,
      ratingLines(input.language, input.rating),
      w.bye,
    ),
  };
}

/** Subject of a mail handed on to the human helpdesk; one "Fwd:" only. */
export function forwardSubject(original: string): string {
  const subject = original.replace(/\s+/g, ' ').trim();
  if (!subject) return 'Fwd: (no subject)';
  return /^(fwd?|tr|wg|doorst)\s*:/i.test(subject) ? subject : `Fwd: ${subject}`;
}

export interface ForwardedMailInput {
  from: string;
  subject: string;
  date: string | null;
  text: string;
  /** Why it was not handled automatically, e.g. "not an account request". */
  reason: string;
}

/** The helpdesk's copy of a mail that is not an account request (or could not be handled). */
/** The mail's own date as the helpdesk reads it: Brussels time ("10/01/2027 09:00 (Brussels)"), else as written. */
function brusselsDateTime(date: string): string {
  const instant = new Date(date);
  if (Number.isNaN(instant.getTime())) return date;
  return `${formatBelgian(brusselsDate(instant))} ${brusselsTime(instant)} (Brussels)`;
}

export function forwardedMail(input: ForwardedMailInput): AnswerText {
  return {
    subject: forwardSubject(input.subject),
    text: body(
      `Forwarded by the account mailbox: ${input.reason}.`,
      [
        `From: ${input.from}`,
        input.date && `Date: ${brusselsDateTime(input.date)}`,
        `Subject: ${input.subject}`,
      ]
        .filter(Boolean)
        .join('\n'),
      input.text.trim(),
    ),
  };
}

export interface HelpdeskCopyInput {
  reference: string;
  kind: RequestKind;
  institution: string;
  /** Who asked (the manager's address). */
  requester: string;
  account: AccountSummaryFields & { tasks?: string };
  endDate: CalendarDate | null;
  deactivationDate?: CalendarDate | null;
  trainingRecommended: boolean;
  language?: Language;
  /** The action line when Alma provisioning tells it (done in Alma, to approve, failed). */
  almaAction?: string;
  /** What Alma received or answered, or the approval link and the record. */
  almaBlock?: string;
}

/** The copy's action line when Alma is the helpdesk's to do ("To do in Alma: create a personal account"). */
export function helpdeskAction(language: Language, kind: RequestKind): string {
  return REQUEST_TEXTS[language].helpdeskAction[kind];
}

/** The helpdesk's copy of an accepted request: what to do in Alma, for whom. */
export function helpdeskCopy(input: HelpdeskCopyInput): AnswerText {
  const language = input.language ?? 'en';
  const w = REQUEST_TEXTS[language];
  const h = REQUEST_TEXTS[language].helpdesk;
  const action = input.almaAction ?? REQUEST_TEXTS[language].helpdeskAction[input.kind];
  return {
    subject: subjectOf(
      input.reference,
      `${action} – ${input.account.fullName || input.account.email} (${input.institution})`,
    ),
    text: body(
      `${action}.`,
      [
        // A closure's copy names the deactivation date only: the account's former end beside it read as a second end.
        summaryLines(w, input.account, input.kind === 'closure' ? undefined : input.endDate),
        input.account.tasks && `${h.tasks}${w.colon}${input.account.tasks}`,
        input.deactivationDate && `${h.from}${w.colon}${formatBelgian(input.deactivationDate)}`,
        `${h.institution}${w.colon}${input.institution}`,
        `${h.requester}${w.colon}${input.requester}`,
      ]
        .filter(Boolean)
        .join('\n'),
      input.trainingRecommended && h.training,
      input.almaBlock,
    ),
  };
}

export interface TrainingNoticeInput {
  reference: string;
  institution: string;
  fullName: string;
  email: string;
  tasks: string;
  supervisorEmail?: string | null;
  /** The request's language: the requester is copied. */
  language: Language;
}

/** Notice to the training coordinators when the tasks call for the basic training course. */
export function trainingNotice(input: TrainingNoticeInput): AnswerText {
  const language = input.language;
  const w = REQUEST_TEXTS[language];
  const t = REQUEST_TEXTS[language].trainingNotice;
  const h = REQUEST_TEXTS[language].helpdesk;
  return {
    subject: subjectOf(input.reference, `${t.subject} – ${input.fullName} (${input.institution})`),
    text: body(
      w.hello,
      t.intro,
      [
        `${w.label.fullName}${w.colon}${input.fullName}`,
        `${w.label.email}${w.colon}${input.email}`,
        `${h.institution}${w.colon}${input.institution}`,
        `${h.tasks}${w.colon}${input.tasks}`,
        input.supervisorEmail && `${w.label.supervisorEmail}${w.colon}${input.supervisorEmail}`,
      ]
        .filter(Boolean)
        .join('\n'),
      t.ask,
      w.bye,
    ),
  };
}
