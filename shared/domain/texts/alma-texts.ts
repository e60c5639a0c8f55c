import type { HelpdeskAlmaInput, ManagerAlmaStatus } from '../alma/answer-parts';
import type { AlmaOutcome } from '../alma/helpdesk-mails';
import type { Language } from '../language';

/**
 * What the helpdesk, the operators and the managers are told about Alma (alma/helpdesk-mails.ts and
 * alma/answer-parts.ts compose it): provisioning results, the quota alert, the weekly drift, the
 * question before linking an existing user, and the Alma sentences of the answers to a request.
 */
export interface AlmaTexts {
  none: string;
  subject: Record<AlmaOutcome, string>;
  created: (id: string) => string;
  linked: (id: string) => string;
  updated: (id: string) => string;
  failed: (id: string) => string;
  missing: (id: string) => string;
  dates: (from: string, to: string) => string;
  answer: string;
  by: string;
  account: string;
  retry: string;
  quotaSubject: (institution: string) => string;
  quota: (institution: string, left: number, floor: number) => string;
  driftSubject: (week: string, count: number) => string;
  driftIntro: string;
  missingHead: string;
  differsHead: string;
  unknownHead: string;
  failedHead: string;
  linkSubject: string;
  linkAsk: (id: string) => string;
  linkChanged: string;
  emailDiffers: (email: string) => string;
  heldHead: string;
  linkWould: string;
  linkNoChange: string;
  footer: string;
  /** The manager's sentence about Alma in the confirmation, by provisioning outcome. */
  manager: Record<ManagerAlmaStatus, string>;
  /** The role profiles read from the tasks (manager), or the doubt about them (helpdesk). */
  profiles: { understood: (profiles: string) => string; unsure: string };
  /** The helpdesk copy's Alma action line and block. */
  helpdesk: {
    action: Record<HelpdeskAlmaInput['status'], string>;
    approve: string;
    profiles: string;
    answer: string;
    retry: string;
  };
  expiryDone: (date: string) => string;
  expiryNotDone: string;
  /** Why a renewal or closure leaves Alma alone. */
  nothingInAlma: Record<'closing' | 'cancelled' | 'awaiting-approval', string>;
}

const FR: AlmaTexts = {
  none: 'aucune',
  subject: {
    created: 'Alma : utilisateur créé',
    linked: 'Alma : utilisateur existant lié',
    updated: 'Alma : date d’expiration modifiée',
    failed: 'Alma : échec',
    missing: 'Alma : utilisateur introuvable',
  },
  created: (id) => `L'utilisateur Alma ${id} a été créé.`,
  linked: (id) =>
    `Alma avait déjà un utilisateur ${id} : il est maintenant lié au compte, rien n'a été dupliqué.`,
  updated: (id) => `La date d'expiration de l'utilisateur Alma ${id} a été modifiée.`,
  failed: (id) => `Alma a refusé ou n'a pas répondu pour l'utilisateur ${id} ; rien n'a changé dans Alma.`,
  missing: (id) =>
    `Alma n'a aucun utilisateur ${id}, alors que ce compte devrait en avoir un. Créez-le à la main ou depuis le compte :`,
  dates: (from, to) => `Date d'expiration dans Alma : ${from} → ${to}.`,
  answer: 'Réponse d’Alma',
  by: 'Demandé par',
  account: 'Compte',
  retry: 'Pour réessayer',
  quotaSubject: (inst) => `Quota de l'API Alma bas – ${inst}`,
  quota: (inst, left, floor) =>
    `Il ne reste que ${left} appels à l'API Alma pour ${inst} aujourd'hui (seuil d'alerte : ${floor}). Le quota se renouvelle à minuit ; les appels au-delà sont refusés par Alma (429 DAILY_THRESHOLD).`,
  driftSubject: (week, n) =>
    `Alma et le registre des comptes : ${n} ${n === 1 ? 'différence' : 'différences'} (semaine ${week})`,
  driftIntro: 'Comparaison hebdomadaire des comptes ouverts avec leurs utilisateurs Alma.',
  missingHead: 'Absents dans Alma :',
  differsHead: "Dates d'expiration différentes (registre → Alma) :",
  unknownHead: 'Utilisateurs Alma du groupe du personnel inconnus du registre :',
  failedHead: 'Non vérifié (Alma a refusé ou n’a pas répondu) :',
  linkSubject: 'Alma : utilisateur existant – le lier ?',
  linkAsk: (id) =>
    `Alma a déjà un utilisateur ${id} pour ce compte, que ce service n'a pas créé. Rien n'a été modifié dans Alma. Vérifiez qu'il s'agit bien de cette personne, puis liez-le d'un clic (lien valable 30 jours) :`,
  linkChanged: 'L’utilisateur Alma a changé depuis la dernière vérification : vérifiez-le à nouveau.',
  emailDiffers: (email) =>
    `Attention : l'e-mail de cet utilisateur Alma n'est pas ${email} ; il peut s'agir d'une autre personne.`,
  heldHead: 'L’utilisateur tel qu’Alma le connaît :',
  linkWould:
    'Le lier ne change que ces dates dans Alma (rôles, groupe, nom et tous les autres champs restent tels quels) :',
  linkNoChange: 'Le lier ne change rien dans Alma : ses dates sont déjà celles du compte.',
  footer: 'Message automatique de la gestion des comptes Alma.',
  manager: {
    created: 'Le compte a été créé dans Alma.',
    linked: 'Le compte est lié à son utilisateur existant dans Alma.',
    'awaiting-link':
      "Alma a déjà un utilisateur pour cette adresse ; rien n'y a été modifié. Le compte attend le helpdesk, qui vérifiera cet utilisateur avant de le lier.",
    'awaiting-approval': 'Le compte sera créé dans Alma après l’approbation du helpdesk.',
    'by-helpdesk': 'Le helpdesk va créer le compte dans Alma.',
  },
  profiles: {
    understood: (p) =>
      `Profils de rôles Alma compris d’après les tâches : ${p}. S’ils ne conviennent pas, corrigez les tâches en répondant à ce message.`,
    unsure:
      'Tâches non comprises avec certitude : profil de rôles par défaut attribué ; vérifiez les rôles avec le demandeur.',
  },
  helpdesk: {
    action: {
      'awaiting-approval': 'À approuver : créer l’utilisateur Alma ci-dessous',
      created: 'Fait dans Alma : utilisateur créé',
      linked: 'Fait dans Alma : utilisateur existant lié',
      'awaiting-link': 'À décider : Alma a déjà cet utilisateur, rien n’a été modifié – le lier ?',
      failed: 'À faire dans Alma : la création automatique a échoué',
    },
    approve: 'Vérifiez la fiche et créez-la d’un clic (lien valable 30 jours) :',
    profiles: 'Profils de rôles',
    answer: 'Réponse d’Alma',
    retry: 'Pour réessayer',
  },
  expiryDone: (date) => `Fait dans Alma : date d’expiration ${date}`,
  expiryNotDone: 'Alma n’a pas été modifié',
  nothingInAlma: {
    closing: 'Rien à faire dans Alma : Alma n’a pas d’utilisateur pour ce compte',
    cancelled:
      'Rien à faire dans Alma : l’utilisateur attendait encore l’approbation, elle est annulée (rien n’a été créé)',
    'awaiting-approval':
      'Rien à faire dans Alma pour l’instant : l’utilisateur attend l’approbation, il sera créé avec ces dates',
  },
};

const NL: AlmaTexts = {
  none: 'geen',
  subject: {
    created: 'Alma: gebruiker aangemaakt',
    linked: 'Alma: bestaande gebruiker gekoppeld',
    updated: 'Alma: vervaldatum gewijzigd',
    failed: 'Alma: mislukt',
    missing: 'Alma: gebruiker niet gevonden',
  },
  created: (id) => `De Alma-gebruiker ${id} is aangemaakt.`,
  linked: (id) =>
    `Alma had al een gebruiker ${id}: die is nu aan het account gekoppeld, er werd niets dubbel aangemaakt.`,
  updated: (id) => `De vervaldatum van de Alma-gebruiker ${id} is gewijzigd.`,
  failed: (id) => `Alma weigerde of antwoordde niet voor gebruiker ${id}; in Alma is niets veranderd.`,
  missing: (id) =>
    `Alma heeft geen gebruiker ${id}, terwijl dit account er een zou moeten hebben. Maak hem met de hand aan of vanuit het account:`,
  dates: (from, to) => `Vervaldatum in Alma: ${from} → ${to}.`,
  answer: 'Antwoord van Alma',
  by: 'Gevraagd door',
  account: 'Account',
  retry: 'Opnieuw proberen',
  quotaSubject: (inst) => `Quotum van de Alma-API laag – ${inst}`,
  quota: (inst, left, floor) =>
    `Er blijven vandaag nog maar ${left} oproepen van de Alma-API over voor ${inst} (alarmdrempel: ${floor}). Het quotum wordt om middernacht vernieuwd; oproepen daarboven weigert Alma (429 DAILY_THRESHOLD).`,
  driftSubject: (week, n) =>
    `Alma en het accountregister: ${n} ${n === 1 ? 'verschil' : 'verschillen'} (week ${week})`,
  driftIntro: 'Wekelijkse vergelijking van de open accounts met hun Alma-gebruikers.',
  missingHead: 'Ontbreken in Alma:',
  differsHead: 'Verschillende vervaldata (register → Alma):',
  unknownHead: 'Alma-gebruikers van de personeelsgroep die het register niet kent:',
  failedHead: 'Niet gecontroleerd (Alma weigerde of antwoordde niet):',
  linkSubject: 'Alma: bestaande gebruiker – koppelen?',
  linkAsk: (id) =>
    `Alma heeft al een gebruiker ${id} voor dit account, die deze dienst niet aanmaakte. In Alma werd niets gewijzigd. Controleer of het deze persoon is en koppel hem met één klik (link 30 dagen geldig):`,
  linkChanged: 'De Alma-gebruiker is gewijzigd sinds de vorige controle: controleer hem opnieuw.',
  emailDiffers: (email) =>
    `Opgelet: het e-mailadres van deze Alma-gebruiker is niet ${email}; het kan een andere persoon zijn.`,
  heldHead: 'De gebruiker zoals Alma hem kent:',
  linkWould:
    'Koppelen wijzigt enkel deze data in Alma (rollen, groep, naam en alle andere velden blijven zoals ze zijn):',
  linkNoChange: 'Koppelen wijzigt niets in Alma: de data zijn al die van het account.',
  footer: 'Automatisch bericht van het beheer van de Alma-accounts.',
  manager: {
    created: 'Het account is aangemaakt in Alma.',
    linked: 'Het account is gekoppeld aan de bestaande gebruiker in Alma.',
    'awaiting-link':
      'Alma heeft al een gebruiker voor dit adres; daaraan werd niets gewijzigd. Het account wacht op de helpdesk, die deze gebruiker controleert voordat hij hem koppelt.',
    'awaiting-approval': 'Het account wordt in Alma aangemaakt na goedkeuring door de helpdesk.',
    'by-helpdesk': 'De helpdesk maakt het account aan in Alma.',
  },
  profiles: {
    understood: (p) =>
      `Alma-rolprofielen begrepen uit de taken: ${p}. Kloppen ze niet? Verbeter de taken in een antwoord op dit bericht.`,
    unsure:
      'Taken niet met zekerheid begrepen: standaard rolprofiel toegekend; controleer de rollen met de aanvrager.',
  },
  helpdesk: {
    action: {
      'awaiting-approval': 'Goed te keuren: de Alma-gebruiker hieronder aanmaken',
      created: 'Gedaan in Alma: gebruiker aangemaakt',
      linked: 'Gedaan in Alma: bestaande gebruiker gekoppeld',
      'awaiting-link': 'Te beslissen: Alma heeft deze gebruiker al, er werd niets gewijzigd – koppelen?',
      failed: 'Te doen in Alma: het automatisch aanmaken is mislukt',
    },
    approve: 'Controleer de fiche en maak ze aan met één klik (link 30 dagen geldig):',
    profiles: 'Rolprofielen',
    answer: 'Antwoord van Alma',
    retry: 'Opnieuw proberen',
  },
  expiryDone: (date) => `Gedaan in Alma: vervaldatum ${date}`,
  expiryNotDone: 'Alma werd niet gewijzigd',
  nothingInAlma: {
    closing: 'Niets te doen in Alma: Alma heeft geen gebruiker voor dit account',
    cancelled:
      'Niets te doen in Alma: de gebruiker wachtte nog op goedkeuring, die vervalt (er werd niets aangemaakt)',
    'awaiting-approval':
      'Nu niets te doen in Alma: de gebruiker wacht op goedkeuring en wordt met deze data aangemaakt',
  },
};

const EN: AlmaTexts = {
  none: 'none',
  subject: {
    created: 'Alma: user created',
    linked: 'Alma: existing user linked',
    updated: 'Alma: expiry date changed',
    failed: 'Alma: failed',
    missing: 'Alma: user not found',
  },
  created: (id) => `The Alma user ${id} was created.`,
  linked: (id) => `Alma already had a user ${id}: it is now linked to the account, nothing was duplicated.`,
  updated: (id) => `The expiry date of the Alma user ${id} was changed.`,
  failed: (id) => `Alma refused or did not answer for user ${id}; nothing changed in Alma.`,
  missing: (id) =>
    `Alma has no user ${id}, though this account should have one. Create it by hand, or from the account:`,
  dates: (from, to) => `Expiry date in Alma: ${from} → ${to}.`,
  answer: 'Alma answered',
  by: 'Asked by',
  account: 'Account',
  retry: 'To try again',
  quotaSubject: (inst) => `Alma API quota low – ${inst}`,
  quota: (inst, left, floor) =>
    `Only ${left} Alma API calls are left for ${inst} today (alert floor: ${floor}). The quota renews at midnight; Alma refuses calls beyond it (429 DAILY_THRESHOLD).`,
  driftSubject: (week, n) =>
    `Alma and the account registry: ${n} ${n === 1 ? 'difference' : 'differences'} (week ${week})`,
  driftIntro: 'Weekly comparison of the open accounts with their Alma users.',
  missingHead: 'Missing in Alma:',
  differsHead: 'Expiry dates that differ (registry → Alma):',
  unknownHead: 'Alma users of the staff group the registry does not know:',
  failedHead: 'Not checked (Alma refused or did not answer):',
  linkSubject: 'Alma: existing user – link it?',
  linkAsk: (id) =>
    `Alma already has a user ${id} for this account, which this service did not create. Nothing was changed in Alma. Check that it is this person, then link it with one click (link valid 30 days):`,
  linkChanged: 'Alma’s user changed since it was last checked: check it again.',
  emailDiffers: (email) => `Warning: this Alma user's e-mail is not ${email}; it may be another person.`,
  heldHead: 'The user as Alma holds it:',
  linkWould:
    'Linking changes only these dates in Alma (roles, group, name and every other field stay as they are):',
  linkNoChange: 'Linking changes nothing in Alma: its dates already are the account’s.',
  footer: 'Automatic message from Alma account management.',
  manager: {
    created: 'The account has been created in Alma.',
    linked: 'The account is linked to its existing user in Alma.',
    'awaiting-link':
      'Alma already has a user for this address; nothing was changed in it. The account is waiting for the helpdesk, who will check that user before linking it.',
    'awaiting-approval': 'The account will be created in Alma after the helpdesk’s approval.',
    'by-helpdesk': 'The helpdesk will create the account in Alma.',
  },
  profiles: {
    understood: (p) =>
      `Alma role profiles understood from the tasks: ${p}. If they are not right, correct the tasks in a reply to this message.`,
    unsure:
      'Tasks not understood with confidence: the default role profile was given; check the roles with the requester.',
  },
  helpdesk: {
    action: {
      'awaiting-approval': 'To approve: create the Alma user below',
      created: 'Done in Alma: user created',
      linked: 'Done in Alma: existing user linked',
      'awaiting-link': 'To decide: Alma already has this user, nothing was changed – link it?',
      failed: 'To do in Alma: the automatic creation failed',
    },
    approve: 'Check the record and create it with one click (link valid 30 days):',
    profiles: 'Role profiles',
    answer: 'Alma answered',
    retry: 'To try again',
  },
  expiryDone: (date) => `Done in Alma: expiry date ${date}`,
  expiryNotDone: 'Alma was not changed',
  nothingInAlma: {
    closing: 'Nothing to do in Alma: Alma has no user for this account',
    cancelled:
      'Nothing to do in Alma: the user was still awaiting approval, which is cancelled (nothing was created)',
    'awaiting-approval':
      'Nothing to do in Alma yet: the user awaits approval and will be created with these dates',
  },
};

export const ALMA_TEXTS: Record<Language, AlmaTexts> = { fr: FR, nl: NL, en: EN };
