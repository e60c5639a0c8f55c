import type { Language } from '../../config/schema';
import type { AccountType, EmployeeType } from '../account';
import { brusselsDate, brusselsTime, type CalendarDate, formatBelgian } from '../calendar';
import { nameCorrectionHint } from '../name-correction';
import type { RequestFields, RequestKind } from './classify';
import type { FieldName, FieldProblem } from './fields';
import type { AddressUse, FoundAddress } from './sentences';

/** A message to send: the subject and the plain-text body. */
export interface AnswerText {
  subject: string;
  text: string;
}

/** A field the sender must add or correct; `account` = no account matched the request. */
export type MissingItem = FieldName | 'account';

export const REJECTION_REASONS = [
  'shared-forbidden-permissions',
  'account-not-found',
  'not-allowed-for-institution',
  'already-exists',
  'too-large',
  'message-not-verified',
  /** A reply to a request the follow-up sweep closed for want of an answer. */
  'request-abandoned',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

interface Words {
  /** ": " in English and Dutch, " : " in French typography. */
  colon: string;
  hello: string;
  bye: string;
  kindSubject: Record<RequestKind, string>;
  /** Human label per field; the same words the mail reader recognises, so the template can be copied back. */
  label: Record<MissingItem, string>;
  sharedNameLabel: string;
  /** The halves of a person's name, as the reader recognises them (a reply with one line corrects the split). */
  givenNameLabel: string;
  familyNameLabel: string;
  hint: Partial<Record<MissingItem, string>>;
  /** The line that confirms a renewal shortening the account, as the reader recognises it. */
  confirmShortening: string;
  problem: Record<FieldProblem | 'missing' | 'account', string>;
  employeeType: Record<EmployeeType, string>;
  accountType: Record<AccountType, string>;
  noEnd: string;
  accepted: string;
  needsInfo: string;
  rejected: string;
  registered: (reference: string) => string;
  willCreate: string;
  renewed: (who: string, date: string) => string;
  /** The end of employment the request gave, beside the account's new end (a month later, or 31 December). */
  employmentEndGiven: (date: string) => string;
  closing: (who: string, date: string) => string;
  accountEnd: string;
  training: string;
  volunteerReview: string;
  sharedPassword: string;
  keepReference: string;
  needsIntro: (reference: string) => string;
  /** Before the values as the mail was read, so a misreading is seen at once. */
  understoodIntro: string;
  understoodFix: string;
  /** Before the addresses found when the employee's is asked: what each was taken for. */
  addressesIntro: string;
  addressUse: Record<AddressUse, string>;
  templateIntro: string;
  /** Follow-up of a request waiting for fields (issue 15). */
  reminderSubject: string;
  reminderIntro: (reference: string, since: string) => string;
  reminderDeadline: (date: string) => string;
  abandonedSubject: string;
  abandonedText: (reference: string, since: string) => string;
  abandonedAgain: string;
  rejection: Record<RejectionReason, string>;
}

/** French "de" before a name: "d'" before a vowel ("le compte d'Élodie"). */
function ofName(who: string): string {
  return /^[aeiouyàâäéèêëîïôöûüù]/i.test(who) ? `d'${who}` : `de ${who}`;
}

const FR: Words = {
  colon: ' : ',
  hello: 'Bonjour,',
  bye: 'Cordialement,\nLe helpdesk Alma',
  kindSubject: {
    'new-personal': 'Nouveau compte Alma',
    'new-shared': 'Nouveau compte partagé Alma',
    renewal: 'Prolongation de compte Alma',
    closure: 'Désactivation de compte Alma',
    other: 'Votre message',
  },
  label: {
    fullName: 'Prénom et nom',
    email: 'Adresse e-mail',
    employeeType: 'Statut',
    supervisorEmail: 'Employé permanent de référence',
    missionEndDate: 'Date de fin de mission',
    tasks: 'Tâches',
    accountType: 'Type de compte',
    newEndDate: 'Nouvelle date de fin',
    deactivationDate: 'Date de désactivation',
    account: 'Adresse e-mail du compte',
  },
  sharedNameLabel: 'Nom du compte',
  givenNameLabel: 'Prénom',
  familyNameLabel: 'Nom de famille',
  confirmShortening: 'Confirmer : oui',
  hint: {
    employeeType: 'permanent, temporaire, jobiste, stagiaire ou bénévole',
    supervisorEmail: "adresse e-mail d'un employé permanent qui l'accompagne",
    missionEndDate: 'date de fin prévue de la mission, jj/mm/aaaa',
    tasks: 'courte description des tâches',
    accountType: 'personnel ou partagé',
    newEndDate: "nouvelle date de fin d'emploi, jj/mm/aaaa",
    deactivationDate: 'à partir de quand le compte peut être désactivé, jj/mm/aaaa',
  },
  problem: {
    missing: 'manquant',
    'invalid-email': "ce n'est pas une adresse e-mail valide",
    'invalid-date': "ce n'est pas une date valide (jj/mm/aaaa)",
    'past-date': 'cette date est déjà passée',
    'unknown-value': 'valeur non reconnue',
    'too-far': 'date trop lointaine (au plus 5 ans) : indiquez la vraie date de fin',
    'control-characters': 'contient des caractères non permis',
    'not-a-supervisor':
      "doit être un employé permanent de l'institution (ni la personne elle-même, ni un autre compte non permanent)",
    'no-end-for-permanent':
      "un compte permanent ou partagé n'a pas de date de fin : retirez-la, ou corrigez le statut",
    shortens: 'cette date raccourcit le compte ; pour confirmer, répondez avec la ligne « Confirmer : oui »',
    account: 'aucun compte trouvé pour cette adresse',
  },
  employeeType: {
    permanent: 'permanent',
    temporary: 'temporaire',
    student: 'jobiste',
    intern: 'stagiaire',
    volunteer: 'bénévole',
  },
  accountType: { personal: 'personnel', shared: 'partagé' },
  noEnd: 'aucune',
  accepted: 'demande acceptée',
  needsInfo: 'informations manquantes',
  rejected: 'demande refusée',
  registered: (r) => `Votre demande a bien été enregistrée sous la référence ${r}.`,
  willCreate: 'Le helpdesk va créer le compte dans Alma.',
  renewed: (who, date) => `Le compte ${ofName(who)} est prolongé jusqu'au ${date}.`,
  employmentEndGiven: (date) => `(Fin d'emploi indiquée : ${date}.)`,
  closing: (who, date) => `Le compte ${ofName(who)} sera désactivé à partir du ${date}.`,
  accountEnd: 'Fin du compte',
  training:
    'Les tâches comprennent des acquisitions ou du catalogage : la formation de base est vivement recommandée. Les coordinateurs de formation en sont informés.',
  volunteerReview: 'Les comptes des bénévoles sont revus chaque année avant le 31 décembre.',
  sharedPassword:
    "Le mot de passe d'un compte partagé doit être changé une fois par an, à une date qui vous sera annoncée à l'avance.",
  keepReference:
    'Pour toute question sur cette demande, répondez à ce message en gardant la référence dans l’objet.',
  needsIntro: (r) => `Merci pour votre demande (référence ${r}). Pour la traiter, il nous manque ceci :`,
  understoodIntro: 'Voici ce que nous avons compris de votre demande :',
  addressesIntro:
    'Nous n’avons pas pu dire laquelle de ces adresses est celle de la personne ; voici ce que nous avons compris de chacune :',
  addressUse: {
    employee: 'la personne elle-même',
    supervisor: 'employé permanent de référence',
    other: 'une autre personne (contact, réponse, copie ou vous-même)',
    unclear: 'on ne sait pas à qui elle est',
  },
  understoodFix:
    'Si une valeur est mal comprise, corrigez-la dans votre réponse : une ligne « Libellé : valeur » suffit.',
  templateIntro:
    'Répondez simplement à ce message en complétant les lignes ci-dessous (gardez la référence dans l’objet) :',
  reminderSubject: 'rappel, informations manquantes',
  reminderIntro: (r, since) =>
    `Votre demande (référence ${r}) attend toujours une réponse depuis le ${since}. Pour la traiter, il nous manque ceci :`,
  reminderDeadline: (date) =>
    `Sans réponse le ${date}, la demande sera clôturée et devra être envoyée à nouveau. Ceci est le seul rappel.`,
  abandonedSubject: 'demande clôturée sans réponse',
  abandonedText: (r, since) =>
    `Votre demande (référence ${r}) attendait des informations depuis le ${since} et a été clôturée faute de réponse. Aucun compte n'a été créé ni modifié.`,
  abandonedAgain:
    'Si le compte est toujours nécessaire, envoyez une nouvelle demande complète dans un nouveau message (pas en réponse à celui-ci, qui ne rouvre pas la demande).',
  rejection: {
    'shared-forbidden-permissions':
      "Un compte partagé ne reçoit que des droits de services aux usagers (prêt, retour, réservations) et un travail limité sur l'inventaire (holdings, exemplaires, portfolios). Les acquisitions et le catalogage demandent un compte personnel : envoyez une demande de compte personnel pour chaque employé concerné.",
    'account-not-found':
      "Nous n'avons trouvé aucun compte Alma correspondant à votre demande. Vérifiez l'adresse e-mail du compte (ou la référence) et renvoyez la demande.",
    'not-allowed-for-institution':
      "Votre adresse n'est pas enregistrée comme responsable pouvant demander des comptes pour cette bibliothèque. Demandez à un responsable de votre bibliothèque d'envoyer la demande, ou contactez le helpdesk.",
    'already-exists':
      'Un compte Alma existe déjà pour cette adresse e-mail dans votre bibliothèque. Pour le prolonger, envoyez la nouvelle date de fin (« Nouvelle date de fin : jj/mm/aaaa »).',
    'too-large':
      'Votre message est trop volumineux pour être traité automatiquement. Renvoyez la demande sans pièce jointe : les informations dans le texte du message suffisent.',
    'message-not-verified':
      "Votre message n'a pas pu être authentifié (contrôle de l'expéditeur ou antivirus) et n'a donc pas été traité. Renvoyez-le depuis votre adresse professionnelle ou contactez le helpdesk.",
    'request-abandoned':
      "Cette demande a été clôturée faute de réponse dans les délais et ne peut plus être complétée : votre message n'a rien modifié. Si le compte est toujours nécessaire, envoyez une nouvelle demande complète dans un nouveau message (sans la référence dans l'objet).",
  },
};

const NL: Words = {
  colon: ': ',
  hello: 'Beste,',
  bye: 'Met vriendelijke groeten,\nDe Alma-helpdesk',
  kindSubject: {
    'new-personal': 'Nieuwe account Alma',
    'new-shared': 'Nieuwe gedeelde account Alma',
    renewal: 'Verlenging account Alma',
    closure: 'Deactivatie account Alma',
    other: 'Uw bericht',
  },
  label: {
    fullName: 'Voornaam en naam',
    email: 'E-mailadres',
    employeeType: 'Statuut',
    supervisorEmail: 'Begeleider',
    missionEndDate: 'Einde opdracht',
    tasks: 'Taken',
    accountType: 'Soort account',
    newEndDate: 'Nieuwe einddatum',
    deactivationDate: 'Datum deactivatie',
    account: 'E-mailadres van de account',
  },
  sharedNameLabel: 'Naam account',
  givenNameLabel: 'Voornaam',
  familyNameLabel: 'Achternaam',
  confirmShortening: 'Bevestigen: ja',
  hint: {
    employeeType: 'vast, tijdelijk, jobstudent, stagiair of vrijwilliger',
    supervisorEmail: 'e-mailadres van een vaste medewerker die hem of haar begeleidt',
    missionEndDate: 'geplande einddatum van de opdracht, dd/mm/jjjj',
    tasks: 'korte omschrijving van de taken',
    accountType: 'persoonlijk of gedeeld',
    newEndDate: 'nieuwe einddatum van de tewerkstelling, dd/mm/jjjj',
    deactivationDate: 'vanaf wanneer de account gedeactiveerd mag worden, dd/mm/jjjj',
  },
  problem: {
    missing: 'ontbreekt',
    'invalid-email': 'geen geldig e-mailadres',
    'invalid-date': 'geen geldige datum (dd/mm/jjjj)',
    'past-date': 'deze datum ligt al in het verleden',
    'unknown-value': 'waarde niet herkend',
    'too-far': 'datum te ver in de toekomst (hoogstens 5 jaar): geef de echte einddatum',
    'control-characters': 'bevat niet-toegelaten tekens',
    'not-a-supervisor':
      'moet een vaste medewerker van de instelling zijn (niet de persoon zelf, geen andere niet-vaste account)',
    'no-end-for-permanent':
      'een vaste of gedeelde account heeft geen einddatum: laat ze weg, of verbeter het statuut',
    shortens: 'deze datum verkort de account; antwoord ter bevestiging met de regel "Bevestigen: ja"',
    account: 'geen account gevonden voor dit adres',
  },
  employeeType: {
    permanent: 'vast',
    temporary: 'tijdelijk',
    student: 'jobstudent',
    intern: 'stagiair',
    volunteer: 'vrijwilliger',
  },
  accountType: { personal: 'persoonlijk', shared: 'gedeeld' },
  noEnd: 'geen',
  accepted: 'aanvraag aanvaard',
  needsInfo: 'ontbrekende gegevens',
  rejected: 'aanvraag geweigerd',
  registered: (r) => `Uw aanvraag is geregistreerd onder referentie ${r}.`,
  willCreate: 'De helpdesk maakt de account aan in Alma.',
  renewed: (who, date) => `De account van ${who} wordt verlengd tot ${date}.`,
  employmentEndGiven: (date) => `(Opgegeven einde tewerkstelling: ${date}.)`,
  closing: (who, date) => `De account van ${who} wordt gedeactiveerd vanaf ${date}.`,
  accountEnd: 'Einde account',
  training:
    'De taken omvatten aankopen of catalografie: de basisopleiding wordt sterk aanbevolen. De opleidingscoördinatoren zijn op de hoogte gebracht.',
  volunteerReview: 'Accounts van vrijwilligers worden elk jaar vóór 31 december herzien.',
  sharedPassword:
    'Het wachtwoord van een gedeelde account moet één keer per jaar gewijzigd worden, op een datum die we vooraf aankondigen.',
  keepReference:
    'Hebt u een vraag over deze aanvraag? Antwoord op dit bericht en laat de referentie in het onderwerp staan.',
  needsIntro: (r) =>
    `Bedankt voor uw aanvraag (referentie ${r}). Om ze te verwerken, hebben we nog het volgende nodig:`,
  understoodIntro: 'Dit hebben we uit uw aanvraag begrepen:',
  addressesIntro:
    'We konden niet uitmaken welk van deze adressen dat van de persoon is; zo hebben we elk begrepen:',
  addressUse: {
    employee: 'de persoon zelf',
    supervisor: 'vaste begeleider',
    other: 'iemand anders (contact, antwoord, kopie of uzelf)',
    unclear: 'niet duidelijk van wie',
  },
  understoodFix: 'Klopt een waarde niet? Verbeter ze in uw antwoord: een regel „Label: waarde” volstaat.',
  templateIntro:
    'Antwoord gewoon op dit bericht en vul de regels hieronder aan (laat de referentie in het onderwerp staan):',
  reminderSubject: 'herinnering, ontbrekende gegevens',
  reminderIntro: (r, since) =>
    `Uw aanvraag (referentie ${r}) wacht sinds ${since} nog op een antwoord. Om ze te verwerken, hebben we nog het volgende nodig:`,
  reminderDeadline: (date) =>
    `Zonder antwoord op ${date} wordt de aanvraag afgesloten en moet ze opnieuw verstuurd worden. Dit is de enige herinnering.`,
  abandonedSubject: 'aanvraag afgesloten zonder antwoord',
  abandonedText: (r, since) =>
    `Uw aanvraag (referentie ${r}) wachtte sinds ${since} op gegevens en werd afgesloten omdat er geen antwoord kwam. Er werd geen account aangemaakt of gewijzigd.`,
  abandonedAgain:
    'Is de account nog nodig? Stuur dan een nieuwe, volledige aanvraag in een nieuw bericht (niet als antwoord op dit bericht: dat heropent de aanvraag niet).',
  rejection: {
    'shared-forbidden-permissions':
      'Een gedeelde account krijgt enkel rechten voor gebruikersdiensten (uitlenen, terugbrengen, reserveringen) en beperkt werk in de inventaris (holdings, exemplaren, portfolio’s). Aankopen en catalografie vragen een persoonlijke account: vraag een persoonlijke account aan voor elke betrokken medewerker.',
    'account-not-found':
      'We vonden geen Alma-account die bij uw aanvraag past. Controleer het e-mailadres van de account (of de referentie) en stuur de aanvraag opnieuw.',
    'not-allowed-for-institution':
      'Uw adres is niet geregistreerd als verantwoordelijke die accounts mag aanvragen voor deze bibliotheek. Vraag een verantwoordelijke van uw bibliotheek om de aanvraag te sturen, of neem contact op met de helpdesk.',
    'already-exists':
      'Er bestaat al een Alma-account voor dit e-mailadres in uw bibliotheek. Om hem te verlengen, stuurt u de nieuwe einddatum („Nieuwe einddatum: dd/mm/jjjj”).',
    'too-large':
      'Uw bericht is te groot om automatisch te verwerken. Stuur de aanvraag opnieuw zonder bijlagen: de gegevens in de tekst van het bericht volstaan.',
    'message-not-verified':
      'Uw bericht kon niet geverifieerd worden (controle van de afzender of antivirus) en werd daarom niet verwerkt. Stuur het opnieuw vanaf uw professionele adres of neem contact op met de helpdesk.',
    'request-abandoned':
      'Deze aanvraag werd afgesloten omdat er niet tijdig geantwoord werd en kan niet meer aangevuld worden: uw bericht heeft niets gewijzigd. Is de account nog nodig? Stuur dan een nieuwe, volledige aanvraag in een nieuw bericht (zonder de referentie in het onderwerp).',
  },
};

const EN: Words = {
  colon: ': ',
  hello: 'Hello,',
  bye: 'Kind regards,\nThe Alma helpdesk',
  kindSubject: {
    'new-personal': 'New Alma account',
    'new-shared': 'New shared Alma account',
    renewal: 'Alma account renewal',
    closure: 'Alma account closure',
    other: 'Your message',
  },
  label: {
    fullName: 'Full name',
    email: 'Email address',
    employeeType: 'Employee type',
    supervisorEmail: 'Supervisor',
    missionEndDate: 'Mission end date',
    tasks: 'Tasks',
    accountType: 'Account type',
    newEndDate: 'New end date',
    deactivationDate: 'Deactivation date',
    account: 'Account email address',
  },
  sharedNameLabel: 'Account name',
  givenNameLabel: 'Given name',
  familyNameLabel: 'Family name',
  confirmShortening: 'Confirm: yes',
  hint: {
    employeeType: 'permanent, temporary, student, intern or volunteer',
    supervisorEmail: 'email address of a permanent employee who supports them',
    missionEndDate: 'planned end date of the mission, dd/mm/yyyy',
    tasks: 'short description of the tasks',
    accountType: 'personal or shared',
    newEndDate: 'new end date of employment, dd/mm/yyyy',
    deactivationDate: 'from when the account may be deactivated, dd/mm/yyyy',
  },
  problem: {
    missing: 'missing',
    'invalid-email': 'not a valid email address',
    'invalid-date': 'not a valid date (dd/mm/yyyy)',
    'past-date': 'this date is already past',
    'unknown-value': 'value not recognised',
    'too-far': 'too far ahead (at most 5 years): give the real end date',
    'control-characters': 'contains characters that are not allowed',
    'not-a-supervisor':
      'must be a permanent employee of the institution (not the person, nor another non-permanent account)',
    'no-end-for-permanent':
      'a permanent or shared account has no end date: leave it out, or correct the status',
    shortens: 'this date shortens the account; to confirm, reply with the line "Confirm: yes"',
    account: 'no account found for this address',
  },
  employeeType: {
    permanent: 'permanent',
    temporary: 'temporary',
    student: 'student job',
    intern: 'intern',
    volunteer: 'volunteer',
  },
  accountType: { personal: 'personal', shared: 'shared' },
  noEnd: 'none',
  accepted: 'request accepted',
  needsInfo: 'information needed',
  rejected: 'request declined',
  registered: (r) => `Your request has been registered under reference ${r}.`,
  willCreate: 'The helpdesk will create the account in Alma.',
  renewed: (who, date) => `The account of ${who} is extended until ${date}.`,
  employmentEndGiven: (date) => `(End of employment given: ${date}.)`,
  closing: (who, date) => `The account of ${who} will be deactivated from ${date}.`,
  accountEnd: 'Account end',
  training:
    'The tasks include acquisitions or cataloguing: the basic training course is strongly recommended. The training coordinators have been told.',
  volunteerReview: 'Volunteer accounts are reviewed every year before 31 December.',
  sharedPassword:
    'The password of a shared account must be changed once a year, on a date announced in advance.',
  keepReference:
    'For any question about this request, reply to this message and keep the reference in the subject.',
  needsIntro: (r) =>
    `Thank you for your request (reference ${r}). To process it, we still need the following:`,
  understoodIntro: 'This is what we understood from your request:',
  addressesIntro:
    'We could not tell which of these addresses is the person’s own; this is what we took each for:',
  addressUse: {
    employee: 'the person themselves',
    supervisor: 'supervisor',
    other: 'someone else (a contact, the reply, a copy or yourself)',
    unclear: 'not clear whose it is',
  },
  understoodFix: 'If a value is wrong, correct it in your reply: a line "Label: value" is enough.',
  templateIntro:
    'Simply reply to this message and complete the lines below (keep the reference in the subject):',
  reminderSubject: 'reminder, information needed',
  reminderIntro: (r, since) =>
    `Your request (reference ${r}) has been waiting for an answer since ${since}. To process it, we still need the following:`,
  reminderDeadline: (date) =>
    `Without an answer by ${date}, the request will be closed and must be sent again. This is the only reminder.`,
  abandonedSubject: 'request closed without an answer',
  abandonedText: (r, since) =>
    `Your request (reference ${r}) had been waiting for information since ${since} and was closed for want of an answer. No account was created or changed.`,
  abandonedAgain:
    'If the account is still needed, please send a new, complete request in a new message (not as a reply to this one, which does not reopen the request).',
  rejection: {
    'shared-forbidden-permissions':
      'A shared account only gets user-services (fulfillment) permissions (loans, returns, requests) and limited inventory work (holdings, items, portfolios). Acquisitions and cataloguing need a personal account: please request a personal account for each employee concerned.',
    'account-not-found':
      'We found no Alma account matching your request. Please check the account’s email address (or the reference) and send the request again.',
    'not-allowed-for-institution':
      'Your address is not registered as a library manager who may request accounts for this library. Please ask a manager of your library to send the request, or contact the helpdesk.',
    'already-exists':
      'An Alma account already exists for this email address in your library. To extend it, send the new end date ("New end date: dd/mm/yyyy").',
    'too-large':
      'Your message is too large to be processed automatically. Please send the request again without attachments: the details in the text of the message are enough.',
    'message-not-verified':
      'Your message could not be verified (sender or virus check) and was therefore not processed. Please send it again from your work address or contact the helpdesk.',
    'request-abandoned':
      'This request was closed for want of an answer in time and can no longer be completed: your message changed nothing. If the account is still needed, please send a new, complete request in a new message (without the reference in the subject).',
  },
};

const WORDS: Record<Language, Words> = { fr: FR, nl: NL, en: EN };

const subjectOf = (reference: string | undefined, text: string) =>
  reference ? `[${reference}] ${text}` : text;
const body = (...parts: (string | false | undefined | null)[]) =>
  parts.filter((p): p is string => typeof p === 'string').join('\n\n');

export interface AccountSummaryFields {
  fullName: string;
  /** A new personal account: the given and family name as the Alma record will hold them. */
  names?: { givenName: string; familyName: string };
  email: string;
  accountType: AccountType;
  employeeType: EmployeeType;
  supervisorEmail?: string | null;
}

export interface AcceptedAnswerInput {
  language: Language;
  reference: string;
  kind: RequestKind;
  account: AccountSummaryFields;
  /** The account's last day; null = no end (permanent staff, shared accounts). */
  endDate: CalendarDate | null;
  /** For a closure: from when the account will be deactivated. */
  deactivationDate?: CalendarDate | null;
  trainingRecommended: boolean;
  /** The request's values as read (mission end, tasks, new end…), listed so a misreading is seen. */
  understood?: RequestFields;
  /** What happens in Alma (a new account): created, after the helpdesk's approval, by the helpdesk. */
  almaSentence?: string;
}

function summaryLines(
  w: Words,
  account: AccountSummaryFields,
  /** The account's end; undefined leaves the line out (a closure: the deactivation date is the one that counts). */
  endDate: CalendarDate | null | undefined,
  /** Values as read (mission end, tasks), listed before the account end they lead to. */
  read: string[] = [],
): string {
  const shared = account.accountType === 'shared';
  return [
    `${w.label.accountType}${w.colon}${w.accountType[account.accountType]}`,
    `${shared ? w.sharedNameLabel : w.label.fullName}${w.colon}${account.fullName}`,
    !shared && account.names && `${w.givenNameLabel}${w.colon}${account.names.givenName || '—'}`,
    !shared && account.names && `${w.familyNameLabel}${w.colon}${account.names.familyName || '—'}`,
    `${w.label.email}${w.colon}${account.email}`,
    !shared && `${w.label.employeeType}${w.colon}${w.employeeType[account.employeeType]}`,
    !shared && account.supervisorEmail && `${w.label.supervisorEmail}${w.colon}${account.supervisorEmail}`,
    ...read,
    endDate !== undefined && `${w.accountEnd}${w.colon}${endDate ? formatBelgian(endDate) : w.noEnd}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Every value of a request as it was read, one `Label: value` line each (the labels the reader
 * recognises, so a corrected line sent back replaces the value): account kind, name, address,
 * type, supervisor, mission end, tasks, new end, deactivation date.
 */
function understoodLines(w: Words, kind: RequestKind, fields: RequestFields): string[] {
  const shared = kind === 'new-shared' || fields.accountType === 'shared';
  const accountType =
    fields.accountType ??
    (kind === 'new-shared' ? 'shared' : kind === 'new-personal' ? 'personal' : undefined);
  const line = (label: string, value: string | undefined) =>
    value ? `${label}${w.colon}${value}` : undefined;
  return [
    line(w.label.accountType, accountType && w.accountType[accountType]),
    line(shared ? w.sharedNameLabel : w.label.fullName, fields.fullName),
    line(w.label.email, fields.email),
    line(w.label.employeeType, fields.employeeType && w.employeeType[fields.employeeType]),
    line(w.label.supervisorEmail, fields.supervisorEmail),
    line(w.label.missionEndDate, fields.missionEndDate && formatBelgian(fields.missionEndDate)),
    line(w.label.tasks, fields.tasks),
    line(w.label.newEndDate, fields.newEndDate && formatBelgian(fields.newEndDate)),
    line(w.label.deactivationDate, fields.deactivationDate && formatBelgian(fields.deactivationDate)),
  ].filter((l): l is string => l !== undefined);
}

/** Confirmation of an accepted request, with its reference and what will happen. */
export function acceptedAnswer(input: AcceptedAnswerInput): AnswerText {
  const w = WORDS[input.language];
  const { account, endDate, kind } = input;
  const who = account.fullName ? `${account.fullName} (${account.email})` : account.email;
  const understood = input.understood ?? {};
  let main: string;
  if (kind === 'renewal') {
    main = w.renewed(who, endDate ? formatBelgian(endDate) : w.noEnd);
    if (understood.newEndDate) main += ` ${w.employmentEndGiven(formatBelgian(understood.newEndDate))}`;
  } else if (kind === 'closure')
    main = w.closing(who, formatBelgian(input.deactivationDate ?? endDate ?? ('' as CalendarDate)));
  else {
    // The mission end and the tasks as read, beside the summary of the account that will be created.
    const read = [
      account.accountType === 'personal' &&
        understood.missionEndDate &&
        `${w.label.missionEndDate}${w.colon}${formatBelgian(understood.missionEndDate)}`,
      understood.tasks && `${w.label.tasks}${w.colon}${understood.tasks}`,
    ].filter((line): line is string => typeof line === 'string');
    main = `${summaryLines(w, account, endDate, read)}\n\n${input.almaSentence ?? w.willCreate}`;
  }
  const isNew = kind === 'new-personal' || kind === 'new-shared';
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[kind]}${w.colon}${w.accepted}`),
    text: body(
      w.hello,
      w.registered(input.reference),
      main,
      kind === 'new-personal' && account.names && nameCorrectionHint(input.language),
      isNew && input.trainingRecommended && w.training,
      isNew &&
        account.accountType === 'personal' &&
        account.employeeType === 'volunteer' &&
        w.volunteerReview,
      isNew && account.accountType === 'shared' && w.sharedPassword,
      w.keepReference,
      w.bye,
    ),
  };
}

export interface NeedsInfoAnswerInput {
  language: Language;
  reference: string;
  kind: RequestKind;
  missing: MissingItem[];
  invalid?: Partial<Record<FieldName, FieldProblem>>;
  /** The values read from the request so far, listed in full so a misreading is seen and corrected by a reply. */
  understood?: RequestFields;
  /** The addresses the request gives and what each was taken for: listed when the employee's is asked. */
  addresses?: readonly FoundAddress[];
}

/** The "what is missing" list, the values understood and the template to send back. */
function missingBlocks(w: Words, input: Omit<NeedsInfoAnswerInput, 'language' | 'reference'>) {
  const shared = input.kind === 'new-shared';
  const labelOf = (item: MissingItem) => (item === 'fullName' && shared ? w.sharedNameLabel : w.label[item]);
  const items = input.missing.filter((item, i) => input.missing.indexOf(item) === i);
  const reasons = items.map((item) => {
    const problem = item === 'account' ? w.problem.account : w.problem[input.invalid?.[item] ?? 'missing'];
    const hint = w.hint[item];
    return `- ${labelOf(item)}${w.colon}${problem}${hint ? ` – ${hint}` : ''}`;
  });
  const confirming = Object.values(input.invalid ?? {}).includes('shortens');
  const template = [
    ...new Set(items.map((item) => `${labelOf(item)}${w.colon.trimEnd()}`)),
    ...(confirming ? [w.confirmShortening] : []),
  ].join('\n');
  const understoodList = understoodLines(w, input.kind, input.understood ?? {});
  const understood =
    understoodList.length > 0 && `${w.understoodIntro}\n${understoodList.join('\n')}\n\n${w.understoodFix}`;
  const found = items.includes('email') ? (input.addresses ?? []) : [];
  const addresses =
    found.length > 0 &&
    `${w.addressesIntro}\n${found.map((a) => `- ${a.email}${w.colon}${w.addressUse[a.use]}`).join('\n')}`;
  return { reasons: reasons.join('\n'), understood, addresses, template };
}

/** Exactly which fields are missing or wrong, and a template to fill in and send back. */
export function needsInfoAnswer(input: NeedsInfoAnswerInput): AnswerText {
  const w = WORDS[input.language];
  const { reasons, understood, addresses, template } = missingBlocks(w, input);
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.needsInfo}`),
    text: body(
      w.hello,
      `${w.needsIntro(input.reference)}\n${reasons}`,
      understood,
      addresses,
      w.templateIntro,
      template,
      w.bye,
    ),
  };
}

export interface FollowUpAnswerInput extends NeedsInfoAnswerInput {
  /** The day of the last needs-info answer. */
  waitingSince: CalendarDate;
}

/** The one reminder of a request still waiting for fields: what is missing, the template, when it closes. */
export function reminderAnswer(input: FollowUpAnswerInput & { closesOn: CalendarDate }): AnswerText {
  const w = WORDS[input.language];
  const { reasons, understood, template } = missingBlocks(w, input);
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.reminderSubject}`),
    text: body(
      w.hello,
      `${w.reminderIntro(input.reference, formatBelgian(input.waitingSince))}\n${reasons}`,
      understood,
      w.templateIntro,
      template,
      w.reminderDeadline(formatBelgian(input.closesOn)),
      w.bye,
    ),
  };
}

/** To the requester: the request was closed for want of an answer; send a new one if still needed. */
export function abandonedAnswer(input: FollowUpAnswerInput): AnswerText {
  const w = WORDS[input.language];
  const understood = understoodLines(w, input.kind, input.understood ?? {});
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind]}${w.colon}${w.abandonedSubject}`),
    text: body(
      w.hello,
      w.abandonedText(input.reference, formatBelgian(input.waitingSince)),
      understood.length > 0 && `${w.understoodIntro}\n${understood.join('\n')}`,
      w.abandonedAgain,
      w.bye,
    ),
  };
}

const ABANDONED_HELPDESK: Record<
  Language,
  { subject: string; intro: (since: string) => string; missing: string; nothing: string }
> = {
  fr: {
    subject: 'Demande clôturée sans réponse',
    intro: (since) =>
      `Cette demande attendait des informations depuis le ${since} ; elle a été clôturée et le demandeur en a été informé.`,
    missing: 'Il manquait',
    nothing: 'Rien à faire dans Alma.',
  },
  nl: {
    subject: 'Aanvraag afgesloten zonder antwoord',
    intro: (since) =>
      `Deze aanvraag wachtte sinds ${since} op gegevens; ze werd afgesloten en de aanvrager werd verwittigd.`,
    missing: 'Er ontbrak',
    nothing: 'Niets te doen in Alma.',
  },
  en: {
    subject: 'Request closed without an answer',
    intro: (since) =>
      `This request had been waiting for information since ${since}; it was closed and the requester was told.`,
    missing: 'Missing',
    nothing: 'Nothing to do in Alma.',
  },
};

/** To the helpdesk: a request was closed for want of an answer (who asked, what was missing). */
export function abandonedHelpdeskNotice(
  input: FollowUpAnswerInput & { institution: string; requester: string },
): AnswerText {
  const w = WORDS[input.language];
  const a = ABANDONED_HELPDESK[input.language];
  const h = HELPDESK_WORDS[input.language];
  const items = [...new Set(input.missing)].map((item) =>
    item === 'fullName' && input.kind === 'new-shared' ? w.sharedNameLabel : w.label[item],
  );
  return {
    subject: subjectOf(input.reference, `${a.subject} – ${w.kindSubject[input.kind]} (${input.institution})`),
    text: body(
      a.intro(formatBelgian(input.waitingSince)),
      [
        `${h.institution}${w.colon}${input.institution}`,
        `${h.requester}${w.colon}${input.requester}`,
        items.length > 0 && `${a.missing}${w.colon}${items.join(', ')}`,
      ]
        .filter(Boolean)
        .join('\n'),
      understoodLines(w, input.kind, input.understood ?? {}).join('\n') || undefined,
      a.nothing,
    ),
  };
}

export interface RejectedAnswerInput {
  language: Language;
  reason: RejectionReason;
  reference?: string;
  kind?: RequestKind;
}

/** Why a request is refused, and what to do instead. */
export function rejectedAnswer(input: RejectedAnswerInput): AnswerText {
  const w = WORDS[input.language];
  return {
    subject: subjectOf(input.reference, `${w.kindSubject[input.kind ?? 'other']}${w.colon}${w.rejected}`),
    // A closed request is not replied to: its text asks for a new message without the reference.
    text: body(
      w.hello,
      w.rejection[input.reason],
      input.reference && input.reason !== 'request-abandoned' && w.keepReference,
      w.bye,
    ),
  };
}

/** Subject of a mail handed on to the human helpdesk; one "Fwd:" only. */
export function forwardSubject(original: string): string {
  const subject = original.replace(/\s+/g, ' ').trim();
  if (!subject) return 'Fwd: (no subject)';
  return /^(fwd?|tr|wg|doorst)\s*:/i.test(subject) ? subject : `Fwd: ${subject}`;
}

export interface ForwardedMailInput {
  from: string;
  subject: string;
  date: string | null;
  text: string;
  /** Why it was not handled automatically, e.g. "not an account request". */
  reason: string;
}

/** The helpdesk's copy of a mail that is not an account request (or could not be handled). */
/** The mail's own date as the helpdesk reads it: Brussels time ("10/01/2027 09:00 (Brussels)"), else as written. */
function brusselsDateTime(date: string): string {
  const instant = new Date(date);
  if (Number.isNaN(instant.getTime())) return date;
  return `${formatBelgian(brusselsDate(instant))} ${brusselsTime(instant)} (Brussels)`;
}

export function forwardedMail(input: ForwardedMailInput): AnswerText {
  return {
    subject: forwardSubject(input.subject),
    text: body(
      `Forwarded by the account mailbox: ${input.reason}.`,
      [
        `From: ${input.from}`,
        input.date && `Date: ${brusselsDateTime(input.date)}`,
        `Subject: ${input.subject}`,
      ]
        .filter(Boolean)
        .join('\n'),
      input.text.trim(),
    ),
  };
}

export interface HelpdeskCopyInput {
  reference: string;
  kind: RequestKind;
  institution: string;
  /** Who asked (the manager's address). */
  requester: string;
  account: AccountSummaryFields & { tasks?: string };
  endDate: CalendarDate | null;
  deactivationDate?: CalendarDate | null;
  trainingRecommended: boolean;
  language?: Language;
  /** The action line when Alma provisioning tells it (done in Alma, to approve, failed). */
  almaAction?: string;
  /** What Alma received or answered, or the approval link and the record. */
  almaBlock?: string;
}

const HELPDESK_ACTION: Record<Language, Record<RequestKind, string>> = {
  fr: {
    'new-personal': 'À faire dans Alma : créer un compte personnel',
    'new-shared': 'À faire dans Alma : créer un compte partagé',
    renewal: 'À faire dans Alma : prolonger le compte',
    closure: 'À faire dans Alma : désactiver le compte',
    other: 'Pour information',
  },
  nl: {
    'new-personal': 'Te doen in Alma: persoonlijke account aanmaken',
    'new-shared': 'Te doen in Alma: gedeelde account aanmaken',
    renewal: 'Te doen in Alma: account verlengen',
    closure: 'Te doen in Alma: account deactiveren',
    other: 'Ter informatie',
  },
  en: {
    'new-personal': 'To do in Alma: create a personal account',
    'new-shared': 'To do in Alma: create a shared account',
    renewal: 'To do in Alma: extend the account',
    closure: 'To do in Alma: deactivate the account',
    other: 'For information',
  },
};

const HELPDESK_WORDS: Record<
  Language,
  { requester: string; institution: string; tasks: string; training: string; from: string }
> = {
  fr: {
    requester: 'Demandé par',
    institution: 'Institution',
    tasks: 'Tâches',
    training: 'Formation de base recommandée (acquisitions/catalogage) ; coordinateurs prévenus.',
    from: 'Désactivation à partir du',
  },
  nl: {
    requester: 'Aangevraagd door',
    institution: 'Instelling',
    tasks: 'Taken',
    training: 'Basisopleiding aanbevolen (aankopen/catalografie); coördinatoren verwittigd.',
    from: 'Deactivatie vanaf',
  },
  en: {
    requester: 'Requested by',
    institution: 'Institution',
    tasks: 'Tasks',
    training: 'Basic training recommended (acquisitions/cataloguing); coordinators told.',
    from: 'Deactivate from',
  },
};

/** The copy's action line when Alma is the helpdesk's to do ("To do in Alma: create a personal account"). */
export function helpdeskAction(language: Language, kind: RequestKind): string {
  return HELPDESK_ACTION[language][kind];
}

/** The helpdesk's copy of an accepted request: what to do in Alma, for whom. */
export function helpdeskCopy(input: HelpdeskCopyInput): AnswerText {
  const language = input.language ?? 'en';
  const w = WORDS[language];
  const h = HELPDESK_WORDS[language];
  const action = input.almaAction ?? HELPDESK_ACTION[language][input.kind];
  return {
    subject: subjectOf(
      input.reference,
      `${action} – ${input.account.fullName || input.account.email} (${input.institution})`,
    ),
    text: body(
      `${action}.`,
      [
        // A closure's copy names the deactivation date only: the account's former end beside it read as a second end.
        summaryLines(w, input.account, input.kind === 'closure' ? undefined : input.endDate),
        input.account.tasks && `${h.tasks}${w.colon}${input.account.tasks}`,
        input.deactivationDate && `${h.from}${w.colon}${formatBelgian(input.deactivationDate)}`,
        `${h.institution}${w.colon}${input.institution}`,
        `${h.requester}${w.colon}${input.requester}`,
      ]
        .filter(Boolean)
        .join('\n'),
      input.trainingRecommended && h.training,
      input.almaBlock,
    ),
  };
}

export interface TrainingNoticeInput {
  reference: string;
  institution: string;
  fullName: string;
  email: string;
  tasks: string;
  supervisorEmail?: string | null;
  language?: Language;
}

const TRAINING: Record<Language, { subject: string; intro: string; ask: string }> = {
  fr: {
    subject: 'Formation de base recommandée',
    intro:
      'Un nouveau compte Alma a été demandé pour une personne dont les tâches comprennent des acquisitions ou du catalogage.',
    ask: 'La formation de base est vivement recommandée : pouvez-vous lui proposer une session ?',
  },
  nl: {
    subject: 'Basisopleiding aanbevolen',
    intro:
      'Er werd een nieuwe Alma-account aangevraagd voor iemand van wie de taken aankopen of catalografie omvatten.',
    ask: 'De basisopleiding wordt sterk aanbevolen: kunt u een sessie voorstellen?',
  },
  en: {
    subject: 'Basic training recommended',
    intro: 'A new Alma account was requested for someone whose tasks include acquisitions or cataloguing.',
    ask: 'The basic training course is strongly recommended: could you offer them a session?',
  },
};

/** Notice to the training coordinators when the tasks call for the basic training course. */
export function trainingNotice(input: TrainingNoticeInput): AnswerText {
  const language = input.language ?? 'en';
  const w = WORDS[language];
  const t = TRAINING[language];
  const h = HELPDESK_WORDS[language];
  return {
    subject: subjectOf(input.reference, `${t.subject} – ${input.fullName} (${input.institution})`),
    text: body(
      w.hello,
      t.intro,
      [
        `${w.label.fullName}${w.colon}${input.fullName}`,
        `${w.label.email}${w.colon}${input.email}`,
        `${h.institution}${w.colon}${input.institution}`,
        `${h.tasks}${w.colon}${input.tasks}`,
        input.supervisorEmail && `${w.label.supervisorEmail}${w.colon}${input.supervisorEmail}`,
      ]
        .filter(Boolean)
        .join('\n'),
      t.ask,
      w.bye,
    ),
  };
}
