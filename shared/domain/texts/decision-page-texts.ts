import { type CalendarDate, formatBelgian } from '../calendar';
import type { Language } from '../language';
import type { ReviewState } from '../notices/review';

/** The pages shown without a valid token (the language is then unknown: all three are shown). */
export type ProblemKind = 'invalid' | 'expired' | 'notFound' | 'method' | 'tooLarge' | 'crossSite';

/** What the decision and approval pages say (rendering is app/review/decision-page-html.ts). */
export type DecisionPageTexts = {
  reviewTitle: (y: number, renew: boolean) => string;
  reviewExplain: (y: number, renew: boolean) => string;
  changeMind: (lastDay: CalendarDate) => string;
  reviewButton: (renew: boolean) => string;
  fields: {
    name: string;
    email: string;
    institution: string;
    type: string;
    endDate: string;
    decision: string;
  };
  noEnd: string;
  states: (y: number) => Record<ReviewState, string>;
  decided: (renew: boolean, end: CalendarDate) => string;
  unchanged: string;
  notInReview: (y: number, mailbox: string) => string;
  conflict: string;
  closeTitle: string;
  closeExplain: string;
  closeButton: string;
  closed: string;
  alreadyClosed: string;
  closeChanged: string;
  done: string;
  provision: {
    title: string;
    explain: (institution: string) => string;
    record: string;
    profiles: string;
    button: string;
    created: (primaryId: string) => string;
    linked: (primaryId: string) => string;
    already: (primaryId: string) => string;
    /** Another click approved it first: that one creates (or created) the user. */
    approvedAlready: (primaryId: string) => string;
    failed: string;
    off: string;
    closed: string;
    answer: string;
    linkTitle: string;
    linkExplain: (primaryId: string, institution: string) => string;
    held: string;
    linkButton: string;
    linkChanged: string;
    emailDiffers: (email: string) => string;
    stillWaiting: string;
  };
  /** Title and text of each problem page. */
  problems: Record<ProblemKind, [string, string]>;
};

export const DECISION_PAGE_TEXTS: Record<Language, DecisionPageTexts> = {
  fr: {
    reviewTitle: (y, renew) =>
      renew
        ? `Revue annuelle ${y} : renouveler ce compte Alma un an ?`
        : `Revue annuelle ${y} : ne pas renouveler ce compte Alma ?`,
    reviewExplain: (y, renew) =>
      renew
        ? `En confirmant, le compte sera prolongé jusqu'au 31/12/${y + 1}.`
        : `En confirmant, le compte ne sera pas renouvelé : il se terminera le 31/12/${y} et sera ensuite désactivé.`,
    changeMind: (d) =>
      `Vous pouvez changer d'avis jusqu'au ${formatBelgian(d)} inclus avec l'autre lien du message.`,
    reviewButton: (renew) => (renew ? 'Confirmer : renouveler un an' : 'Confirmer : ne pas renouveler'),
    fields: {
      name: 'Nom',
      email: 'Adresse e-mail',
      institution: 'Institution',
      type: 'Statut',
      endDate: 'Date de fin',
      decision: 'Décision actuelle',
    },
    noEnd: 'aucune',
    states: (y) => ({
      undecided: 'aucune décision',
      renewed: `renouvelé jusqu'au 31/12/${y + 1}`,
      'not-renewed': 'non renouvelé',
      'not-in-review': 'hors revue',
    }),
    decided: (renew, end) =>
      renew
        ? `Décision enregistrée : le compte est renouvelé jusqu'au ${formatBelgian(end)}.`
        : `Décision enregistrée : le compte ne sera pas renouvelé ; il se termine le ${formatBelgian(end)}.`,
    unchanged: "Cette décision était déjà enregistrée. Rien n'a changé.",
    notInReview: (y, m) =>
      `Ce compte ne fait plus partie de la revue annuelle ${y} (il a été modifié, prolongé ou clôturé entre-temps). Aucune décision n'est nécessaire ici ; en cas de doute, écrivez à ${m}.`,
    conflict: 'Le compte a été modifié au même moment. Rouvrez le lien et confirmez à nouveau.',
    closeTitle: 'Confirmer la désactivation dans Alma',
    closeExplain:
      'Confirmez que ce compte a été désactivé dans Alma. Il sera alors clôturé dans la gestion des comptes.',
    closeButton: 'Confirmer : désactivé dans Alma',
    closed: 'Le compte est clôturé.',
    alreadyClosed: "Ce compte était déjà clôturé. Rien n'a changé.",
    closeChanged:
      "Ce compte a changé depuis l'envoi de la liste (prolongé ou modifié) ; rien n'a été clôturé. Consultez la prochaine liste.",
    done: 'Merci.',
    provision: {
      title: 'Créer cet utilisateur dans Alma ?',
      explain: (inst) =>
        `En confirmant, la fiche ci-dessous est envoyée telle quelle à Alma (${inst}). Aucun mot de passe n'est envoyé.`,
      record: 'Fiche envoyée à Alma',
      profiles: 'Profils de rôles',
      button: 'Confirmer : créer dans Alma',
      created: (id) => `L'utilisateur Alma ${id} a été créé.`,
      linked: (id) =>
        `Alma avait déjà l'utilisateur ${id} : il est maintenant lié au compte, rien n'a été dupliqué.`,
      already: (id) => `L'utilisateur Alma ${id} est déjà créé ou lié. Rien n'a changé.`,
      failed:
        "Alma a refusé ou n'a pas répondu ; rien n'a été créé. Réessayez plus tard avec ce lien, ou avec « alma-accounts alma push ».",
      off: "La création dans Alma n'est pas activée pour cette institution.",
      approvedAlready: (id) =>
        `La création de l'utilisateur Alma ${id} a déjà été approuvée (un autre clic) ; elle est faite ou en cours. Rien de plus à faire.`,
      closed:
        "Ce compte est clôturé ou sa clôture est demandée : l'approbation est annulée, rien n'est créé dans Alma.",
      answer: "Réponse d'Alma",
      linkTitle: 'Lier cet utilisateur Alma existant au compte ?',
      linkExplain: (id, inst) =>
        `Alma (${inst}) a déjà un utilisateur ${id}, que ce service n'a pas créé. Rien n'y a été modifié. Vérifiez qu'il s'agit bien de la personne du compte avant de le lier.`,
      held: 'L’utilisateur tel qu’Alma le connaît',
      linkButton: 'Confirmer : lier cet utilisateur',
      linkChanged:
        "L'utilisateur Alma a changé depuis l'affichage de cette page ; rien n'a été modifié. Vérifiez-le à nouveau.",
      emailDiffers: (email) =>
        `Attention : l'e-mail de cet utilisateur Alma n'est pas ${email} ; il peut s'agir d'une autre personne.`,
      stillWaiting: "Alma a déjà un utilisateur pour ce compte ; rien n'a été créé ni modifié.",
    },
    problems: {
      invalid: [
        'Lien non valide',
        "Ce lien n'est pas valide (il est incomplet ou a été modifié). Rien n'a été changé. Utilisez le lien exact du message, ou contactez le helpdesk.",
      ],
      expired: [
        'Lien expiré',
        "Ce lien a expiré : le délai pour cette décision est passé. Rien n'a été changé. Contactez le helpdesk si nécessaire.",
      ],
      notFound: ['Page introuvable', "Cette page n'existe pas."],
      method: ['Méthode non permise', 'Ouvrez le lien du message puis utilisez le bouton de la page.'],
      tooLarge: ['Requête trop grande', "La requête est trop grande. Rien n'a été changé."],
      crossSite: [
        'Demande refusée',
        "Cette confirmation ne vient pas de la page du lien. Rien n'a été changé. Ouvrez le lien du message et utilisez son bouton.",
      ],
    },
  },
  nl: {
    reviewTitle: (y, renew) =>
      renew
        ? `Jaarlijkse controle ${y}: dit Alma-account een jaar verlengen?`
        : `Jaarlijkse controle ${y}: dit Alma-account niet verlengen?`,
    reviewExplain: (y, renew) =>
      renew
        ? `Als u bevestigt, wordt het account verlengd tot 31/12/${y + 1}.`
        : `Als u bevestigt, wordt het account niet verlengd: het loopt af op 31/12/${y} en wordt daarna gedeactiveerd.`,
    changeMind: (d) =>
      `U kunt van gedachten veranderen tot en met ${formatBelgian(d)} met de andere link in het bericht.`,
    reviewButton: (renew) => (renew ? 'Bevestigen: een jaar verlengen' : 'Bevestigen: niet verlengen'),
    fields: {
      name: 'Naam',
      email: 'E-mailadres',
      institution: 'Instelling',
      type: 'Statuut',
      endDate: 'Einddatum',
      decision: 'Huidige beslissing',
    },
    noEnd: 'geen',
    states: (y) => ({
      undecided: 'geen beslissing',
      renewed: `verlengd tot 31/12/${y + 1}`,
      'not-renewed': 'niet verlengd',
      'not-in-review': 'niet in de controle',
    }),
    decided: (renew, end) =>
      renew
        ? `Beslissing geregistreerd: het account is verlengd tot ${formatBelgian(end)}.`
        : `Beslissing geregistreerd: het account wordt niet verlengd; het loopt af op ${formatBelgian(end)}.`,
    unchanged: 'Deze beslissing was al geregistreerd. Er is niets veranderd.',
    notInReview: (y, m) =>
      `Dit account maakt geen deel meer uit van de jaarlijkse controle ${y} (het werd intussen gewijzigd, verlengd of afgesloten). Hier is geen beslissing nodig; schrijf bij twijfel naar ${m}.`,
    conflict: 'Het account werd op hetzelfde moment gewijzigd. Open de link opnieuw en bevestig nog eens.',
    closeTitle: 'Deactivering in Alma bevestigen',
    closeExplain:
      'Bevestig dat dit account in Alma gedeactiveerd is. Het wordt dan afgesloten in het accountbeheer.',
    closeButton: 'Bevestigen: gedeactiveerd in Alma',
    closed: 'Het account is afgesloten.',
    alreadyClosed: 'Dit account was al afgesloten. Er is niets veranderd.',
    closeChanged:
      'Dit account is gewijzigd sinds de lijst verstuurd werd (verlengd of aangepast); er is niets afgesloten. Bekijk de volgende lijst.',
    done: 'Bedankt.',
    provision: {
      title: 'Deze gebruiker in Alma aanmaken?',
      explain: (inst) =>
        `Als u bevestigt, wordt de fiche hieronder zoals ze is naar Alma (${inst}) gestuurd. Er wordt geen wachtwoord verstuurd.`,
      record: 'Fiche voor Alma',
      profiles: 'Rolprofielen',
      button: 'Bevestigen: aanmaken in Alma',
      created: (id) => `De Alma-gebruiker ${id} is aangemaakt.`,
      linked: (id) =>
        `Alma had de gebruiker ${id} al: die is nu aan het account gekoppeld, er werd niets dubbel aangemaakt.`,
      already: (id) => `De Alma-gebruiker ${id} is al aangemaakt of gekoppeld. Er is niets veranderd.`,
      failed:
        'Alma weigerde of antwoordde niet; er is niets aangemaakt. Probeer later opnieuw met deze link, of met „alma-accounts alma push”.',
      off: 'Aanmaken in Alma is niet ingeschakeld voor deze instelling.',
      approvedAlready: (id) =>
        `Het aanmaken van de Alma-gebruiker ${id} werd al goedgekeurd (een andere klik); het is gebeurd of bezig. Er hoeft niets meer te gebeuren.`,
      closed:
        'Dit account is afgesloten of de afsluiting is gevraagd: de goedkeuring vervalt, er wordt niets in Alma aangemaakt.',
      answer: 'Antwoord van Alma',
      linkTitle: 'Deze bestaande Alma-gebruiker aan het account koppelen?',
      linkExplain: (id, inst) =>
        `Alma (${inst}) heeft al een gebruiker ${id}, die deze dienst niet aanmaakte. Er werd niets aan gewijzigd. Controleer of het de persoon van het account is voordat u hem koppelt.`,
      held: 'De gebruiker zoals Alma hem kent',
      linkButton: 'Bevestigen: deze gebruiker koppelen',
      linkChanged:
        'De Alma-gebruiker is gewijzigd sinds deze pagina werd getoond; er is niets veranderd. Controleer hem opnieuw.',
      emailDiffers: (email) =>
        `Opgelet: het e-mailadres van deze Alma-gebruiker is niet ${email}; het kan een andere persoon zijn.`,
      stillWaiting: 'Alma heeft al een gebruiker voor dit account; er werd niets aangemaakt of gewijzigd.',
    },
    problems: {
      invalid: [
        'Ongeldige link',
        'Deze link is niet geldig (onvolledig of gewijzigd). Er is niets veranderd. Gebruik de exacte link uit het bericht of neem contact op met de helpdesk.',
      ],
      expired: [
        'Verlopen link',
        'Deze link is verlopen: de termijn voor deze beslissing is voorbij. Er is niets veranderd. Neem zo nodig contact op met de helpdesk.',
      ],
      notFound: ['Pagina niet gevonden', 'Deze pagina bestaat niet.'],
      method: [
        'Methode niet toegestaan',
        'Open de link uit het bericht en gebruik daarna de knop op de pagina.',
      ],
      tooLarge: ['Verzoek te groot', 'Het verzoek is te groot. Er is niets veranderd.'],
      crossSite: [
        'Verzoek geweigerd',
        'Deze bevestiging komt niet van de pagina van de link. Er is niets veranderd. Open de link uit het bericht en gebruik de knop.',
      ],
    },
  },
  en: {
    reviewTitle: (y, renew) =>
      renew
        ? `Yearly review ${y}: renew this Alma account for one year?`
        : `Yearly review ${y}: do not renew this Alma account?`,
    reviewExplain: (y, renew) =>
      renew
        ? `If you confirm, the account is extended until 31/12/${y + 1}.`
        : `If you confirm, the account is not renewed: it ends on 31/12/${y} and is deactivated afterwards.`,
    changeMind: (d) =>
      `You can change your mind until ${formatBelgian(d)} included, with the other link in the message.`,
    reviewButton: (renew) => (renew ? 'Confirm: renew one year' : 'Confirm: do not renew'),
    fields: {
      name: 'Name',
      email: 'E-mail address',
      institution: 'Institution',
      type: 'Employee type',
      endDate: 'End date',
      decision: 'Current decision',
    },
    noEnd: 'none',
    states: (y) => ({
      undecided: 'no decision',
      renewed: `renewed until 31/12/${y + 1}`,
      'not-renewed': 'not renewed',
      'not-in-review': 'not in the review',
    }),
    decided: (renew, end) =>
      renew
        ? `Decision recorded: the account is renewed until ${formatBelgian(end)}.`
        : `Decision recorded: the account is not renewed; it ends on ${formatBelgian(end)}.`,
    unchanged: 'This decision was already recorded. Nothing changed.',
    notInReview: (y, m) =>
      `This account is no longer part of the yearly review ${y} (it was changed, extended or closed meanwhile). No decision is needed here; if in doubt, write to ${m}.`,
    conflict: 'The account was changed at the same moment. Open the link again and confirm once more.',
    closeTitle: 'Confirm the deactivation in Alma',
    closeExplain:
      'Confirm that this account was deactivated in Alma. It is then closed in account management.',
    closeButton: 'Confirm: deactivated in Alma',
    closed: 'The account is closed.',
    alreadyClosed: 'This account was already closed. Nothing changed.',
    closeChanged:
      'This account changed since the list was sent (extended or modified); nothing was closed. See the next list.',
    done: 'Thank you.',
    provision: {
      title: 'Create this user in Alma?',
      explain: (inst) =>
        `If you confirm, the record below is sent to Alma (${inst}) exactly as shown. No password is sent.`,
      record: 'Record sent to Alma',
      profiles: 'Role profiles',
      button: 'Confirm: create in Alma',
      created: (id) => `The Alma user ${id} was created.`,
      linked: (id) =>
        `Alma already had the user ${id}: it is now linked to the account, nothing was duplicated.`,
      already: (id) => `The Alma user ${id} is already created or linked. Nothing changed.`,
      failed:
        'Alma refused or did not answer; nothing was created. Try again later with this link, or with "alma-accounts alma push".',
      off: 'Creating users in Alma is not switched on for this institution.',
      approvedAlready: (id) =>
        `Creating the Alma user ${id} was already approved (another click); it is done or under way. Nothing more to do.`,
      closed:
        'This account is closed or its closure was asked for: the approval is cancelled, nothing is created in Alma.',
      answer: 'Alma answered',
      linkTitle: 'Link this existing Alma user to the account?',
      linkExplain: (id, inst) =>
        `Alma (${inst}) already has a user ${id}, which this service did not create. Nothing was changed in it. Check that it is the account's person before linking it.`,
      held: 'The user as Alma holds it',
      linkButton: 'Confirm: link this user',
      linkChanged: 'The Alma user changed since this page was shown; nothing changed. Check it again.',
      emailDiffers: (email) => `Warning: this Alma user's e-mail is not ${email}; it may be another person.`,
      stillWaiting: 'Alma already has a user for this account; nothing was created or changed.',
    },
    problems: {
      invalid: [
        'Invalid link',
        'This link is not valid (it is incomplete or was altered). Nothing was changed. Use the exact link from the message, or contact the helpdesk.',
      ],
      expired: [
        'Expired link',
        'This link has expired: the time for this decision is over. Nothing was changed. Contact the helpdesk if needed.',
      ],
      notFound: ['Page not found', 'This page does not exist.'],
      method: ['Method not allowed', 'Open the link from the message, then use the button on the page.'],
      tooLarge: ['Request too large', 'The request is too large. Nothing was changed.'],
      crossSite: [
        'Request refused',
        'This confirmation does not come from the link’s own page. Nothing was changed. Open the link from the message and use its button.',
      ],
    },
  },
};
