import type { Language } from '../../config/schema';

/** Every word of the portal's pages, per language (the compiler refuses a missing one). */
export interface PortalTexts {
  title: string;
  skip: string;
  nav: {
    accounts: string;
    requests: string;
    newAccount: string;
    review: string;
    search: string;
    approvals: string;
    drift: string;
    attention: string;
    signOut: string;
  };
  languageLabel: string;
  signIn: {
    heading: string;
    intro: string;
    address: string;
    send: string;
    sent: string;
    linkHeading: string;
    linkIntro: string;
    button: string;
    invalid: string;
    signedOut: string;
    mailSubject: string;
    mailText: (url: string, minutes: number) => string;
  };
  accounts: {
    heading: string;
    search: string;
    searchButton: string;
    filter: string;
    filters: { all: string; ending: string; volunteers: string; closed: string };
    columns: { name: string; email: string; type: string; end: string; status: string; alma: string };
    sortBy: (column: string, direction: 'asc' | 'desc') => string;
    none: string;
    next: string;
    first: string;
    institution: string;
    notSortable: string;
  };
  account: {
    history: string;
    when: string;
    who: string;
    what: string;
    renew: string;
    renewDate: string;
    renewYear: string;
    renewButton: string;
    close: string;
    closeFrom: string;
    closeButton: string;
    fields: Record<'institution' | 'supervisor' | 'tasks' | 'mission' | 'deactivation' | 'created', string>;
    noEnd: string;
  };
  result: {
    heading: string;
    accepted: (reference: string) => string;
    rejected: (reference: string, reason: string) => string;
    missing: string;
    back: string;
  };
  requests: {
    heading: string;
    mine: string;
    institution: string;
    columns: {
      reference: string;
      subject: string;
      received: string;
      changed: string;
      status: string;
      missing: string;
    };
    statuses: Record<'pending' | 'accepted' | 'rejected' | 'abandoned', string>;
  };
  newAccount: {
    heading: string;
    intro: string;
    kind: string;
    personal: string;
    shared: string;
    fullName: string;
    email: string;
    employeeType: string;
    supervisor: string;
    tasks: string;
    missionEnd: string;
    submit: string;
    missing: string;
  };
  review: { heading: string; intro: string; renew: string; notRenew: string; none: string; decided: string };
  approvals: { heading: string; none: string; open: string };
  drift: {
    heading: string;
    none: string;
    ran: (week: string, when: string) => string;
    summary: (accounts: number, almaUsers: number) => string;
    failed: string;
    nothing: string;
    leftOut: (count: number) => string;
    kinds: Record<'missing' | 'differs' | 'unknown', string>;
    columns: { what: string; name: string; email: string; primaryId: string; registry: string; alma: string };
  };
  attention: {
    heading: string;
    forwarded: string;
    failures: string;
    noneForwarded: string;
    noneFailed: string;
    handled: string;
    handledNote: string;
    columns: {
      reference: string;
      institution: string;
      sender: string;
      subject: string;
      received: string;
      why: string;
      account: string;
      answer: string;
    };
  };
  statuses: Record<'active' | 'expiring' | 'expired' | 'closed', string>;
  employeeTypes: Record<'permanent' | 'temporary' | 'student' | 'intern' | 'volunteer', string>;
  accountTypes: Record<'personal' | 'shared', string>;
  notFound: string;
}

const en: PortalTexts = {
  title: 'Alma accounts',
  skip: 'Skip to content',
  nav: {
    accounts: 'Accounts',
    requests: 'Requests',
    newAccount: 'New account',
    review: 'Decisions waiting',
    search: 'Search',
    approvals: 'Alma approvals',
    drift: 'Drift report',
    attention: 'Needing a person',
    signOut: 'Sign out',
  },
  languageLabel: 'Language',
  signIn: {
    heading: 'Sign in',
    intro:
      'Give the address you send your account requests from. We mail you a link to sign in; no password.',
    address: 'E-mail address',
    send: 'Send me a link',
    sent: 'If this address may use the portal, a sign-in link is on its way. It is valid 15 minutes and works once. At most one link a minute is sent.',
    linkHeading: 'Sign in to the Alma accounts portal',
    linkIntro: 'Press the button to sign in. The link then stops working.',
    button: 'Sign in',
    invalid: 'This link is expired, already used or not valid. Ask for a new one.',
    signedOut: 'You are signed out.',
    mailSubject: 'Your sign-in link for the Alma accounts portal',
    mailText: (url, minutes) =>
      `Hello,\n\nTo sign in to the Alma accounts portal, open this link and press "Sign in":\n${url}\n\nThe link is valid ${minutes} minutes and works once. If you did not ask for it, ignore this mail.\n`,
  },
  accounts: {
    heading: 'Accounts',
    search: 'Name or address begins with',
    searchButton: 'Search',
    filter: 'Show',
    filters: {
      all: 'Open accounts',
      ending: 'Ending within 30 days',
      volunteers: 'Volunteers',
      closed: 'Closed',
    },
    columns: {
      name: 'Name',
      email: 'Address',
      type: 'Type',
      end: 'End date',
      status: 'Status',
      alma: 'Alma',
    },
    sortBy: (column, direction) => `Sort by ${column}, ${direction === 'asc' ? 'ascending' : 'descending'}`,
    none: 'No account.',
    next: 'Next page',
    first: 'First page',
    institution: 'Institution',
    notSortable: 'not sortable',
  },
  account: {
    history: 'History',
    when: 'When',
    who: 'Who',
    what: 'What',
    renew: 'Renew',
    renewDate: 'New end of employment (dd/mm/yyyy)',
    renewYear: 'Renew until 31 December of',
    renewButton: 'Renew',
    close: 'Close',
    closeFrom: 'Close from (dd/mm/yyyy)',
    closeButton: 'Close the account',
    fields: {
      institution: 'Institution',
      supervisor: 'Supervisor',
      tasks: 'Tasks',
      mission: 'End of employment',
      deactivation: 'Deactivation date',
      created: 'Created',
    },
    noEnd: 'no end',
  },
  result: {
    heading: 'Request received',
    accepted: (reference) => `Done: request ${reference}. The answer was mailed to you as for a mail.`,
    rejected: (reference, reason) =>
      `Refused (${reason}): request ${reference}. The answer was mailed to you.`,
    missing: 'Something is missing or not valid; nothing was done:',
    back: 'Back',
  },
  requests: {
    heading: 'Requests',
    mine: 'My requests',
    institution: "My institution's",
    columns: {
      reference: 'Reference',
      subject: 'Subject',
      received: 'Received',
      changed: 'Last change',
      status: 'Status',
      missing: 'Missing',
    },
    statuses: {
      pending: 'waiting for fields',
      accepted: 'accepted',
      rejected: 'refused',
      abandoned: 'abandoned',
    },
  },
  newAccount: {
    heading: 'New account',
    intro: 'The same fields as a request mail. It becomes a request with a reference, answered by mail.',
    kind: 'Account',
    personal: 'Personal',
    shared: 'Shared',
    fullName: 'Full name',
    email: 'E-mail address',
    employeeType: 'Employment',
    supervisor: 'Supervisor (permanent employee’s address)',
    tasks: 'Tasks',
    missionEnd: 'End date (dd/mm/yyyy)',
    submit: 'Send the request',
    missing: 'Missing or not valid',
  },
  review: {
    heading: 'Decisions waiting',
    intro: 'Accounts ending on 31 December: renew them for a year, or let them end.',
    renew: 'Renew',
    notRenew: 'Let it end',
    none: 'No decision waiting.',
    decided: 'Decided',
  },
  approvals: { heading: 'Alma approvals waiting', none: 'No approval waiting.', open: 'Review and approve' },
  drift: {
    heading: 'Latest drift report',
    none: 'No drift report yet.',
    ran: (week, when) => `Week ${week}, compared on ${when}.`,
    summary: (accounts, almaUsers) => `${accounts} open account(s), ${almaUsers} staff user(s) in Alma.`,
    failed: 'Not compared; Alma answered',
    nothing: 'No difference.',
    leftOut: (count) =>
      `${count} more line(s) not shown (the report keeps a limited number per institution).`,
    kinds: { missing: 'missing in Alma', differs: 'expiry differs', unknown: 'unknown to the registry' },
    columns: {
      what: 'Difference',
      name: 'Name',
      email: 'E-mail',
      primaryId: 'Alma user',
      registry: 'Expiry (registry)',
      alma: 'Expiry (Alma)',
    },
  },
  attention: {
    heading: 'Needing a person',
    forwarded: 'Mail forwarded to the helpdesk',
    failures: 'Alma failures',
    noneForwarded: 'No forwarded mail.',
    noneFailed: 'No Alma failure.',
    handled: 'Handled',
    handledNote: 'Marked handled: it left the list.',
    columns: {
      reference: 'Reference',
      institution: 'Institution',
      sender: 'Sender',
      subject: 'Subject',
      received: 'Received',
      why: 'Why forwarded',
      account: 'Account',
      answer: 'Alma’s last answer',
    },
  },
  statuses: { active: 'active', expiring: 'ending soon', expired: 'expired', closed: 'closed' },
  employeeTypes: {
    permanent: 'permanent',
    temporary: 'temporary',
    student: 'student',
    intern: 'intern',
    volunteer: 'volunteer',
  },
  accountTypes: { personal: 'personal', shared: 'shared' },
  notFound: 'Not found.',
};

const fr: PortalTexts = {
  title: 'Comptes Alma',
  skip: 'Aller au contenu',
  nav: {
    accounts: 'Comptes',
    requests: 'Demandes',
    newAccount: 'Nouveau compte',
    review: 'Décisions en attente',
    search: 'Chercher',
    approvals: 'Approbations Alma',
    drift: 'Écarts avec Alma',
    attention: 'À traiter',
    signOut: 'Se déconnecter',
  },
  languageLabel: 'Langue',
  signIn: {
    heading: 'Se connecter',
    intro:
      "Indiquez l'adresse depuis laquelle vous envoyez vos demandes. Nous vous envoyons un lien de connexion ; pas de mot de passe.",
    address: 'Adresse e-mail',
    send: "M'envoyer un lien",
    sent: "Si cette adresse peut utiliser le portail, un lien de connexion est en route. Il est valable 15 minutes et ne sert qu'une fois. Un lien par minute au plus.",
    linkHeading: 'Se connecter au portail des comptes Alma',
    linkIntro: 'Appuyez sur le bouton pour vous connecter. Le lien ne fonctionnera plus ensuite.',
    button: 'Se connecter',
    invalid: 'Ce lien est expiré, déjà utilisé ou non valable. Demandez-en un nouveau.',
    signedOut: 'Vous êtes déconnecté.',
    mailSubject: 'Votre lien de connexion au portail des comptes Alma',
    mailText: (url, minutes) =>
      `Bonjour,\n\nPour vous connecter au portail des comptes Alma, ouvrez ce lien et appuyez sur « Se connecter » :\n${url}\n\nLe lien est valable ${minutes} minutes et ne sert qu'une fois. Si vous ne l'avez pas demandé, ignorez ce message.\n`,
  },
  accounts: {
    heading: 'Comptes',
    search: "Le nom ou l'adresse commence par",
    searchButton: 'Chercher',
    filter: 'Afficher',
    filters: {
      all: 'Comptes ouverts',
      ending: 'Fin dans les 30 jours',
      volunteers: 'Bénévoles',
      closed: 'Clôturés',
    },
    columns: {
      name: 'Nom',
      email: 'Adresse',
      type: 'Type',
      end: 'Date de fin',
      status: 'Statut',
      alma: 'Alma',
    },
    sortBy: (column, direction) =>
      `Trier par ${column}, ${direction === 'asc' ? 'croissant' : 'décroissant'}`,
    none: 'Aucun compte.',
    next: 'Page suivante',
    first: 'Première page',
    institution: 'Institution',
    notSortable: 'non triable',
  },
  account: {
    history: 'Historique',
    when: 'Quand',
    who: 'Qui',
    what: 'Quoi',
    renew: 'Prolonger',
    renewDate: "Nouvelle fin d'emploi (jj/mm/aaaa)",
    renewYear: "Prolonger jusqu'au 31 décembre de",
    renewButton: 'Prolonger',
    close: 'Clôturer',
    closeFrom: 'Clôturer à partir du (jj/mm/aaaa)',
    closeButton: 'Clôturer le compte',
    fields: {
      institution: 'Institution',
      supervisor: 'Responsable',
      tasks: 'Tâches',
      mission: "Fin d'emploi",
      deactivation: 'Date de désactivation',
      created: 'Créé le',
    },
    noEnd: 'sans fin',
  },
  result: {
    heading: 'Demande reçue',
    accepted: (reference) =>
      `Fait : demande ${reference}. La réponse vous a été envoyée comme pour un e-mail.`,
    rejected: (reference, reason) =>
      `Refusé (${reason}) : demande ${reference}. La réponse vous a été envoyée.`,
    missing: "Il manque quelque chose ou une valeur n'est pas valable ; rien n'a été fait :",
    back: 'Retour',
  },
  requests: {
    heading: 'Demandes',
    mine: 'Mes demandes',
    institution: 'Celles de mon institution',
    columns: {
      reference: 'Référence',
      subject: 'Objet',
      received: 'Reçue',
      changed: 'Dernier changement',
      status: 'Statut',
      missing: 'Manque',
    },
    statuses: {
      pending: 'en attente de champs',
      accepted: 'acceptée',
      rejected: 'refusée',
      abandoned: 'abandonnée',
    },
  },
  newAccount: {
    heading: 'Nouveau compte',
    intro:
      "Les mêmes champs qu'un e-mail de demande. Elle devient une demande avec une référence, répondue par e-mail.",
    kind: 'Compte',
    personal: 'Personnel',
    shared: 'Partagé',
    fullName: 'Nom complet',
    email: 'Adresse e-mail',
    employeeType: 'Statut',
    supervisor: "Responsable (adresse d'un employé permanent)",
    tasks: 'Tâches',
    missionEnd: 'Date de fin (jj/mm/aaaa)',
    submit: 'Envoyer la demande',
    missing: 'Manquant ou non valable',
  },
  review: {
    heading: 'Décisions en attente',
    intro: "Comptes qui se terminent le 31 décembre : prolongez-les d'un an ou laissez-les se terminer.",
    renew: 'Prolonger',
    notRenew: 'Laisser se terminer',
    none: 'Aucune décision en attente.',
    decided: 'Décidé',
  },
  approvals: {
    heading: 'Approbations Alma en attente',
    none: 'Aucune approbation en attente.',
    open: 'Vérifier et approuver',
  },
  drift: {
    heading: 'Dernier rapport des écarts avec Alma',
    none: 'Pas encore de rapport des écarts.',
    ran: (week, when) => `Semaine ${week}, comparé le ${when}.`,
    summary: (accounts, almaUsers) =>
      `${accounts} compte(s) ouvert(s), ${almaUsers} utilisateur(s) du personnel dans Alma.`,
    failed: 'Non comparé ; Alma a répondu',
    nothing: 'Aucun écart.',
    leftOut: (count) =>
      `${count} ligne(s) de plus non affichée(s) (le rapport en garde un nombre limité par institution).`,
    kinds: { missing: 'absent dans Alma', differs: 'expiration différente', unknown: 'inconnu du registre' },
    columns: {
      what: 'Écart',
      name: 'Nom',
      email: 'E-mail',
      primaryId: 'Utilisateur Alma',
      registry: 'Expiration (registre)',
      alma: 'Expiration (Alma)',
    },
  },
  attention: {
    heading: 'À traiter par une personne',
    forwarded: 'Messages transférés au helpdesk',
    failures: 'Échecs Alma',
    noneForwarded: 'Aucun message transféré.',
    noneFailed: 'Aucun échec Alma.',
    handled: 'Traité',
    handledNote: 'Marqué comme traité : il a quitté la liste.',
    columns: {
      reference: 'Référence',
      institution: 'Institution',
      sender: 'Expéditeur',
      subject: 'Objet',
      received: 'Reçu',
      why: 'Motif du transfert',
      account: 'Compte',
      answer: 'Dernière réponse d’Alma',
    },
  },
  statuses: { active: 'actif', expiring: 'fin proche', expired: 'expiré', closed: 'clôturé' },
  employeeTypes: {
    permanent: 'permanent',
    temporary: 'temporaire',
    student: 'étudiant',
    intern: 'stagiaire',
    volunteer: 'bénévole',
  },
  accountTypes: { personal: 'personnel', shared: 'partagé' },
  notFound: 'Introuvable.',
};

const nl: PortalTexts = {
  title: 'Alma-accounts',
  skip: 'Naar de inhoud',
  nav: {
    accounts: 'Accounts',
    requests: 'Aanvragen',
    newAccount: 'Nieuwe account',
    review: 'Wachtende beslissingen',
    search: 'Zoeken',
    approvals: 'Alma-goedkeuringen',
    drift: 'Verschillen met Alma',
    attention: 'Te behandelen',
    signOut: 'Afmelden',
  },
  languageLabel: 'Taal',
  signIn: {
    heading: 'Aanmelden',
    intro: 'Geef het adres waarmee u uw aanvragen stuurt. We mailen u een aanmeldlink; geen wachtwoord.',
    address: 'E-mailadres',
    send: 'Stuur mij een link',
    sent: 'Als dit adres het portaal mag gebruiken, is een aanmeldlink onderweg. Hij is 15 minuten geldig en werkt één keer. Hoogstens één link per minuut.',
    linkHeading: 'Aanmelden bij het portaal van de Alma-accounts',
    linkIntro: 'Druk op de knop om u aan te melden. Daarna werkt de link niet meer.',
    button: 'Aanmelden',
    invalid: 'Deze link is verlopen, al gebruikt of niet geldig. Vraag een nieuwe.',
    signedOut: 'U bent afgemeld.',
    mailSubject: 'Uw aanmeldlink voor het portaal van de Alma-accounts',
    mailText: (url, minutes) =>
      `Goedendag,\n\nOm u aan te melden bij het portaal van de Alma-accounts, open deze link en druk op "Aanmelden":\n${url}\n\nDe link is ${minutes} minuten geldig en werkt één keer. Hebt u hem niet gevraagd, negeer dan dit bericht.\n`,
  },
  accounts: {
    heading: 'Accounts',
    search: 'Naam of adres begint met',
    searchButton: 'Zoeken',
    filter: 'Tonen',
    filters: {
      all: 'Open accounts',
      ending: 'Eindigt binnen 30 dagen',
      volunteers: 'Vrijwilligers',
      closed: 'Afgesloten',
    },
    columns: {
      name: 'Naam',
      email: 'Adres',
      type: 'Soort',
      end: 'Einddatum',
      status: 'Status',
      alma: 'Alma',
    },
    sortBy: (column, direction) => `Sorteren op ${column}, ${direction === 'asc' ? 'oplopend' : 'aflopend'}`,
    none: 'Geen account.',
    next: 'Volgende pagina',
    first: 'Eerste pagina',
    institution: 'Instelling',
    notSortable: 'niet sorteerbaar',
  },
  account: {
    history: 'Geschiedenis',
    when: 'Wanneer',
    who: 'Wie',
    what: 'Wat',
    renew: 'Verlengen',
    renewDate: 'Nieuw einde tewerkstelling (dd/mm/jjjj)',
    renewYear: 'Verlengen tot 31 december van',
    renewButton: 'Verlengen',
    close: 'Afsluiten',
    closeFrom: 'Afsluiten vanaf (dd/mm/jjjj)',
    closeButton: 'Het account afsluiten',
    fields: {
      institution: 'Instelling',
      supervisor: 'Verantwoordelijke',
      tasks: 'Taken',
      mission: 'Einde tewerkstelling',
      deactivation: 'Deactivatiedatum',
      created: 'Aangemaakt',
    },
    noEnd: 'geen einde',
  },
  result: {
    heading: 'Aanvraag ontvangen',
    accepted: (reference) => `Gedaan: aanvraag ${reference}. Het antwoord is u gemaild zoals bij een e-mail.`,
    rejected: (reference, reason) =>
      `Geweigerd (${reason}): aanvraag ${reference}. Het antwoord is u gemaild.`,
    missing: 'Er ontbreekt iets of een waarde is niet geldig; er is niets gedaan:',
    back: 'Terug',
  },
  requests: {
    heading: 'Aanvragen',
    mine: 'Mijn aanvragen',
    institution: 'Die van mijn instelling',
    columns: {
      reference: 'Referentie',
      subject: 'Onderwerp',
      received: 'Ontvangen',
      changed: 'Laatste wijziging',
      status: 'Status',
      missing: 'Ontbreekt',
    },
    statuses: {
      pending: 'wacht op velden',
      accepted: 'aanvaard',
      rejected: 'geweigerd',
      abandoned: 'stopgezet',
    },
  },
  newAccount: {
    heading: 'Nieuwe account',
    intro:
      'Dezelfde velden als een aanvraagmail. Het wordt een aanvraag met een referentie, beantwoord per e-mail.',
    kind: 'Account',
    personal: 'Persoonlijk',
    shared: 'Gedeeld',
    fullName: 'Volledige naam',
    email: 'E-mailadres',
    employeeType: 'Statuut',
    supervisor: 'Verantwoordelijke (adres van een vaste medewerker)',
    tasks: 'Taken',
    missionEnd: 'Einddatum (dd/mm/jjjj)',
    submit: 'De aanvraag versturen',
    missing: 'Ontbreekt of niet geldig',
  },
  review: {
    heading: 'Wachtende beslissingen',
    intro: 'Accounts die op 31 december eindigen: verleng ze met een jaar, of laat ze eindigen.',
    renew: 'Verlengen',
    notRenew: 'Laten eindigen',
    none: 'Geen wachtende beslissing.',
    decided: 'Beslist',
  },
  approvals: {
    heading: 'Wachtende Alma-goedkeuringen',
    none: 'Geen wachtende goedkeuring.',
    open: 'Nakijken en goedkeuren',
  },
  drift: {
    heading: 'Laatste verschillenrapport met Alma',
    none: 'Nog geen verschillenrapport.',
    ran: (week, when) => `Week ${week}, vergeleken op ${when}.`,
    summary: (accounts, almaUsers) =>
      `${accounts} open account(s), ${almaUsers} personeelsgebruiker(s) in Alma.`,
    failed: 'Niet vergeleken; Alma antwoordde',
    nothing: 'Geen verschil.',
    leftOut: (count) =>
      `Nog ${count} regel(s) niet getoond (het rapport bewaart er een beperkt aantal per instelling).`,
    kinds: {
      missing: 'ontbreekt in Alma',
      differs: 'vervaldatum verschilt',
      unknown: 'onbekend in het register',
    },
    columns: {
      what: 'Verschil',
      name: 'Naam',
      email: 'E-mail',
      primaryId: 'Alma-gebruiker',
      registry: 'Vervaldatum (register)',
      alma: 'Vervaldatum (Alma)',
    },
  },
  attention: {
    heading: 'Te behandelen door een persoon',
    forwarded: 'Naar de helpdesk doorgestuurde mail',
    failures: 'Alma-fouten',
    noneForwarded: 'Geen doorgestuurde mail.',
    noneFailed: 'Geen Alma-fout.',
    handled: 'Behandeld',
    handledNote: 'Als behandeld gemarkeerd: het staat niet meer in de lijst.',
    columns: {
      reference: 'Referentie',
      institution: 'Instelling',
      sender: 'Afzender',
      subject: 'Onderwerp',
      received: 'Ontvangen',
      why: 'Reden van doorsturen',
      account: 'Account',
      answer: 'Laatste antwoord van Alma',
    },
  },
  statuses: { active: 'actief', expiring: 'eindigt binnenkort', expired: 'verlopen', closed: 'afgesloten' },
  employeeTypes: {
    permanent: 'vast',
    temporary: 'tijdelijk',
    student: 'student',
    intern: 'stagiair',
    volunteer: 'vrijwilliger',
  },
  accountTypes: { personal: 'persoonlijk', shared: 'gedeeld' },
  notFound: 'Niet gevonden.',
};

export const PORTAL_TEXTS: Record<Language, PortalTexts> = { fr, nl, en };
