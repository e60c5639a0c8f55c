import type { Language } from '../language';
import type { BounceChoice } from '../notices/token';

/** The values the bounce and complaint texts name. */
interface FeedbackValues {
  email: string;
  fullName: string;
  institutionName: string;
  detail: string;
  /** The request our answer belonged to (REQ-…), when the bounced mail was one. */
  reference: string | null;
}

type Text = (v: Pick<FeedbackValues, 'email' | 'detail' | 'reference'>) => string;

/** Mail that bounces or is reported as spam (issue 31): the managers' question, the helpdesk's notes, the decision page. */
export interface FeedbackTexts {
  question: {
    subject: (v: Omit<FeedbackValues, 'reference'>) => string;
    intro: (v: Omit<FeedbackValues, 'reference'>) => string;
    ask: string;
    close: string;
    keep: string;
    /** The link to the account's page in the portal, where the same answer can be given. */
    portal: string;
  };
  /** The account's page in the portal while the question is open. */
  portal: {
    notice: (email: string, fullName: string) => string;
    explain: string;
    close: string;
    keep: string;
    /** Helpdesk staff see the question; the institution's managers answer it. */
    managersDecide: string;
  };
  helpdesk: Record<'staff-bounce' | 'answer-bounce' | 'complaint', { subject: Text; text: Text }> & {
    roles: string;
  };
  page: {
    title: (choice: BounceChoice) => string;
    explain: (choice: BounceChoice, email: string) => string;
    button: (choice: BounceChoice) => string;
    closed: string;
    kept: string;
    keptAlready: string;
    alreadyClosed: string;
    changed: string;
    conflict: string;
  };
}

export const FEEDBACK_TEXTS: Record<Language, FeedbackTexts> = {
  fr: {
    question: {
      subject: (v) => `Le courrier vers ${v.email} revient : ${v.fullName} – la personne est-elle partie ?`,
      intro: (v) =>
        `Nos messages à ${v.fullName} <${v.email}> (${v.institutionName}) reviennent : l'adresse n'accepte plus de courrier (${v.detail}). C'est souvent le signe d'un départ. Aucun avis n'est plus envoyé à cette adresse.`,
      ask: 'Ce compte Alma doit-il être clôturé ? Rien ne sera clôturé sans votre réponse.',
      close: "Clôturer le compte à partir d'aujourd'hui",
      keep: 'Garder le compte (la personne est toujours là)',
      portal: 'Ou répondre dans le portail',
    },
    portal: {
      notice: (e, n) => `Le courrier vers ${e} revient : ${n} est-elle partie ?`,
      explain:
        "Aucun avis n'est plus envoyé à cette adresse. Rien ne sera clôturé sans votre réponse ; elle vaut aussi pour les liens du message reçu.",
      close: "Partie : clôturer à partir d'aujourd'hui",
      keep: 'Toujours là : garder le compte',
      managersDecide: "Les gestionnaires de l'institution répondent à cette question.",
    },
    helpdesk: {
      'staff-bounce': {
        subject: (v) => `Adresse de responsable sans réponse : ${v.email}`,
        text: (v) =>
          `Le courrier vers ${v.email} revient (${v.detail}). Cette adresse est celle d'un responsable ou d'un gestionnaire : mettez à jour la configuration ou les comptes concernés. Aucun avis n'y est plus envoyé.`,
      },
      'answer-bounce': {
        subject: (v) => `Notre réponse à ${v.reference ?? 'une demande'} revient : ${v.email}`,
        text: (v) =>
          `Notre réponse à ${v.reference ? `la demande ${v.reference}` : 'une demande'}, envoyée à ${v.email}, est revenue (${v.detail}). Le demandeur ne l'a pas reçue : contactez-le autrement.`,
      },
      complaint: {
        subject: (v) => `Plainte pour courrier indésirable : ${v.email}`,
        text: (v) =>
          `${v.email} a signalé un de nos messages comme indésirable (${v.detail}). Plus aucun avis n'est envoyé à cette adresse ; les réponses à ses propres demandes partent encore.`,
      },
      roles: 'Rôles connus',
    },
    page: {
      title: (c) => (c === 'close' ? "Clôturer ce compte à partir d'aujourd'hui ?" : 'Garder ce compte ?'),
      explain: (c, e) =>
        c === 'close'
          ? `Le courrier vers ${e} revient. En confirmant, le compte est clôturé à partir d'aujourd'hui (et son expiration dans Alma avancée, si Alma est géré ici).`
          : `Le courrier vers ${e} revient. En confirmant, le compte reste ouvert et cette question ne sera plus posée ; aucun avis n'est envoyé à cette adresse tant qu'elle n'est pas corrigée.`,
      button: (c) => (c === 'close' ? 'Confirmer : clôturer' : 'Confirmer : garder'),
      closed: 'Le compte est clôturé. Merci.',
      kept: 'Le compte est gardé. Merci.',
      keptAlready:
        "Un gestionnaire a déjà choisi de garder ce compte (par un lien ou dans le portail). Rien n'a changé.",
      alreadyClosed: "Ce compte était déjà clôturé. Rien n'a changé.",
      changed: "L'adresse de ce compte a changé ou reçoit à nouveau du courrier ; rien n'a été modifié.",
      conflict: 'Le compte a été modifié au même moment. Rouvrez le lien et confirmez à nouveau.',
    },
  },
  nl: {
    question: {
      subject: (v) => `Mail aan ${v.email} komt terug: is ${v.fullName} vertrokken?`,
      intro: (v) =>
        `Onze berichten aan ${v.fullName} <${v.email}> (${v.institutionName}) komen terug: het adres aanvaardt geen mail meer (${v.detail}). Dat wijst vaak op een vertrek. Er gaan geen berichten meer naar dit adres.`,
      ask: 'Moet dit Alma-account afgesloten worden? Niets wordt afgesloten zonder uw antwoord.',
      close: 'Account vanaf vandaag afsluiten',
      keep: 'Account behouden (de persoon is er nog)',
      portal: 'Of antwoord in het portaal',
    },
    portal: {
      notice: (e, n) => `Mail aan ${e} komt terug: is ${n} vertrokken?`,
      explain:
        'Er gaan geen berichten meer naar dit adres. Niets wordt afgesloten zonder uw antwoord; het geldt ook voor de links in de ontvangen mail.',
      close: 'Vertrokken: vanaf vandaag afsluiten',
      keep: 'Nog aanwezig: account behouden',
      managersDecide: 'De beheerders van de instelling beantwoorden deze vraag.',
    },
    helpdesk: {
      'staff-bounce': {
        subject: (v) => `Adres van een verantwoordelijke onbereikbaar: ${v.email}`,
        text: (v) =>
          `Mail aan ${v.email} komt terug (${v.detail}). Dit is het adres van een begeleider of beheerder: werk de configuratie of de betrokken accounts bij. Er gaan geen berichten meer naar dit adres.`,
      },
      'answer-bounce': {
        subject: (v) => `Ons antwoord op ${v.reference ?? 'een aanvraag'} komt terug: ${v.email}`,
        text: (v) =>
          `Ons antwoord op ${v.reference ? `aanvraag ${v.reference}` : 'een aanvraag'}, verstuurd aan ${v.email}, kwam terug (${v.detail}). De aanvrager heeft het niet ontvangen: neem op een andere manier contact op.`,
      },
      complaint: {
        subject: (v) => `Klacht over ongewenste mail: ${v.email}`,
        text: (v) =>
          `${v.email} markeerde een van onze berichten als ongewenst (${v.detail}). Er gaan geen berichten meer naar dit adres; antwoorden op eigen aanvragen gaan nog wel.`,
      },
      roles: 'Bekende rollen',
    },
    page: {
      title: (c) => (c === 'close' ? 'Dit account vanaf vandaag afsluiten?' : 'Dit account behouden?'),
      explain: (c, e) =>
        c === 'close'
          ? `Mail aan ${e} komt terug. Na bevestiging wordt het account vanaf vandaag afgesloten (en de vervaldatum in Alma vervroegd, als Alma hier beheerd wordt).`
          : `Mail aan ${e} komt terug. Na bevestiging blijft het account open en wordt deze vraag niet meer gesteld; er gaan geen berichten naar dit adres zolang het niet verbeterd is.`,
      button: (c) => (c === 'close' ? 'Bevestigen: afsluiten' : 'Bevestigen: behouden'),
      closed: 'Het account is afgesloten. Dank u.',
      kept: 'Het account blijft behouden. Dank u.',
      keptAlready:
        'Een beheerder heeft al gekozen om dit account te behouden (via een link of in het portaal). Er is niets veranderd.',
      alreadyClosed: 'Dit account was al afgesloten. Er is niets veranderd.',
      changed: 'Het adres van dit account is gewijzigd of ontvangt opnieuw mail; er is niets veranderd.',
      conflict: 'Het account werd op hetzelfde moment gewijzigd. Open de link opnieuw en bevestig nogmaals.',
    },
  },
  en: {
    question: {
      subject: (v) => `Mail to ${v.email} bounces: has ${v.fullName} left?`,
      intro: (v) =>
        `Our messages to ${v.fullName} <${v.email}> (${v.institutionName}) bounce: the address no longer takes mail (${v.detail}). That is often a sign that the person left. No more notices go to this address.`,
      ask: 'Should this Alma account be closed? Nothing is closed without your answer.',
      close: 'Close the account from today',
      keep: 'Keep the account (the person is still here)',
      portal: 'Or answer in the portal',
    },
    portal: {
      notice: (e, n) => `Mail to ${e} bounces: has ${n} left?`,
      explain:
        'No more notices go to this address. Nothing is closed without your answer; it also answers the links of the mail you received.',
      close: 'Left: close from today',
      keep: 'Still here: keep the account',
      managersDecide: "The institution's managers answer this question.",
    },
    helpdesk: {
      'staff-bounce': {
        subject: (v) => `A supervisor's or manager's address bounces: ${v.email}`,
        text: (v) =>
          `Mail to ${v.email} bounces (${v.detail}). It is a supervisor's or a manager's address: update the configuration or the accounts concerned. No more notices go there.`,
      },
      'answer-bounce': {
        subject: (v) => `Our answer to ${v.reference ?? 'a request'} bounced: ${v.email}`,
        text: (v) =>
          `Our answer to ${v.reference ? `request ${v.reference}` : 'a request'}, sent to ${v.email}, bounced (${v.detail}). The requester did not get it: reach them another way.`,
      },
      complaint: {
        subject: (v) => `Spam complaint: ${v.email}`,
        text: (v) =>
          `${v.email} marked one of our messages as spam (${v.detail}). No more notices go to this address; answers to its own requests still do.`,
      },
      roles: 'Known roles',
    },
    page: {
      title: (c) => (c === 'close' ? 'Close this account from today?' : 'Keep this account?'),
      explain: (c, e) =>
        c === 'close'
          ? `Mail to ${e} bounces. Once you confirm, the account is closed from today (and its Alma expiry brought forward, where Alma is managed here).`
          : `Mail to ${e} bounces. Once you confirm, the account stays open and this question is not asked again; no notice goes to this address until it is corrected.`,
      button: (c) => (c === 'close' ? 'Confirm: close' : 'Confirm: keep'),
      closed: 'The account is closed. Thank you.',
      kept: 'The account is kept. Thank you.',
      keptAlready:
        'A manager already chose to keep this account (through a link or in the portal). Nothing changed.',
      alreadyClosed: 'This account was already closed. Nothing changed.',
      changed: "This account's address changed or takes mail again; nothing was changed.",
      conflict: 'The account was changed at the same moment. Open the link again and confirm once more.',
    },
  },
};
