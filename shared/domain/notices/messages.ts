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

/** A shared account in an announcement: its new password handed over by link (issue 30) or, still, by the helpdesk. */
export interface RotationLine extends Person {
  handover: 'link' | 'helpdesk';
}

export function rotationMessage(
  language: NoticeLanguage,
  input: {
    institutionName: string;
    mailbox: string;
    rotationDate: CalendarDate;
    daysLeft: number;
    /** Days a manager's reveal link works. */
    revealDays: number;
    /** `approve` institution: the helpdesk confirms the list before anything is set. */
    confirmFirst: boolean;
    lines: RotationLine[];
  },
): RenderedMessage {
  const { institutionName: inst, mailbox, rotationDate, daysLeft, revealDays: n, confirmFirst } = input;
  const date = formatBelgian(rotationDate);
  const ahead = daysLeft > 0;
  const byLink = input.lines.filter((l) => l.handover === 'link');
  const byHelpdesk = input.lines.filter((l) => l.handover === 'helpdesk');
  const many = input.lines.length > 1;
  const t = {
    fr: {
      subject: `${many ? 'Comptes partagés' : 'Compte partagé'} Alma – ${inst} : changement de mot de passe le ${date}`,
      link: ahead
        ? `Comme chaque année, le mot de passe des comptes Alma partagés suivants de ${inst} sera changé le ${date} (${inDays('fr', daysLeft)}). ${confirmFirst ? 'Dès que le helpdesk aura confirmé la liste (au plus tôt ce jour-là)' : 'Ce jour-là'}, le nouveau mot de passe est fixé dans Alma et chaque responsable de l'institution reçoit par e-mail un lien personnel pour l'afficher une seule fois, valable ${n} jours. Le mot de passe lui-même n'est jamais envoyé par e-mail. Prévenez les collègues qui utilisent ces comptes :`
        : `Comme chaque année, le mot de passe des comptes Alma partagés suivants de ${inst} est changé ${confirmFirst ? 'dès que le helpdesk confirme la liste' : "aujourd'hui"} : le nouveau est fixé dans Alma et chaque responsable reçoit par e-mail un lien personnel pour l'afficher une seule fois, valable ${n} jours. L'ancien mot de passe ne fonctionnera plus :`,
      helpdeskOnly: ahead
        ? `Le mot de passe des comptes Alma partagés suivants de ${inst} sera changé le ${date} (${inDays('fr', daysLeft)}), comme chaque année. Le helpdesk vous communiquera le nouveau mot de passe ce jour-là ; prévenez les collègues qui utilisent ces comptes.`
        : `Le mot de passe des comptes Alma partagés suivants de ${inst} est changé le ${date}, comme chaque année. Le helpdesk vous communique le nouveau mot de passe ; l'ancien ne fonctionnera plus.`,
      helpdesk: ahead
        ? `Le mot de passe de ces comptes-ci sera changé le même jour par le helpdesk, qui vous communiquera le nouveau ; prévenez les collègues qui les utilisent :`
        : `Le mot de passe de ces comptes-ci est changé par le helpdesk, qui vous communique le nouveau ; l'ancien ne fonctionnera plus :`,
    },
    nl: {
      subject: `${many ? 'Gedeelde Alma-accounts' : 'Gedeelde Alma-account'} – ${inst}: wachtwoordwijziging op ${date}`,
      link: ahead
        ? `Zoals elk jaar wordt het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} gewijzigd op ${date} (${inDays('nl', daysLeft)}). ${confirmFirst ? 'Zodra de helpdesk de lijst bevestigt (ten vroegste die dag)' : 'Die dag'} wordt het nieuwe wachtwoord in Alma ingesteld en krijgt elke verantwoordelijke van de instelling per e-mail een persoonlijke link om het één keer te tonen, ${n} dagen geldig. Het wachtwoord zelf wordt nooit gemaild. Verwittig de collega's die deze accounts gebruiken:`
        : `Zoals elk jaar wordt het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} ${confirmFirst ? 'gewijzigd zodra de helpdesk de lijst bevestigt' : 'vandaag gewijzigd'}: het nieuwe wordt in Alma ingesteld en elke verantwoordelijke krijgt per e-mail een persoonlijke link om het één keer te tonen, ${n} dagen geldig. Het oude wachtwoord werkt dan niet meer:`,
      helpdeskOnly: ahead
        ? `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date} (${inDays('nl', daysLeft)}). De helpdesk bezorgt u die dag het nieuwe wachtwoord; verwittig de collega's die deze accounts gebruiken.`
        : `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date}. De helpdesk bezorgt u het nieuwe wachtwoord; het oude werkt niet meer.`,
      helpdesk: ahead
        ? `Het wachtwoord van deze accounts wordt dezelfde dag gewijzigd door de helpdesk, die u het nieuwe bezorgt; verwittig de collega's die ze gebruiken:`
        : `Het wachtwoord van deze accounts wordt gewijzigd door de helpdesk, die u het nieuwe bezorgt; het oude werkt niet meer:`,
    },
    en: {
      subject: `${many ? 'Shared Alma accounts' : 'Shared Alma account'} – ${inst}: password change on ${date}`,
      link: ahead
        ? `As every year, the password of the following shared Alma accounts of ${inst} will be changed on ${date} (${inDays('en', daysLeft)}). ${confirmFirst ? 'Once the helpdesk confirms the list (that day at the earliest)' : 'That day'}, the new password is set in Alma and each manager of the institution gets a personal link by mail to show it once, valid ${n} days. The password itself is never mailed. Tell the colleagues who use these accounts:`
        : `As every year, the password of the following shared Alma accounts of ${inst} is changed ${confirmFirst ? 'once the helpdesk confirms the list' : 'today'}: the new one is set in Alma and each manager gets a personal link by mail to show it once, valid ${n} days. The old password will no longer work:`,
      helpdeskOnly: ahead
        ? `The password of the following shared Alma accounts of ${inst} will be changed on ${date} (${inDays('en', daysLeft)}), as every year. The helpdesk will give you the new password that day; tell the colleagues who use these accounts.`
        : `The password of the following shared Alma accounts of ${inst} is changed on ${date}, as every year. The helpdesk gives you the new password; the old one no longer works.`,
      helpdesk: ahead
        ? 'The password of these accounts will be changed the same day by the helpdesk, who will give you the new one; tell the colleagues who use them:'
        : 'The password of these accounts is changed by the helpdesk, who gives you the new one; the old one will no longer work:',
    },
  }[language];
  const list = (lines: RotationLine[]) => ({
    list: lines.map((l) => ({ line: `${l.fullName} <${l.email}>` })),
  });
  return render(
    language,
    t.subject,
    [
      ...(byLink.length ? [{ paragraph: t.link }, list(byLink)] : []),
      ...(byHelpdesk.length
        ? [{ paragraph: byLink.length ? t.helpdesk : t.helpdeskOnly }, list(byHelpdesk)]
        : []),
    ],
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
