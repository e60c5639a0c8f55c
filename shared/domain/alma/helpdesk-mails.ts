import { type CalendarDate, formatBelgian } from '../calendar';
import type { Language } from '../language';
import { labelled } from '../plain-text';
import { ALMA_TEXTS } from '../texts/alma-texts';
import { type AlmaUser, type AlmaUserView, almaRoleLine } from './user-record';

/**
 * What the helpdesk and the operators are told about Alma, in FR/NL/EN (plain text): the
 * result of a provisioning, a user Alma does not have, a low daily quota, the weekly drift.
 */
export interface AlmaMessage {
  subject: string;
  text: string;
}

export type AlmaOutcome = 'created' | 'linked' | 'updated' | 'failed' | 'missing';

export interface AccountLine {
  accountId: string;
  fullName: string;
  email: string;
  institutionName: string;
}

const date = (d: CalendarDate | null, none: string) => (d ? formatBelgian(d) : none);

export interface AlmaResultInput {
  outcome: AlmaOutcome;
  account: AccountLine;
  primaryId: string;
  actor: string;
  /** Alma's answer in one line (AlmaApiError's message on a failure). */
  answer: string;
  dates?: { from: CalendarDate | null; to: CalendarDate | null };
}

/** The helpdesk's follow-up mail after an Alma call: what was done and what Alma answered. */
export function almaResultMessage(language: Language, input: AlmaResultInput): AlmaMessage {
  const w = ALMA_TEXTS[language];
  const { account, primaryId, outcome } = input;
  const lines = [
    w[outcome](primaryId),
    outcome === 'missing' ? `  alma-accounts alma push ${account.accountId}` : '',
    input.dates ? w.dates(date(input.dates.from, w.none), date(input.dates.to, w.none)) : '',
    '',
    ...whoAndAnswer(language, account, input),
    outcome === 'failed' ? labelled(language, w.retry, `alma-accounts alma push ${account.accountId}`) : '',
    '',
    '--',
    ALMA_TEXTS[language].footer,
  ];
  return {
    subject: `${w.subject[outcome]} – ${account.fullName} (${account.institutionName})`,
    text: `${lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n')}\n`,
  };
}

/** The operators' alert when an institution's daily API quota runs low. */
export function almaQuotaMessage(
  language: Language,
  input: { institutionName: string; remaining: number; floor: number },
): AlmaMessage {
  const w = ALMA_TEXTS[language];
  return {
    subject: w.quotaSubject(input.institutionName),
    text: `${w.quota(input.institutionName, input.remaining, input.floor)}\n\n--\n${ALMA_TEXTS[language].footer}\n`,
  };
}

export interface DriftLine extends AccountLine {
  primaryId: string;
  registryExpiry?: CalendarDate | null;
  almaExpiry?: CalendarDate | null;
}

export interface UnknownAlmaUser {
  primaryId: string;
  name: string;
  institutionName: string;
}

export interface DriftDigestInput {
  /** ISO week, `2027-W06`. */
  week: string;
  missing: DriftLine[];
  differs: DriftLine[];
  unknown: UnknownAlmaUser[];
  /** Institutions that could not be compared, with Alma's answer. */
  failed: { institutionName: string; answer: string }[];
}

export function driftDifferences(input: Omit<DriftDigestInput, 'week'>): number {
  return input.missing.length + input.differs.length + input.unknown.length;
}

/** The weekly drift digest for the helpdesk. */
export function almaDriftMessage(language: Language, input: DriftDigestInput): AlmaMessage {
  const w = ALMA_TEXTS[language];
  const account = (l: DriftLine) =>
    `- ${l.fullName} <${l.email}> – ${l.institutionName} – Alma ${l.primaryId} [${l.accountId}]`;
  const sections: string[] = [w.driftIntro, ''];
  const section = (head: string, lines: string[]) => {
    if (lines.length) sections.push(head, ...lines, '');
  };
  section(w.missingHead, input.missing.map(account));
  section(
    w.differsHead,
    input.differs.map(
      (l) =>
        `${account(l)}: ${date(l.registryExpiry ?? null, w.none)} → ${date(l.almaExpiry ?? null, w.none)}`,
    ),
  );
  section(
    w.unknownHead,
    input.unknown.map((u) => `- ${u.name || '—'} – Alma ${u.primaryId} – ${u.institutionName}`),
  );
  section(
    w.failedHead,
    input.failed.map((f) => `- ${f.institutionName}: ${f.answer}`),
  );
  sections.push('--', ALMA_TEXTS[language].footer);
  return { subject: w.driftSubject(input.week, driftDifferences(input)), text: `${sections.join('\n')}\n` };
}

/** A user record for a person to read: the fields Alma receives, one per line (the roles last). */
export function userRecordLines(user: AlmaUser): [string, string][] {
  const rows: [string, string][] = [
    ['primary_id', user.primary_id],
    ['record_type', user.record_type.value],
    ['account_type', user.account_type.value],
    ...(user.external_id ? ([['external_id', user.external_id]] as [string, string][]) : []),
    ['first_name', user.first_name ?? ''],
    ['last_name', user.last_name],
    ['user_group', user.user_group?.value ?? ''],
    ['contact_info.email', user.contact_info?.email?.map((e) => e.email_address).join(', ') ?? ''],
    ['expiry_date', user.expiry_date ?? '—'],
    ['purge_date', user.purge_date ?? '—'],
  ];
  for (const role of user.user_role ?? []) rows.push(['user_role', almaRoleLine(role)]);
  return rows;
}

/** The user Alma holds, field by field (Alma's field names), as the helpdesk is asked to link it. */
export function heldUserLines(held: AlmaUserView, none = '—'): [string, string][] {
  return [
    ['primary_id', held.primaryId],
    ['name', held.name || none],
    ['user_group', held.userGroup || none],
    ['status', held.status],
    ['account_type', held.accountType || none],
    ['contact_info.email', held.emails.join(', ') || none],
    ['expiry_date', held.expiryDate ? formatBelgian(held.expiryDate) : none],
    ['purge_date', held.purgeDate ? formatBelgian(held.purgeDate) : none],
    ...(held.roles.length
      ? held.roles.map((r): [string, string] => ['user_role', r])
      : ([['user_role', none]] as [string, string][])),
  ];
}

export interface LinkApprovalInput {
  primaryId: string;
  held: AlmaUserView;
  /** The account's dates the link would write: expiry `from` (Alma's) → `to`, and the purge date. */
  dates: { from: CalendarDate | null; to: CalendarDate | null; purge: CalendarDate | null };
  accountEmail: string;
  approvalUrl: string;
  changed?: boolean;
  emailDiffers?: boolean;
}

/** What linking would write: the dates that move (the only fields it ever changes). */
export function linkChangeLines(
  language: Language,
  input: Pick<LinkApprovalInput, 'held' | 'dates'>,
): string[] {
  const w = ALMA_TEXTS[language];
  const moves: [string, CalendarDate | null, CalendarDate | null][] = [
    ['expiry_date', input.held.expiryDate, input.dates.to],
    ['purge_date', input.held.purgeDate, input.dates.purge],
  ];
  const changed = moves.filter(([, from, to]) => from !== to);
  if (!changed.length) return [w.linkNoChange];
  return [
    w.linkWould,
    ...changed.map(([field, from, to]) => `  ${field}: ${date(from, '—')} → ${date(to, '—')}`),
  ];
}

/** The helpdesk's question when Alma already has a user: the link, the user as Alma holds it, what linking changes. */
export function linkApprovalLines(language: Language, input: LinkApprovalInput): string[] {
  const w = ALMA_TEXTS[language];
  return [
    ...(input.changed ? [w.linkChanged] : []),
    w.linkAsk(input.primaryId),
    input.approvalUrl,
    ...(input.emailDiffers ? ['', w.emailDiffers(input.accountEmail)] : []),
    '',
    w.heldHead,
    ...heldUserLines(input.held).map(([field, value]) => `  ${field}: ${value}`),
    '',
    ...linkChangeLines(language, input),
  ];
}

/** The helpdesk's mail when a request meets a user Alma already has: nothing changed, their decision. */
export function almaLinkApprovalMessage(
  language: Language,
  input: LinkApprovalInput & { account: AccountLine; actor: string; answer: string },
): AlmaMessage {
  const w = ALMA_TEXTS[language];
  const { account } = input;
  const lines = [
    ...linkApprovalLines(language, input),
    '',
    ...whoAndAnswer(language, account, input),
    '',
    '--',
    ALMA_TEXTS[language].footer,
  ];
  return {
    subject: `${w.linkSubject} – ${account.fullName} (${account.institutionName})`,
    text: `${lines.join('\n')}\n`,
  };
}

/** The account, who asked and what Alma answered: the lines every Alma result mail ends with. */
function whoAndAnswer(
  language: Language,
  account: AccountLine,
  input: { actor: string; answer: string },
): string[] {
  const w = ALMA_TEXTS[language];
  return [
    labelled(
      language,
      w.account,
      `${account.fullName} <${account.email}> – ${account.institutionName} [${account.accountId}]`,
    ),
    labelled(language, w.by, input.actor),
    labelled(language, w.answer, input.answer),
  ];
}
