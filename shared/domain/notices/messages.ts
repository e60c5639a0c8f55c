import type { EmployeeType } from '../account';
import { type CalendarDate, formatBelgian } from '../calendar';
import { labelled } from '../text';

/** "1 compte" / "3 comptes": a count with its noun in the right number (never "compte(s)"). */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Texts of the scheduled notices in FR/NL/EN, rendered as plain text and as HTML with every
 * name, address and link escaped. Dates are written the Belgian way (31/12/2027).
 */
export type NoticeLanguage = 'fr' | 'nl' | 'en';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { paragraph: string }
  | { heading: string }
  | { list: { line: string; links?: { label: string; url: string }[] }[] };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(language: NoticeLanguage, subject: string, blocks: Block[], footer: string): RenderedMessage {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of blocks) {
    if ('paragraph' in block) {
      text.push(block.paragraph, '');
      html.push(`<p>${escapeHtml(block.paragraph)}</p>`);
    } else if ('heading' in block) {
      text.push(block.heading, '');
      html.push(`<h2 style="font-size:1.05em">${escapeHtml(block.heading)}</h2>`);
    } else {
      for (const item of block.list) {
        text.push(`- ${item.line}`);
        for (const link of item.links ?? []) text.push(`  ${labelled(language, link.label, link.url)}`);
      }
      text.push('');
      html.push(
        `<ul>${block.list
          .map(
            (item) =>
              `<li style="margin-bottom:.6em">${escapeHtml(item.line)}${(item.links ?? [])
                .map((link) => `<br><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`)
                .join('')}</li>`,
          )
          .join('')}</ul>`,
      );
    }
  }
  text.push('--', footer);
  html.push(`<p style="color:#444;font-size:.9em">${escapeHtml(footer)}</p>`);
  return {
    subject,
    text: `${text.join('\n')}\n`,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#111;line-height:1.4">${html.join('')}</body></html>`,
  };
}

const FOOTER: Record<NoticeLanguage, (mailbox: string) => string> = {
  fr: (m) => `Message automatique de la gestion des comptes Alma (${m}).`,
  nl: (m) => `Automatisch bericht van het beheer van de Alma-accounts (${m}).`,
  en: (m) => `Automatic message from Alma account management (${m}).`,
};

export const EMPLOYEE_TYPE: Record<NoticeLanguage, Record<EmployeeType, string>> = {
  fr: {
    permanent: 'permanent',
    temporary: 'temporaire',
    student: 'jobiste',
    intern: 'stagiaire',
    volunteer: 'bénévole',
  },
  nl: {
    permanent: 'vast',
    temporary: 'tijdelijk',
    student: 'jobstudent',
    intern: 'stagiair',
    volunteer: 'vrijwilliger',
  },
  en: {
    permanent: 'permanent',
    temporary: 'temporary',
    student: 'student',
    intern: 'intern',
    volunteer: 'volunteer',
  },
};

function inDays(language: NoticeLanguage, days: number): string {
  if (days === 0) return { fr: "aujourd'hui", nl: 'vandaag', en: 'today' }[language];
  if (days === 1) return { fr: 'demain', nl: 'morgen', en: 'tomorrow' }[language];
  return { fr: `dans ${days} jours`, nl: `over ${days} dagen`, en: `in ${days} days` }[language];
}

export interface Person {
  fullName: string;
  email: string;
}

// ---------------------------------------------------------------- expiry

export interface ExpiryLine extends Person {
  endDate: CalendarDate;
  daysLeft: number;
}

export function expiryMessage(
  language: NoticeLanguage,
  input: { institutionName: string; mailbox: string; lines: ExpiryLine[] },
): RenderedMessage {
  const { institutionName: inst, mailbox, lines } = input;
  const one = lines.length === 1 ? lines[0]! : undefined;
  const list = lines.map((l) => ({
    line: {
      fr: `${l.fullName} <${l.email}> : dernier jour le ${formatBelgian(l.endDate)} (${inDays('fr', l.daysLeft)})`,
      nl: `${l.fullName} <${l.email}>: laatste dag ${formatBelgian(l.endDate)} (${inDays('nl', l.daysLeft)})`,
      en: `${l.fullName} <${l.email}>: last day ${formatBelgian(l.endDate)} (${inDays('en', l.daysLeft)})`,
    }[language],
  }));
  const t = {
    fr: {
      subject: one
        ? `Compte Alma – fin le ${formatBelgian(one.endDate)} : ${one.fullName}`
        : `Comptes Alma – ${lines.length} comptes arrivent à échéance`,
      intro: one
        ? `Le compte Alma suivant (${inst}) arrive à échéance :`
        : `Les comptes Alma suivants (${inst}) arrivent à échéance :`,
      renew: `Pour prolonger un compte, le responsable de la bibliothèque envoie un message à ${mailbox} avec l'objet « Renouvellement » et la ligne « Nouvelle date de fin : JJ/MM/AAAA » (fin du contrat ou de la mission ; le compte reste actif un mois de plus). Sans prolongation, le compte sera désactivé après son dernier jour.`,
    },
    nl: {
      subject: one
        ? `Alma-account – einde op ${formatBelgian(one.endDate)}: ${one.fullName}`
        : `Alma-accounts – ${lines.length} accounts lopen af`,
      intro: one
        ? `Het volgende Alma-account (${inst}) loopt af:`
        : `De volgende Alma-accounts (${inst}) lopen af:`,
      renew: `Om een account te verlengen, stuurt de bibliotheekverantwoordelijke een bericht naar ${mailbox} met als onderwerp „Verlenging” en de regel „Nieuwe einddatum: DD/MM/JJJJ” (einde van het contract of de opdracht; het account blijft nog een maand actief). Zonder verlenging wordt het account na de laatste dag gedeactiveerd.`,
    },
    en: {
      subject: one
        ? `Alma account – ends on ${formatBelgian(one.endDate)}: ${one.fullName}`
        : `Alma accounts – ${lines.length} accounts are ending`,
      intro: one
        ? `The following Alma account (${inst}) is ending:`
        : `The following Alma accounts (${inst}) are ending:`,
      renew: `To extend an account, the library manager sends a message to ${mailbox} with the subject "Renewal" and the line "New end date: DD/MM/YYYY" (end of the contract or mission; the account stays active one more month). Without an extension, the account is deactivated after its last day.`,
    },
  }[language];
  return render(
    language,
    t.subject,
    [{ paragraph: t.intro }, { list }, { paragraph: t.renew }],
    FOOTER[language](mailbox),
  );
}

// ---------------------------------------------------------------- yearly review

export interface ReviewLine extends Person {
  employeeType: EmployeeType;
  renewUrl: string;
  notRenewUrl: string;
}

export function reviewMessage(
  language: NoticeLanguage,
  input: {
    stage: 'start' | 'reminder';
    campaign: number;
    institutionName: string;
    mailbox: string;
    /** The last day a choice can be made (30 December). */
    lastDecisionDay: CalendarDate;
    undecided: 'expire' | 'renew';
    lines: ReviewLine[];
  },
): RenderedMessage {
  const { stage, campaign: y, institutionName: inst, lastDecisionDay, undecided, lines, mailbox } = input;
  const end = `31/12/${y}`;
  const next = `31/12/${y + 1}`;
  const last = formatBelgian(lastDecisionDay);
  const n = lines.length;
  const labels = {
    fr: { renew: 'Renouveler un an', notRenew: 'Ne pas renouveler' },
    nl: { renew: 'Een jaar verlengen', notRenew: 'Niet verlengen' },
    en: { renew: 'Renew one year', notRenew: 'Do not renew' },
  }[language];
  const t = {
    fr: {
      subject:
        stage === 'start'
          ? `Revue annuelle ${y} des comptes Alma – ${inst} : ${count(n, 'compte', 'comptes')} à confirmer`
          : `Rappel : revue annuelle ${y} des comptes Alma – ${inst} : ${count(n, 'compte', 'comptes')} sans décision`,
      intro:
        stage === 'start'
          ? `Les comptes Alma suivants de ${inst} se terminent le ${end}.`
          : `Nous n'avons pas encore reçu de décision pour les comptes Alma suivants de ${inst}, qui se terminent le ${end}.`,
      how: `Pour chacun, choisissez « ${labels.renew} » (jusqu'au ${next}) ou « ${labels.notRenew} ». Chaque lien ouvre une page où vous confirmez votre choix ; vous pouvez changer d'avis jusqu'au ${last} inclus.`,
      policy:
        undecided === 'expire'
          ? `Sans décision, le compte ne sera pas renouvelé et se terminera le ${end}.`
          : `Sans décision, le compte sera renouvelé d'un an (jusqu'au ${next}).`,
      type: 'statut',
    },
    nl: {
      subject:
        stage === 'start'
          ? `Jaarlijkse controle ${y} van de Alma-accounts – ${inst}: ${count(n, 'account', 'accounts')} te bevestigen`
          : `Herinnering: jaarlijkse controle ${y} van de Alma-accounts – ${inst}: ${count(n, 'account', 'accounts')} zonder beslissing`,
      intro:
        stage === 'start'
          ? `De volgende Alma-accounts van ${inst} lopen af op ${end}.`
          : `We hebben nog geen beslissing ontvangen voor de volgende Alma-accounts van ${inst}, die aflopen op ${end}.`,
      how: `Kies voor elk account „${labels.renew}” (tot ${next}) of „${labels.notRenew}”. Elke link opent een pagina waar u uw keuze bevestigt; u kunt van gedachten veranderen tot en met ${last}.`,
      policy:
        undecided === 'expire'
          ? `Zonder beslissing wordt het account niet verlengd en loopt het af op ${end}.`
          : `Zonder beslissing wordt het account met een jaar verlengd (tot ${next}).`,
      type: 'statuut',
    },
    en: {
      subject:
        stage === 'start'
          ? `Yearly review ${y} of Alma accounts – ${inst}: ${count(n, 'account', 'accounts')} to confirm`
          : `Reminder: yearly review ${y} of Alma accounts – ${inst}: ${count(n, 'account', 'accounts')} without a decision`,
      intro:
        stage === 'start'
          ? `The following Alma accounts of ${inst} end on ${end}.`
          : `We have not yet received a decision for the following Alma accounts of ${inst}, which end on ${end}.`,
      how: `For each, choose "${labels.renew}" (until ${next}) or "${labels.notRenew}". Each link opens a page where you confirm your choice; you can change your mind until ${last} included.`,
      policy:
        undecided === 'expire'
          ? `Without a decision, the account is not renewed and ends on ${end}.`
          : `Without a decision, the account is renewed for one year (until ${next}).`,
      type: 'status',
    },
  }[language];
  const list = lines.map((l) => ({
    line: `${l.fullName} <${l.email}> (${labelled(language, t.type, EMPLOYEE_TYPE[language][l.employeeType])})`,
    links: [
      { label: labels.renew, url: l.renewUrl },
      { label: labels.notRenew, url: l.notRenewUrl },
    ],
  }));
  return render(
    language,
    t.subject,
    [{ paragraph: t.intro }, { paragraph: t.how }, { list }, { paragraph: t.policy }],
    FOOTER[language](mailbox),
  );
}

export interface ReviewFinalLine extends Person {
  institutionName: string;
  decision: 'renew' | 'not-renew';
  /** True when nobody decided and the configured policy applied. */
  byPolicy: boolean;
}

export function reviewFinalMessage(
  language: NoticeLanguage,
  input: { campaign: number; mailbox: string; lines: ReviewFinalLine[] },
): RenderedMessage {
  const { campaign: y, mailbox, lines } = input;
  const renewed = lines.filter((l) => l.decision === 'renew');
  const notRenewed = lines.filter((l) => l.decision === 'not-renew');
  const t = {
    fr: {
      subject: `Revue annuelle ${y} : liste finale (${count(renewed.length, 'renouvelé', 'renouvelés')}, ${count(notRenewed.length, 'non renouvelé', 'non renouvelés')})`,
      renewed: `Renouvelés jusqu'au 31/12/${y + 1} – mettre à jour la date d'expiration dans Alma :`,
      notRenewed: `Non renouvelés – ces comptes se terminent le 31/12/${y} et figureront dans la liste des désactivations :`,
      policy: ' (sans décision : règle par défaut)',
      none: 'aucun',
    },
    nl: {
      subject: `Jaarlijkse controle ${y}: eindlijst (${renewed.length} verlengd, ${notRenewed.length} niet verlengd)`,
      renewed: `Verlengd tot 31/12/${y + 1} – pas de vervaldatum aan in Alma:`,
      notRenewed: `Niet verlengd – deze accounts lopen af op 31/12/${y} en komen op de deactiveringslijst:`,
      policy: ' (geen beslissing: standaardregel)',
      none: 'geen',
    },
    en: {
      subject: `Yearly review ${y}: final list (${renewed.length} renewed, ${notRenewed.length} not renewed)`,
      renewed: `Renewed until 31/12/${y + 1} – update the expiry date in Alma:`,
      notRenewed: `Not renewed – these accounts end on 31/12/${y} and will appear on the deactivation list:`,
      policy: ' (no decision: default rule)',
      none: 'none',
    },
  }[language];
  const list = (items: ReviewFinalLine[]) =>
    items.length
      ? items.map((l) => ({
          line: `${l.fullName} <${l.email}> – ${l.institutionName}${l.byPolicy ? t.policy : ''}`,
        }))
      : [{ line: t.none }];
  return render(
    language,
    t.subject,
    [{ heading: t.renewed }, { list: list(renewed) }, { heading: t.notRenewed }, { list: list(notRenewed) }],
    FOOTER[language](mailbox),
  );
}

// ---------------------------------------------------------------- shared-password rotation

export function rotationMessage(
  language: NoticeLanguage,
  input: {
    institutionName: string;
    mailbox: string;
    rotationDate: CalendarDate;
    daysLeft: number;
    lines: Person[];
  },
): RenderedMessage {
  const { institutionName: inst, mailbox, rotationDate, daysLeft, lines } = input;
  const date = formatBelgian(rotationDate);
  const ahead = daysLeft > 0;
  const t = {
    fr: {
      subject: `${lines.length > 1 ? 'Comptes partagés' : 'Compte partagé'} Alma – ${inst} : changement de mot de passe le ${date}`,
      intro: ahead
        ? `Le mot de passe des comptes Alma partagés suivants de ${inst} sera changé le ${date} (${inDays('fr', daysLeft)}), comme chaque année. Le helpdesk vous communiquera le nouveau mot de passe ce jour-là ; prévenez les collègues qui utilisent ces comptes.`
        : `Le mot de passe des comptes Alma partagés suivants de ${inst} est changé le ${date}, comme chaque année. Le helpdesk vous communique le nouveau mot de passe ; l'ancien ne fonctionnera plus.`,
    },
    nl: {
      subject: `${lines.length > 1 ? 'Gedeelde Alma-accounts' : 'Gedeelde Alma-account'} – ${inst}: wachtwoordwijziging op ${date}`,
      intro: ahead
        ? `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date} (${inDays('nl', daysLeft)}). De helpdesk bezorgt u die dag het nieuwe wachtwoord; verwittig de collega's die deze accounts gebruiken.`
        : `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date}. De helpdesk bezorgt u het nieuwe wachtwoord; het oude werkt niet meer.`,
    },
    en: {
      subject: `${lines.length > 1 ? 'Shared Alma accounts' : 'Shared Alma account'} – ${inst}: password change on ${date}`,
      intro: ahead
        ? `The password of the following shared Alma accounts of ${inst} will be changed on ${date} (${inDays('en', daysLeft)}), as every year. The helpdesk will give you the new password that day; tell the colleagues who use these accounts.`
        : `The password of the following shared Alma accounts of ${inst} is changed on ${date}, as every year. The helpdesk gives you the new password; the old one no longer works.`,
    },
  }[language];
  return render(
    language,
    t.subject,
    [{ paragraph: t.intro }, { list: lines.map((l) => ({ line: `${l.fullName} <${l.email}>` })) }],
    FOOTER[language](mailbox),
  );
}

export interface InstitutionLine extends Person {
  institutionName: string;
}

export function rotationListMessage(
  language: NoticeLanguage,
  input: { mailbox: string; rotationDate: CalendarDate; lines: InstitutionLine[] },
): RenderedMessage {
  const { mailbox, rotationDate, lines } = input;
  const date = formatBelgian(rotationDate);
  const t = {
    fr: {
      subject: `Mots de passe des comptes partagés à changer le ${date} (${lines.length} comptes)`,
      intro: `Donnez un nouveau mot de passe à ces comptes Alma partagés et communiquez-le aux responsables de l'institution :`,
    },
    nl: {
      subject: `Wachtwoorden van gedeelde accounts te wijzigen op ${date} (${lines.length} accounts)`,
      intro:
        'Geef deze gedeelde Alma-accounts een nieuw wachtwoord en bezorg het aan de verantwoordelijken van de instelling:',
    },
    en: {
      subject: `Shared-account passwords to change on ${date} (${lines.length} accounts)`,
      intro: "Give these shared Alma accounts a new password and send it to the institution's managers:",
    },
  }[language];
  return render(
    language,
    t.subject,
    [
      { paragraph: t.intro },
      { list: lines.map((l) => ({ line: `${l.fullName} <${l.email}> – ${l.institutionName}` })) },
    ],
    FOOTER[language](mailbox),
  );
}

// ---------------------------------------------------------------- deactivation list

export interface DeactivationLine extends InstitutionLine {
  accountId: string;
  reason: 'expired' | 'closure';
  date: CalendarDate;
  closeUrl: string;
  /** Alma already ends the user by this date (its expiry date was set by provisioning): nothing to do there. */
  doneInAlma?: boolean;
}

export function deactivationListMessage(
  language: NoticeLanguage,
  input: { mailbox: string; today: CalendarDate; lines: DeactivationLine[]; pending: DeactivationLine[] },
): RenderedMessage {
  const { mailbox, today, lines, pending } = input;
  const t = {
    fr: {
      subject: `Comptes Alma à désactiver – ${formatBelgian(today)} (${count(lines.length, 'nouveau', 'nouveaux')})`,
      intro:
        'Désactivez ces comptes dans Alma, puis confirmez chacun avec son lien (ou « alma-accounts accounts close ID ») ; le compte est alors clôturé ici.',
      expired: 'terminé le',
      closure: 'à désactiver à partir du',
      confirm: 'Confirmer la désactivation',
      pending: 'Toujours en attente de confirmation :',
      done: "Déjà fait dans Alma (Alma refuse la connexion après la date d'expiration) : confirmez seulement, pour clôturer ici :",
    },
    nl: {
      subject: `Alma-accounts te deactiveren – ${formatBelgian(today)} (${lines.length} nieuw)`,
      intro:
        'Deactiveer deze accounts in Alma en bevestig daarna elk account met zijn link (of „alma-accounts accounts close ID”); het account wordt dan hier afgesloten.',
      expired: 'afgelopen op',
      closure: 'te deactiveren vanaf',
      confirm: 'Deactivering bevestigen',
      pending: 'Nog te bevestigen:',
      done: 'Al gedaan in Alma (Alma weigert het aanmelden na de vervaldatum): enkel bevestigen, om hier af te sluiten:',
    },
    en: {
      subject: `Alma accounts to deactivate – ${formatBelgian(today)} (${lines.length} new)`,
      intro:
        'Deactivate these accounts in Alma, then confirm each one with its link (or "alma-accounts accounts close ID"); the account is then closed here.',
      expired: 'ended on',
      closure: 'to deactivate from',
      confirm: 'Confirm deactivation',
      pending: 'Still waiting for confirmation:',
      done: 'Already done in Alma (Alma refuses log-in after the expiry date): only confirm, to close here:',
    },
  }[language];
  const list = (items: DeactivationLine[]) =>
    items.map((l) => ({
      line: `${l.fullName} <${l.email}> – ${l.institutionName} – ${l.reason === 'expired' ? t.expired : t.closure} ${formatBelgian(l.date)} [${l.accountId}]`,
      links: [{ label: t.confirm, url: l.closeUrl }],
    }));
  const toDo = lines.filter((l) => !l.doneInAlma);
  const done = lines.filter((l) => l.doneInAlma);
  const blocks: Block[] = toDo.length || !done.length ? [{ paragraph: t.intro }, { list: list(toDo) }] : [];
  if (done.length) blocks.push({ heading: t.done }, { list: list(done) });
  if (pending.length) blocks.push({ heading: t.pending }, { list: list(pending) });
  return render(language, t.subject, blocks, FOOTER[language](mailbox));
}

/** Mail to an account's own address bounces: the managers are asked whether the person left (issue 31). */
export function bounceQuestionMessage(
  language: NoticeLanguage,
  input: {
    mailbox: string;
    institutionName: string;
    fullName: string;
    email: string;
    accountId: string;
    detail: string;
    closeUrl: string;
    keepUrl: string;
  },
): RenderedMessage {
  const { fullName, email } = input;
  const t = {
    fr: {
      subject: `Le courrier vers ${email} revient : ${fullName} – la personne est-elle partie ?`,
      intro: `Nos messages à ${fullName} <${email}> (${input.institutionName}) reviennent : l'adresse n'accepte plus de courrier (${input.detail}). C'est souvent le signe d'un départ. Aucun avis n'est plus envoyé à cette adresse.`,
      ask: 'Ce compte Alma doit-il être clôturé ? Rien ne sera clôturé sans votre réponse.',
      close: "Clôturer le compte à partir d'aujourd'hui",
      keep: 'Garder le compte (la personne est toujours là)',
    },
    nl: {
      subject: `Mail aan ${email} komt terug: is ${fullName} vertrokken?`,
      intro: `Onze berichten aan ${fullName} <${email}> (${input.institutionName}) komen terug: het adres aanvaardt geen mail meer (${input.detail}). Dat wijst vaak op een vertrek. Er gaan geen berichten meer naar dit adres.`,
      ask: 'Moet dit Alma-account afgesloten worden? Niets wordt afgesloten zonder uw antwoord.',
      close: 'Account vanaf vandaag afsluiten',
      keep: 'Account behouden (de persoon is er nog)',
    },
    en: {
      subject: `Mail to ${email} bounces: has ${fullName} left?`,
      intro: `Our messages to ${fullName} <${email}> (${input.institutionName}) bounce: the address no longer takes mail (${input.detail}). That is often a sign that the person left. No more notices go to this address.`,
      ask: 'Should this Alma account be closed? Nothing is closed without your answer.',
      close: 'Close the account from today',
      keep: 'Keep the account (the person is still here)',
    },
  }[language];
  return render(
    language,
    t.subject,
    [
      { paragraph: t.intro },
      { paragraph: t.ask },
      {
        list: [
          {
            line: `${fullName} <${email}> [${input.accountId}]`,
            links: [
              { label: t.close, url: input.closeUrl },
              { label: t.keep, url: input.keepUrl },
            ],
          },
        ],
      },
    ],
    FOOTER[language](input.mailbox),
  );
}

/** What SES told of an address that the helpdesk should know (a supervisor's, a manager's, a bounced answer, a complaint). */
export function feedbackHelpdeskMessage(
  language: NoticeLanguage,
  input: {
    mailbox: string;
    reason: 'staff-bounce' | 'answer-bounce' | 'complaint';
    email: string;
    detail: string;
    /** Where the address appears: "manager of X", "supervisor of N accounts". */
    roles: string[];
  },
): RenderedMessage {
  const { email, detail } = input;
  const t = {
    fr: {
      'staff-bounce': {
        subject: `Adresse de responsable sans réponse : ${email}`,
        text: `Le courrier vers ${email} revient (${detail}). Cette adresse est celle d'un responsable ou d'un gestionnaire : mettez à jour la configuration ou les comptes concernés. Aucun avis n'y est plus envoyé.`,
      },
      'answer-bounce': {
        subject: `Notre réponse à une demande revient : ${email}`,
        text: `Notre réponse à une demande envoyée à ${email} est revenue (${detail}). Le demandeur ne l'a pas reçue : contactez-le autrement.`,
      },
      complaint: {
        subject: `Plainte pour courrier indésirable : ${email}`,
        text: `${email} a signalé un de nos messages comme indésirable (${detail}). Plus aucun avis n'est envoyé à cette adresse ; les réponses à ses propres demandes partent encore.`,
      },
      roles: 'Rôles connus',
    },
    nl: {
      'staff-bounce': {
        subject: `Adres van een verantwoordelijke onbereikbaar: ${email}`,
        text: `Mail aan ${email} komt terug (${detail}). Dit is het adres van een begeleider of beheerder: werk de configuratie of de betrokken accounts bij. Er gaan geen berichten meer naar dit adres.`,
      },
      'answer-bounce': {
        subject: `Ons antwoord op een aanvraag komt terug: ${email}`,
        text: `Ons antwoord op een aanvraag aan ${email} kwam terug (${detail}). De aanvrager heeft het niet ontvangen: neem op een andere manier contact op.`,
      },
      complaint: {
        subject: `Klacht over ongewenste mail: ${email}`,
        text: `${email} markeerde een van onze berichten als ongewenst (${detail}). Er gaan geen berichten meer naar dit adres; antwoorden op eigen aanvragen gaan nog wel.`,
      },
      roles: 'Bekende rollen',
    },
    en: {
      'staff-bounce': {
        subject: `A supervisor's or manager's address bounces: ${email}`,
        text: `Mail to ${email} bounces (${detail}). It is a supervisor's or a manager's address: update the configuration or the accounts concerned. No more notices go there.`,
      },
      'answer-bounce': {
        subject: `Our answer to a request bounced: ${email}`,
        text: `Our answer to a request, sent to ${email}, bounced (${detail}). The requester did not get it: reach them another way.`,
      },
      complaint: {
        subject: `Spam complaint: ${email}`,
        text: `${email} marked one of our messages as spam (${detail}). No more notices go to this address; answers to its own requests still do.`,
      },
      roles: 'Known roles',
    },
  }[language];
  const blocks: Block[] = [{ paragraph: t[input.reason].text }];
  if (input.roles.length) blocks.push({ heading: t.roles }, { list: input.roles.map((line) => ({ line })) });
  return render(language, t[input.reason].subject, blocks, FOOTER[language](input.mailbox));
}
