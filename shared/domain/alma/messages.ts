import type { Language } from '../../config/schema';
import { type CalendarDate, formatBelgian } from '../calendar';
import { labelled } from '../text';
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

const WORDS = {
  fr: {
    none: 'aucune',
    subject: {
      created: 'Alma : utilisateur créé',
      linked: 'Alma : utilisateur existant lié',
      updated: 'Alma : date d’expiration modifiée',
      failed: 'Alma : échec',
      missing: 'Alma : utilisateur introuvable',
    },
    created: (id: string) => `L'utilisateur Alma ${id} a été créé.`,
    linked: (id: string) =>
      `Alma avait déjà un utilisateur ${id} : il est maintenant lié au compte, rien n'a été dupliqué.`,
    updated: (id: string) => `La date d'expiration de l'utilisateur Alma ${id} a été modifiée.`,
    failed: (id: string) =>
      `Alma a refusé ou n'a pas répondu pour l'utilisateur ${id} ; rien n'a changé dans Alma.`,
    missing: (id: string) =>
      `Alma n'a aucun utilisateur ${id}, alors que ce compte devrait en avoir un. Créez-le à la main ou depuis le compte :`,
    dates: (from: string, to: string) => `Date d'expiration dans Alma : ${from} → ${to}.`,
    answer: 'Réponse d’Alma',
    by: 'Demandé par',
    account: 'Compte',
    retry: 'Pour réessayer',
    quotaSubject: (inst: string) => `Quota de l'API Alma bas – ${inst}`,
    quota: (inst: string, left: number, floor: number) =>
      `Il ne reste que ${left} appels à l'API Alma pour ${inst} aujourd'hui (seuil d'alerte : ${floor}). Le quota se renouvelle à minuit ; les appels au-delà sont refusés par Alma (429 DAILY_THRESHOLD).`,
    driftSubject: (week: string, n: number) =>
      `Alma et le registre des comptes : ${n} ${n === 1 ? 'différence' : 'différences'} (semaine ${week})`,
    driftIntro: 'Comparaison hebdomadaire des comptes ouverts avec leurs utilisateurs Alma.',
    missingHead: 'Absents dans Alma :',
    differsHead: "Dates d'expiration différentes (registre → Alma) :",
    unknownHead: 'Utilisateurs Alma du groupe du personnel inconnus du registre :',
    failedHead: 'Non vérifié (Alma a refusé ou n’a pas répondu) :',
    linkSubject: 'Alma : utilisateur existant – le lier ?',
    linkAsk: (id: string) =>
      `Alma a déjà un utilisateur ${id} pour ce compte, que ce service n'a pas créé. Rien n'a été modifié dans Alma. Vérifiez qu'il s'agit bien de cette personne, puis liez-le d'un clic (lien valable 30 jours) :`,
    linkChanged: 'L’utilisateur Alma a changé depuis la dernière vérification : vérifiez-le à nouveau.',
    emailDiffers: (email: string) =>
      `Attention : l'e-mail de cet utilisateur Alma n'est pas ${email} ; il peut s'agir d'une autre personne.`,
    heldHead: 'L’utilisateur tel qu’Alma le connaît :',
    linkWould:
      'Le lier ne change que ces dates dans Alma (rôles, groupe, nom et tous les autres champs restent tels quels) :',
    linkNoChange: 'Le lier ne change rien dans Alma : ses dates sont déjà celles du compte.',
  },
  nl: {
    none: 'geen',
    subject: {
      created: 'Alma: gebruiker aangemaakt',
      linked: 'Alma: bestaande gebruiker gekoppeld',
      updated: 'Alma: vervaldatum gewijzigd',
      failed: 'Alma: mislukt',
      missing: 'Alma: gebruiker niet gevonden',
    },
    created: (id: string) => `De Alma-gebruiker ${id} is aangemaakt.`,
    linked: (id: string) =>
      `Alma had al een gebruiker ${id}: die is nu aan de account gekoppeld, er werd niets dubbel aangemaakt.`,
    updated: (id: string) => `De vervaldatum van de Alma-gebruiker ${id} is gewijzigd.`,
    failed: (id: string) =>
      `Alma weigerde of antwoordde niet voor gebruiker ${id}; in Alma is niets veranderd.`,
    missing: (id: string) =>
      `Alma heeft geen gebruiker ${id}, terwijl deze account er een zou moeten hebben. Maak hem met de hand aan of vanuit de account:`,
    dates: (from: string, to: string) => `Vervaldatum in Alma: ${from} → ${to}.`,
    answer: 'Antwoord van Alma',
    by: 'Gevraagd door',
    account: 'Account',
    retry: 'Opnieuw proberen',
    quotaSubject: (inst: string) => `Quotum van de Alma-API laag – ${inst}`,
    quota: (inst: string, left: number, floor: number) =>
      `Er blijven vandaag nog maar ${left} oproepen van de Alma-API over voor ${inst} (alarmdrempel: ${floor}). Het quotum wordt om middernacht vernieuwd; oproepen daarboven weigert Alma (429 DAILY_THRESHOLD).`,
    driftSubject: (week: string, n: number) =>
      `Alma en het accountregister: ${n} ${n === 1 ? 'verschil' : 'verschillen'} (week ${week})`,
    driftIntro: 'Wekelijkse vergelijking van de open accounts met hun Alma-gebruikers.',
    missingHead: 'Ontbreken in Alma:',
    differsHead: 'Verschillende vervaldata (register → Alma):',
    unknownHead: 'Alma-gebruikers van de personeelsgroep die het register niet kent:',
    failedHead: 'Niet gecontroleerd (Alma weigerde of antwoordde niet):',
    linkSubject: 'Alma: bestaande gebruiker – koppelen?',
    linkAsk: (id: string) =>
      `Alma heeft al een gebruiker ${id} voor deze account, die deze dienst niet aanmaakte. In Alma werd niets gewijzigd. Controleer of het deze persoon is en koppel hem met één klik (link 30 dagen geldig):`,
    linkChanged: 'De Alma-gebruiker is gewijzigd sinds de vorige controle: controleer hem opnieuw.',
    emailDiffers: (email: string) =>
      `Opgelet: het e-mailadres van deze Alma-gebruiker is niet ${email}; het kan een andere persoon zijn.`,
    heldHead: 'De gebruiker zoals Alma hem kent:',
    linkWould:
      'Koppelen wijzigt enkel deze data in Alma (rollen, groep, naam en alle andere velden blijven zoals ze zijn):',
    linkNoChange: 'Koppelen wijzigt niets in Alma: de data zijn al die van de account.',
  },
  en: {
    none: 'none',
    subject: {
      created: 'Alma: user created',
      linked: 'Alma: existing user linked',
      updated: 'Alma: expiry date changed',
      failed: 'Alma: failed',
      missing: 'Alma: user not found',
    },
    created: (id: string) => `The Alma user ${id} was created.`,
    linked: (id: string) =>
      `Alma already had a user ${id}: it is now linked to the account, nothing was duplicated.`,
    updated: (id: string) => `The expiry date of the Alma user ${id} was changed.`,
    failed: (id: string) => `Alma refused or did not answer for user ${id}; nothing changed in Alma.`,
    missing: (id: string) =>
      `Alma has no user ${id}, though this account should have one. Create it by hand, or from the account:`,
    dates: (from: string, to: string) => `Expiry date in Alma: ${from} → ${to}.`,
    answer: 'Alma answered',
    by: 'Asked by',
    account: 'Account',
    retry: 'To try again',
    quotaSubject: (inst: string) => `Alma API quota low – ${inst}`,
    quota: (inst: string, left: number, floor: number) =>
      `Only ${left} Alma API calls are left for ${inst} today (alert floor: ${floor}). The quota renews at midnight; Alma refuses calls beyond it (429 DAILY_THRESHOLD).`,
    driftSubject: (week: string, n: number) =>
      `Alma and the account registry: ${n} ${n === 1 ? 'difference' : 'differences'} (week ${week})`,
    driftIntro: 'Weekly comparison of the open accounts with their Alma users.',
    missingHead: 'Missing in Alma:',
    differsHead: 'Expiry dates that differ (registry → Alma):',
    unknownHead: 'Alma users of the staff group the registry does not know:',
    failedHead: 'Not checked (Alma refused or did not answer):',
    linkSubject: 'Alma: existing user – link it?',
    linkAsk: (id: string) =>
      `Alma already has a user ${id} for this account, which this service did not create. Nothing was changed in Alma. Check that it is this person, then link it with one click (link valid 30 days):`,
    linkChanged: 'Alma’s user changed since it was last checked: check it again.',
    emailDiffers: (email: string) =>
      `Warning: this Alma user's e-mail is not ${email}; it may be another person.`,
    heldHead: 'The user as Alma holds it:',
    linkWould:
      'Linking changes only these dates in Alma (roles, group, name and every other field stay as they are):',
    linkNoChange: 'Linking changes nothing in Alma: its dates already are the account’s.',
  },
} as const;

const FOOTER = {
  fr: 'Message automatique de la gestion des comptes Alma.',
  nl: 'Automatisch bericht van het beheer van de Alma-accounts.',
  en: 'Automatic message from Alma account management.',
} as const;

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
  const w = WORDS[language];
  const { account, primaryId, outcome } = input;
  const lines = [
    w[outcome](primaryId),
    outcome === 'missing' ? `  alma-accounts alma push ${account.accountId}` : '',
    input.dates ? w.dates(date(input.dates.from, w.none), date(input.dates.to, w.none)) : '',
    '',
    labelled(
      language,
      w.account,
      `${account.fullName} <${account.email}> – ${account.institutionName} [${account.accountId}]`,
    ),
    labelled(language, w.by, input.actor),
    labelled(language, w.answer, input.answer),
    outcome === 'failed' ? labelled(language, w.retry, `alma-accounts alma push ${account.accountId}`) : '',
    '',
    '--',
    FOOTER[language],
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
  const w = WORDS[language];
  return {
    subject: w.quotaSubject(input.institutionName),
    text: `${w.quota(input.institutionName, input.remaining, input.floor)}\n\n--\n${FOOTER[language]}\n`,
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
  const w = WORDS[language];
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
  sections.push('--', FOOTER[language]);
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
  const w = WORDS[language];
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
  const w = WORDS[language];
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
  const w = WORDS[language];
  const { account } = input;
  const lines = [
    ...linkApprovalLines(language, input),
    '',
    labelled(
      language,
      w.account,
      `${account.fullName} <${account.email}> – ${account.institutionName} [${account.accountId}]`,
    ),
    labelled(language, w.by, input.actor),
    labelled(language, w.answer, input.answer),
    '',
    '--',
    FOOTER[language],
  ];
  return {
    subject: `${w.linkSubject} – ${account.fullName} (${account.institutionName})`,
    text: `${lines.join('\n')}\n`,
  };
}
