import type { AccountType, EmployeeType } from '../account';
import type { Language } from '../language';
import type { RequestKind } from '../mail/classify';
import type { FieldProblem } from '../mail/fields';
import type { MissingItem, RejectionReason } from '../mail/request-answers';
import type { AddressUse } from '../mail/sentences';
import { EMPLOYEE_TYPE_TEXTS } from './account-texts';

/**
 * The answers to account requests (mail/request-answers.ts composes them): to the manager, the helpdesk
 * copy, the training coordinators, the follow-up of a request waiting for fields.
 */
export interface RequestTexts {
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
  problem: Record<Exclude<FieldProblem, 'too-far'> | 'missing' | 'account', string>;
  /** A date beyond the horizon (`limits.endDateHorizonYears`, 1–50 years). */
  tooFar: (years: number) => string;
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
  /** To the helpdesk: a request closed for want of an answer. */
  abandonedHelpdesk: { subject: string; intro: (since: string) => string; missing: string; nothing: string };
  /** The helpdesk copy's action line, by request kind ("To do in Alma: create a personal account"). */
  helpdeskAction: Record<RequestKind, string>;
  helpdesk: { requester: string; institution: string; tasks: string; training: string; from: string };
  /** To the training coordinators when the tasks call for the basic training course. */
  trainingNotice: { subject: string; intro: string; ask: string };
}

/** French "de" before a name: "d'" before a vowel ("le compte d'Élodie"). */
function ofName(who: string): string {
  return /^[aeiouyàâäéèêëîïôöûüù]/i.test(who) ? `d'${who}` : `de ${who}`;
}

const FR: RequestTexts = {
  employeeType: EMPLOYEE_TYPE_TEXTS.fr,
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
    'control-characters': 'contient des caractères non permis',
    'not-a-supervisor':
      "doit être un employé permanent de l'institution (ni la personne elle-même, ni un autre compte non permanent)",
    'no-end-for-permanent':
      "un compte permanent ou partagé n'a pas de date de fin : retirez-la, ou corrigez le statut",
    shortens: 'cette date raccourcit le compte ; pour confirmer, répondez avec la ligne « Confirmer : oui »',
    account: 'aucun compte trouvé pour cette adresse',
  },
  accountType: { personal: 'personnel', shared: 'partagé' },
  tooFar: (n) => `date trop lointaine (au plus ${n} an${n === 1 ? '' : 's'}) : indiquez la vraie date de fin`,
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
  abandonedHelpdesk: {
    subject: 'Demande clôturée sans réponse',
    intro: (since) =>
      `Cette demande attendait des informations depuis le ${since} ; elle a été clôturée et le demandeur en a été informé.`,
    missing: 'Il manquait',
    nothing: 'Rien à faire dans Alma.',
  },
  helpdeskAction: {
    'new-personal': 'À faire dans Alma : créer un compte personnel',
    'new-shared': 'À faire dans Alma : créer un compte partagé',
    renewal: 'À faire dans Alma : prolonger le compte',
    closure: 'À faire dans Alma : désactiver le compte',
    other: 'Pour information',
  },
  helpdesk: {
    requester: 'Demandé par',
    institution: 'Institution',
    tasks: 'Tâches',
    training: 'Formation de base recommandée (acquisitions/catalogage) ; coordinateurs prévenus.',
    from: 'Désactivation à partir du',
  },
  trainingNotice: {
    subject: 'Formation de base recommandée',
    intro:
      'Un nouveau compte Alma a été demandé pour une personne dont les tâches comprennent des acquisitions ou du catalogage.',
    ask: 'La formation de base est vivement recommandée : pouvez-vous lui proposer une session ?',
  },
};

const NL: RequestTexts = {
  employeeType: EMPLOYEE_TYPE_TEXTS.nl,
  colon: ': ',
  hello: 'Beste,',
  bye: 'Met vriendelijke groeten,\nDe Alma-helpdesk',
  kindSubject: {
    'new-personal': 'Nieuw account Alma',
    'new-shared': 'Nieuw gedeeld account Alma',
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
    account: 'E-mailadres van het account',
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
    deactivationDate: 'vanaf wanneer het account gedeactiveerd mag worden, dd/mm/jjjj',
  },
  problem: {
    missing: 'ontbreekt',
    'invalid-email': 'geen geldig e-mailadres',
    'invalid-date': 'geen geldige datum (dd/mm/jjjj)',
    'past-date': 'deze datum ligt al in het verleden',
    'unknown-value': 'waarde niet herkend',
    'control-characters': 'bevat niet-toegelaten tekens',
    'not-a-supervisor':
      'moet een vaste medewerker van de instelling zijn (niet de persoon zelf, geen ander niet-vast account)',
    'no-end-for-permanent':
      'een vast of gedeeld account heeft geen einddatum: laat ze weg, of verbeter het statuut',
    shortens: 'deze datum verkort het account; antwoord ter bevestiging met de regel "Bevestigen: ja"',
    account: 'geen account gevonden voor dit adres',
  },
  accountType: { personal: 'persoonlijk', shared: 'gedeeld' },
  tooFar: (n) => `datum te ver in de toekomst (hoogstens ${n} jaar): geef de echte einddatum`,
  noEnd: 'geen',
  accepted: 'aanvraag aanvaard',
  needsInfo: 'ontbrekende gegevens',
  rejected: 'aanvraag geweigerd',
  registered: (r) => `Uw aanvraag is geregistreerd onder referentie ${r}.`,
  willCreate: 'De helpdesk maakt het account aan in Alma.',
  renewed: (who, date) => `Het account van ${who} wordt verlengd tot ${date}.`,
  employmentEndGiven: (date) => `(Opgegeven einde tewerkstelling: ${date}.)`,
  closing: (who, date) => `Het account van ${who} wordt gedeactiveerd vanaf ${date}.`,
  accountEnd: 'Einde account',
  training:
    'De taken omvatten aankopen of catalografie: de basisopleiding wordt sterk aanbevolen. De opleidingscoördinatoren zijn op de hoogte gebracht.',
  volunteerReview: 'Accounts van vrijwilligers worden elk jaar vóór 31 december herzien.',
  sharedPassword:
    'Het wachtwoord van een gedeeld account moet één keer per jaar gewijzigd worden, op een datum die we vooraf aankondigen.',
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
    'Is het account nog nodig? Stuur dan een nieuwe, volledige aanvraag in een nieuw bericht (niet als antwoord op dit bericht: dat heropent de aanvraag niet).',
  rejection: {
    'shared-forbidden-permissions':
      'Een gedeeld account krijgt enkel rechten voor gebruikersdiensten (uitlenen, terugbrengen, reserveringen) en beperkt werk in de inventaris (holdings, exemplaren, portfolio’s). Aankopen en catalografie vragen een persoonlijk account: vraag een persoonlijk account aan voor elke betrokken medewerker.',
    'account-not-found':
      'We vonden geen Alma-account dat bij uw aanvraag past. Controleer het e-mailadres van het account (of de referentie) en stuur de aanvraag opnieuw.',
    'not-allowed-for-institution':
      'Uw adres is niet geregistreerd als verantwoordelijke die accounts mag aanvragen voor deze bibliotheek. Vraag een verantwoordelijke van uw bibliotheek om de aanvraag te sturen, of neem contact op met de helpdesk.',
    'already-exists':
      'Er bestaat al een Alma-account voor dit e-mailadres in uw bibliotheek. Om het te verlengen, stuurt u de nieuwe einddatum („Nieuwe einddatum: dd/mm/jjjj”).',
    'too-large':
      'Uw bericht is te groot om automatisch te verwerken. Stuur de aanvraag opnieuw zonder bijlagen: de gegevens in de tekst van het bericht volstaan.',
    'message-not-verified':
      'Uw bericht kon niet geverifieerd worden (controle van de afzender of antivirus) en werd daarom niet verwerkt. Stuur het opnieuw vanaf uw professionele adres of neem contact op met de helpdesk.',
    'request-abandoned':
      'Deze aanvraag werd afgesloten omdat er niet tijdig geantwoord werd en kan niet meer aangevuld worden: uw bericht heeft niets gewijzigd. Is het account nog nodig? Stuur dan een nieuwe, volledige aanvraag in een nieuw bericht (zonder de referentie in het onderwerp).',
  },
  abandonedHelpdesk: {
    subject: 'Aanvraag afgesloten zonder antwoord',
    intro: (since) =>
      `Deze aanvraag wachtte sinds ${since} op gegevens; ze werd afgesloten en de aanvrager werd verwittigd.`,
    missing: 'Er ontbrak',
    nothing: 'Niets te doen in Alma.',
  },
  helpdeskAction: {
    'new-personal': 'Te doen in Alma: persoonlijk account aanmaken',
    'new-shared': 'Te doen in Alma: gedeeld account aanmaken',
    renewal: 'Te doen in Alma: account verlengen',
    closure: 'Te doen in Alma: account deactiveren',
    other: 'Ter informatie',
  },
  helpdesk: {
    requester: 'Aangevraagd door',
    institution: 'Instelling',
    tasks: 'Taken',
    training: 'Basisopleiding aanbevolen (aankopen/catalografie); coördinatoren verwittigd.',
    from: 'Deactivatie vanaf',
  },
  trainingNotice: {
    subject: 'Basisopleiding aanbevolen',
    intro:
      'Er werd een nieuw Alma-account aangevraagd voor iemand van wie de taken aankopen of catalografie omvatten.',
    ask: 'De basisopleiding wordt sterk aanbevolen: kunt u een sessie voorstellen?',
  },
};

const EN: RequestTexts = {
  employeeType: EMPLOYEE_TYPE_TEXTS.en,
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
    employeeType: 'permanent, temporary, student job, intern or volunteer',
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
    'control-characters': 'contains characters that are not allowed',
    'not-a-supervisor':
      'must be a permanent employee of the institution (not the person, nor another non-permanent account)',
    'no-end-for-permanent':
      'a permanent or shared account has no end date: leave it out, or correct the status',
    shortens: 'this date shortens the account; to confirm, reply with the line "Confirm: yes"',
    account: 'no account found for this address',
  },
  accountType: { personal: 'personal', shared: 'shared' },
  tooFar: (n) => `too far ahead (at most ${n} year${n === 1 ? '' : 's'}): give the real end date`,
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
  abandonedHelpdesk: {
    subject: 'Request closed without an answer',
    intro: (since) =>
      `This request had been waiting for information since ${since}; it was closed and the requester was told.`,
    missing: 'Missing',
    nothing: 'Nothing to do in Alma.',
  },
  helpdeskAction: {
    'new-personal': 'To do in Alma: create a personal account',
    'new-shared': 'To do in Alma: create a shared account',
    renewal: 'To do in Alma: extend the account',
    closure: 'To do in Alma: deactivate the account',
    other: 'For information',
  },
  helpdesk: {
    requester: 'Requested by',
    institution: 'Institution',
    tasks: 'Tasks',
    training: 'Basic training recommended (acquisitions/cataloguing); coordinators told.',
    from: 'Deactivate from',
  },
  trainingNotice: {
    subject: 'Basic training recommended',
    intro: 'A new Alma account was requested for someone whose tasks include acquisitions or cataloguing.',
    ask: 'The basic training course is strongly recommended: could you offer them a session?',
  },
};

export const REQUEST_TEXTS: Record<Language, RequestTexts> = { fr: FR, nl: NL, en: EN };
