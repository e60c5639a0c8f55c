import type { Language } from '../language';

/** A wrong given/family split corrected by a reply: the answer's hint, the confirmation, the helpdesk copy. */
export interface NameCorrectionTexts {
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

export const NAME_CORRECTION_TEXTS: Record<Language, NameCorrectionTexts> = {
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
