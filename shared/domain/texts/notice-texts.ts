import type { Language } from '../language';

/**
 * The scheduled notices (notices/notice-mails.ts renders them as text and HTML): expiry, yearly
 * review, shared-password rotation, deactivation list. Dates come in already written (31/12/2027).
 */
export interface NoticeTexts {
  footer: (mailbox: string) => string;
  /** "today", "tomorrow", "in 3 days". */
  inDays: (days: number) => string;
  expiry: {
    line: (person: string, lastDay: string, when: string) => string;
    subject: (one: { endDate: string; fullName: string } | undefined, count: number) => string;
    intro: (one: boolean, institution: string) => string;
    renew: (mailbox: string) => string;
  };
  review: {
    renew: string;
    notRenew: string;
    /** The employee type's label in a line. */
    type: string;
    subject: (stage: 'start' | 'reminder', year: number, institution: string, count: number) => string;
    intro: (stage: 'start' | 'reminder', institution: string, end: string) => string;
    how: (next: string, lastDay: string) => string;
    policy: (undecided: 'expire' | 'renew', end: string, next: string) => string;
  };
  reviewFinal: {
    subject: (year: number, renewed: number, notRenewed: number) => string;
    renewed: (until: string) => string;
    notRenewed: (end: string) => string;
    policy: string;
    none: string;
  };
  rotation: {
    subject: (many: boolean, institution: string, date: string) => string;
    /** `inDays` is set when the change is ahead, undefined on the day itself. */
    intro: (institution: string, date: string, inDays: string | undefined) => string;
    /**
     * Issue 30: the accounts set in Alma and handed over by a one-time link (`days` its life);
     * `confirmFirst` for an `approve` institution (the helpdesk confirms the list first).
     */
    link: (
      institution: string,
      date: string,
      inDays: string | undefined,
      days: number,
      confirmFirst: boolean,
    ) => string;
    /** The same institution's accounts still handed over by the helpdesk, after the linked ones. */
    helpdesk: (ahead: boolean) => string;
  };
  rotationList: { subject: (date: string, count: number) => string; intro: string };
  deactivation: {
    subject: (today: string, count: number) => string;
    intro: string;
    expired: string;
    closure: string;
    confirm: string;
    pending: string;
    done: string;
  };
}

/** "1 compte" / "3 comptes": a count with its noun in the right number (never "compte(s)"). */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const FR_RENEW = 'Renouveler un an';
const FR_NOT_RENEW = 'Ne pas renouveler';
const NL_RENEW = 'Een jaar verlengen';
const NL_NOT_RENEW = 'Niet verlengen';
const EN_RENEW = 'Renew one year';
const EN_NOT_RENEW = 'Do not renew';

const FR: NoticeTexts = {
  footer: (m) => `Message automatique de la gestion des comptes Alma (${m}).`,
  inDays: (days) => (days === 0 ? "aujourd'hui" : days === 1 ? 'demain' : `dans ${days} jours`),
  expiry: {
    line: (person, last, when) => `${person} : dernier jour le ${last} (${when})`,
    subject: (one, n) =>
      one
        ? `Compte Alma – fin le ${one.endDate} : ${one.fullName}`
        : `Comptes Alma – ${n} comptes arrivent à échéance`,
    intro: (one, inst) =>
      one
        ? `Le compte Alma suivant (${inst}) arrive à échéance :`
        : `Les comptes Alma suivants (${inst}) arrivent à échéance :`,
    renew: (mailbox) =>
      `Pour prolonger un compte, le responsable de la bibliothèque envoie un message à ${mailbox} avec l'objet « Renouvellement » et la ligne « Nouvelle date de fin : JJ/MM/AAAA » (fin du contrat ou de la mission ; le compte reste actif un mois de plus). Sans prolongation, le compte sera désactivé après son dernier jour.`,
  },
  review: {
    renew: FR_RENEW,
    notRenew: FR_NOT_RENEW,
    type: 'statut',
    subject: (stage, y, inst, n) =>
      stage === 'start'
        ? `Revue annuelle ${y} des comptes Alma – ${inst} : ${count(n, 'compte', 'comptes')} à confirmer`
        : `Rappel : revue annuelle ${y} des comptes Alma – ${inst} : ${count(n, 'compte', 'comptes')} sans décision`,
    intro: (stage, inst, end) =>
      stage === 'start'
        ? `Les comptes Alma suivants de ${inst} se terminent le ${end}.`
        : `Nous n'avons pas encore reçu de décision pour les comptes Alma suivants de ${inst}, qui se terminent le ${end}.`,
    how: (next, last) =>
      `Pour chacun, choisissez « ${FR_RENEW} » (jusqu'au ${next}) ou « ${FR_NOT_RENEW} ». Chaque lien ouvre une page où vous confirmez votre choix ; vous pouvez changer d'avis jusqu'au ${last} inclus.`,
    policy: (undecided, end, next) =>
      undecided === 'expire'
        ? `Sans décision, le compte ne sera pas renouvelé et se terminera le ${end}.`
        : `Sans décision, le compte sera renouvelé d'un an (jusqu'au ${next}).`,
  },
  reviewFinal: {
    subject: (y, renewed, notRenewed) =>
      `Revue annuelle ${y} : liste finale (${count(renewed, 'renouvelé', 'renouvelés')}, ${count(notRenewed, 'non renouvelé', 'non renouvelés')})`,
    renewed: (until) => `Renouvelés jusqu'au ${until} – mettre à jour la date d'expiration dans Alma :`,
    notRenewed: (end) =>
      `Non renouvelés – ces comptes se terminent le ${end} et figureront dans la liste des désactivations :`,
    policy: ' (sans décision : règle par défaut)',
    none: 'aucun',
  },
  rotation: {
    subject: (many, inst, date) =>
      `${many ? 'Comptes partagés' : 'Compte partagé'} Alma – ${inst} : changement de mot de passe le ${date}`,
    intro: (inst, date, inDays) =>
      inDays
        ? `Le mot de passe des comptes Alma partagés suivants de ${inst} sera changé le ${date} (${inDays}), comme chaque année. Le helpdesk vous communiquera le nouveau mot de passe ce jour-là ; prévenez les collègues qui utilisent ces comptes.`
        : `Le mot de passe des comptes Alma partagés suivants de ${inst} est changé le ${date}, comme chaque année. Le helpdesk vous communique le nouveau mot de passe ; l'ancien ne fonctionnera plus.`,
    link: (inst, date, inDays, n, confirmFirst) =>
      inDays
        ? `Comme chaque année, le mot de passe des comptes Alma partagés suivants de ${inst} sera changé le ${date} (${inDays}). ${confirmFirst ? 'Dès que le helpdesk aura confirmé la liste (au plus tôt ce jour-là)' : 'Ce jour-là'}, le nouveau mot de passe est fixé dans Alma et chaque responsable de l'institution reçoit par e-mail un lien personnel pour l'afficher une seule fois, valable ${n} jours. Le mot de passe lui-même n'est jamais envoyé par e-mail. Prévenez les collègues qui utilisent ces comptes :`
        : `Comme chaque année, le mot de passe des comptes Alma partagés suivants de ${inst} est changé ${confirmFirst ? 'dès que le helpdesk confirme la liste' : "aujourd'hui"} : le nouveau est fixé dans Alma et chaque responsable reçoit par e-mail un lien personnel pour l'afficher une seule fois, valable ${n} jours. L'ancien mot de passe ne fonctionnera plus :`,
    helpdesk: (ahead) =>
      ahead
        ? `Le mot de passe de ces comptes-ci sera changé le même jour par le helpdesk, qui vous communiquera le nouveau ; prévenez les collègues qui les utilisent :`
        : `Le mot de passe de ces comptes-ci est changé par le helpdesk, qui vous communique le nouveau ; l'ancien ne fonctionnera plus :`,
  },
  rotationList: {
    subject: (date, n) => `Mots de passe des comptes partagés à changer le ${date} (${n} comptes)`,
    intro: `Donnez un nouveau mot de passe à ces comptes Alma partagés et communiquez-le aux responsables de l'institution :`,
  },
  deactivation: {
    subject: (today, n) => `Comptes Alma à désactiver – ${today} (${count(n, 'nouveau', 'nouveaux')})`,
    intro:
      'Désactivez ces comptes dans Alma, puis confirmez chacun avec son lien (ou « alma-accounts accounts close ID ») ; le compte est alors clôturé ici.',
    expired: 'terminé le',
    closure: 'à désactiver à partir du',
    confirm: 'Confirmer la désactivation',
    pending: 'Toujours en attente de confirmation :',
    done: "Déjà fait dans Alma (Alma refuse la connexion après la date d'expiration) : confirmez seulement, pour clôturer ici :",
  },
};

const NL: NoticeTexts = {
  footer: (m) => `Automatisch bericht van het beheer van de Alma-accounts (${m}).`,
  inDays: (days) => (days === 0 ? 'vandaag' : days === 1 ? 'morgen' : `over ${days} dagen`),
  expiry: {
    line: (person, last, when) => `${person}: laatste dag ${last} (${when})`,
    subject: (one, n) =>
      one
        ? `Alma-account – einde op ${one.endDate}: ${one.fullName}`
        : `Alma-accounts – ${n} accounts lopen af`,
    intro: (one, inst) =>
      one ? `Het volgende Alma-account (${inst}) loopt af:` : `De volgende Alma-accounts (${inst}) lopen af:`,
    renew: (mailbox) =>
      `Om een account te verlengen, stuurt de bibliotheekverantwoordelijke een bericht naar ${mailbox} met als onderwerp „Verlenging” en de regel „Nieuwe einddatum: DD/MM/JJJJ” (einde van het contract of de opdracht; het account blijft nog een maand actief). Zonder verlenging wordt het account na de laatste dag gedeactiveerd.`,
  },
  review: {
    renew: NL_RENEW,
    notRenew: NL_NOT_RENEW,
    type: 'statuut',
    subject: (stage, y, inst, n) =>
      stage === 'start'
        ? `Jaarlijkse controle ${y} van de Alma-accounts – ${inst}: ${count(n, 'account', 'accounts')} te bevestigen`
        : `Herinnering: jaarlijkse controle ${y} van de Alma-accounts – ${inst}: ${count(n, 'account', 'accounts')} zonder beslissing`,
    intro: (stage, inst, end) =>
      stage === 'start'
        ? `De volgende Alma-accounts van ${inst} lopen af op ${end}.`
        : `We hebben nog geen beslissing ontvangen voor de volgende Alma-accounts van ${inst}, die aflopen op ${end}.`,
    how: (next, last) =>
      `Kies voor elk account „${NL_RENEW}” (tot ${next}) of „${NL_NOT_RENEW}”. Elke link opent een pagina waar u uw keuze bevestigt; u kunt van gedachten veranderen tot en met ${last}.`,
    policy: (undecided, end, next) =>
      undecided === 'expire'
        ? `Zonder beslissing wordt het account niet verlengd en loopt het af op ${end}.`
        : `Zonder beslissing wordt het account met een jaar verlengd (tot ${next}).`,
  },
  reviewFinal: {
    subject: (y, renewed, notRenewed) =>
      `Jaarlijkse controle ${y}: eindlijst (${renewed} verlengd, ${notRenewed} niet verlengd)`,
    renewed: (until) => `Verlengd tot ${until} – pas de vervaldatum aan in Alma:`,
    notRenewed: (end) =>
      `Niet verlengd – deze accounts lopen af op ${end} en komen op de deactiveringslijst:`,
    policy: ' (geen beslissing: standaardregel)',
    none: 'geen',
  },
  rotation: {
    subject: (many, inst, date) =>
      `${many ? 'Gedeelde Alma-accounts' : 'Gedeeld Alma-account'} – ${inst}: wachtwoordwijziging op ${date}`,
    intro: (inst, date, inDays) =>
      inDays
        ? `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date} (${inDays}). De helpdesk bezorgt u die dag het nieuwe wachtwoord; verwittig de collega's die deze accounts gebruiken.`
        : `Het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} wordt zoals elk jaar gewijzigd op ${date}. De helpdesk bezorgt u het nieuwe wachtwoord; het oude werkt niet meer.`,
    link: (inst, date, inDays, n, confirmFirst) =>
      inDays
        ? `Zoals elk jaar wordt het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} gewijzigd op ${date} (${inDays}). ${confirmFirst ? 'Zodra de helpdesk de lijst bevestigt (ten vroegste die dag)' : 'Die dag'} wordt het nieuwe wachtwoord in Alma ingesteld en krijgt elke verantwoordelijke van de instelling per e-mail een persoonlijke link om het één keer te tonen, ${n} dagen geldig. Het wachtwoord zelf wordt nooit gemaild. Verwittig de collega's die deze accounts gebruiken:`
        : `Zoals elk jaar wordt het wachtwoord van de volgende gedeelde Alma-accounts van ${inst} ${confirmFirst ? 'gewijzigd zodra de helpdesk de lijst bevestigt' : 'vandaag gewijzigd'}: het nieuwe wordt in Alma ingesteld en elke verantwoordelijke krijgt per e-mail een persoonlijke link om het één keer te tonen, ${n} dagen geldig. Het oude wachtwoord werkt dan niet meer:`,
    helpdesk: (ahead) =>
      ahead
        ? `Het wachtwoord van deze accounts wordt dezelfde dag gewijzigd door de helpdesk, die u het nieuwe bezorgt; verwittig de collega's die ze gebruiken:`
        : `Het wachtwoord van deze accounts wordt gewijzigd door de helpdesk, die u het nieuwe bezorgt; het oude werkt niet meer:`,
  },
  rotationList: {
    subject: (date, n) => `Wachtwoorden van gedeelde accounts te wijzigen op ${date} (${n} accounts)`,
    intro:
      'Geef deze gedeelde Alma-accounts een nieuw wachtwoord en bezorg het aan de verantwoordelijken van de instelling:',
  },
  deactivation: {
    subject: (today, n) => `Alma-accounts te deactiveren – ${today} (${n} nieuw)`,
    intro:
      'Deactiveer deze accounts in Alma en bevestig daarna elk account met zijn link (of „alma-accounts accounts close ID”); het account wordt dan hier afgesloten.',
    expired: 'afgelopen op',
    closure: 'te deactiveren vanaf',
    confirm: 'Deactivering bevestigen',
    pending: 'Nog te bevestigen:',
    done: 'Al gedaan in Alma (Alma weigert het aanmelden na de vervaldatum): enkel bevestigen, om hier af te sluiten:',
  },
};

const EN: NoticeTexts = {
  footer: (m) => `Automatic message from Alma account management (${m}).`,
  inDays: (days) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`),
  expiry: {
    line: (person, last, when) => `${person}: last day ${last} (${when})`,
    subject: (one, n) =>
      one
        ? `Alma account – ends on ${one.endDate}: ${one.fullName}`
        : `Alma accounts – ${n} accounts are ending`,
    intro: (one, inst) =>
      one
        ? `The following Alma account (${inst}) is ending:`
        : `The following Alma accounts (${inst}) are ending:`,
    renew: (mailbox) =>
      `To extend an account, the library manager sends a message to ${mailbox} with the subject "Renewal" and the line "New end date: DD/MM/YYYY" (end of the contract or mission; the account stays active one more month). Without an extension, the account is deactivated after its last day.`,
  },
  review: {
    renew: EN_RENEW,
    notRenew: EN_NOT_RENEW,
    type: 'status',
    subject: (stage, y, inst, n) =>
      stage === 'start'
        ? `Yearly review ${y} of Alma accounts – ${inst}: ${count(n, 'account', 'accounts')} to confirm`
        : `Reminder: yearly review ${y} of Alma accounts – ${inst}: ${count(n, 'account', 'accounts')} without a decision`,
    intro: (stage, inst, end) =>
      stage === 'start'
        ? `The following Alma accounts of ${inst} end on ${end}.`
        : `We have not yet received a decision for the following Alma accounts of ${inst}, which end on ${end}.`,
    how: (next, last) =>
      `For each, choose "${EN_RENEW}" (until ${next}) or "${EN_NOT_RENEW}". Each link opens a page where you confirm your choice; you can change your mind until ${last} included.`,
    policy: (undecided, end, next) =>
      undecided === 'expire'
        ? `Without a decision, the account is not renewed and ends on ${end}.`
        : `Without a decision, the account is renewed for one year (until ${next}).`,
  },
  reviewFinal: {
    subject: (y, renewed, notRenewed) =>
      `Yearly review ${y}: final list (${renewed} renewed, ${notRenewed} not renewed)`,
    renewed: (until) => `Renewed until ${until} – update the expiry date in Alma:`,
    notRenewed: (end) =>
      `Not renewed – these accounts end on ${end} and will appear on the deactivation list:`,
    policy: ' (no decision: default rule)',
    none: 'none',
  },
  rotation: {
    subject: (many, inst, date) =>
      `${many ? 'Shared Alma accounts' : 'Shared Alma account'} – ${inst}: password change on ${date}`,
    intro: (inst, date, inDays) =>
      inDays
        ? `The password of the following shared Alma accounts of ${inst} will be changed on ${date} (${inDays}), as every year. The helpdesk will give you the new password that day; tell the colleagues who use these accounts.`
        : `The password of the following shared Alma accounts of ${inst} is changed on ${date}, as every year. The helpdesk gives you the new password; the old one no longer works.`,
    link: (inst, date, inDays, n, confirmFirst) =>
      inDays
        ? `As every year, the password of the following shared Alma accounts of ${inst} will be changed on ${date} (${inDays}). ${confirmFirst ? 'Once the helpdesk confirms the list (that day at the earliest)' : 'That day'}, the new password is set in Alma and each manager of the institution gets a personal link by mail to show it once, valid ${n} days. The password itself is never mailed. Tell the colleagues who use these accounts:`
        : `As every year, the password of the following shared Alma accounts of ${inst} is changed ${confirmFirst ? 'once the helpdesk confirms the list' : 'today'}: the new one is set in Alma and each manager gets a personal link by mail to show it once, valid ${n} days. The old password will no longer work:`,
    helpdesk: (ahead) =>
      ahead
        ? 'The password of these accounts will be changed the same day by the helpdesk, who will give you the new one; tell the colleagues who use them:'
        : 'The password of these accounts is changed by the helpdesk, who gives you the new one; the old one will no longer work:',
  },
  rotationList: {
    subject: (date, n) => `Shared-account passwords to change on ${date} (${n} accounts)`,
    intro: "Give these shared Alma accounts a new password and send it to the institution's managers:",
  },
  deactivation: {
    subject: (today, n) => `Alma accounts to deactivate – ${today} (${n} new)`,
    intro:
      'Deactivate these accounts in Alma, then confirm each one with its link (or "alma-accounts accounts close ID"); the account is then closed here.',
    expired: 'ended on',
    closure: 'to deactivate from',
    confirm: 'Confirm deactivation',
    pending: 'Still waiting for confirmation:',
    done: 'Already done in Alma (Alma refuses log-in after the expiry date): only confirm, to close here:',
  },
};

export const NOTICE_TEXTS: Record<Language, NoticeTexts> = { fr: FR, nl: NL, en: EN };
