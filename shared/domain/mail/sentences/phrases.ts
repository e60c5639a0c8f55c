import type { EmployeeType } from '../../account';

/**
 * The phrases of the sentence reader, FR/NL/EN, as regular expressions over folded sentences (lower
 * case, no accents, "'" for every apostrophe). "Before" patterns end with `$` and are tried on the
 * few words left of a name, an address or a date; "after" patterns start with `^`. Every quantifier is
 * bounded and every pattern runs on one sentence of at most MAX_SENTENCE characters.
 */

const alt = (...parts: string[]) => `(?:${parts.join('|')})`;
const before = (...parts: string[]) => new RegExp(`(?<![a-z'])${alt(...parts)}\\s*[:,(-]?\\s*$`);
const after = (...parts: string[]) => new RegExp(`^\\s*[,)]?\\s*${alt(...parts)}(?![a-z])`);
const anywhere = (...parts: string[]) => new RegExp(`(?<![a-z'])${alt(...parts)}(?![a-z])`);

const WEEKDAY =
  '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?';
const WEEKDAY_WORD = WEEKDAY.replace(/,\?$/, '');
const DAY_PREFIX = `(?: ${WEEKDAY})?(?: (?:le|the|op|on|de))?`;

// ---------------------------------------------------------------- people

/** Words for the person an account is for (singular: plurals speak of readers and patrons). */
// biome-ignore format: word lists read better packed
const ROLE = alt(
  'collegue', 'collaborat(?:eur|rice)', 'employee?', 'agente?', 'membre du personnel', 'stagiaire', 'jobiste',
  'etudiante?(?: jobiste)?', 'benevole', 'volontaire', 'remplacante?', 'recrue', 'bibliothecaire',
  'catalogueu(?:r|se)', 'magasinier(?:e)?', 'assistante?',
  'collega', 'medewerk(?:er|ster)', 'personeelslid', 'stagiair', 'jobstudente?', 'studente?', 'vrijwillig(?:er|ster)',
  'verv(?:anger|angster)', 'bibliothecaris', 'kracht', 'bediende',
  'colleague', 'staff member', 'member of staff', 'intern', 'trainee', 'student(?: worker)?', 'volunteer',
  'librarian', 'catalog(?:u)?er', 'assistant', 'replacement', 'hire', 'starter', 'recruit', 'employee',
);
/** Role words in the plural, for several newcomers introduced together ("Deux jobistes arrivent : …"). */
const ROLES = alt(
  'jobistes',
  'stagiaires',
  'benevoles',
  'volontaires',
  'etudiant(?:e)?s jobistes',
  'jobstudenten',
  'stagiairs',
  'vrijwilligers',
  'student workers',
  'student assistants',
  'interns',
  'trainees',
  'volunteers',
);
const ROLE_LEAD = alt(
  'notre',
  'nos',
  'un',
  'une',
  'le',
  'la',
  "l'",
  'onze',
  'een',
  'de',
  'our',
  'a',
  'an',
  'the',
  'ma',
  'mon',
  'mijn',
  'my',
);
const ROLE_ADJECTIVE = alt('nouvelle?', 'nouvel', 'futur(?:e)?', 'nieuwe?', 'toekomstige', 'new', 'future');
const ACCOUNT = alt('compte', 'acces', 'account', 'toegang', 'access', 'login', 'identifiant');

/** Supervisor words. */
const SUP_FR =
  '(?:responsable|referente?|tut(?:eur|rice)|maitre(?:sse)? de stage|personne de (?:contact|reference)|personne-contact|encadrante?|superviseu(?:r|se)|mentor|employee? permanente? de reference|parrain|marraine|cheffe?(?: de service)?|superieure?(?: hierarchique)?)';
const SUP_NL =
  '(?:begeleider|begeleidster|verantwoordelijke|contactpersoon|mentor|stagebegeleid(?:er|ster)|stagementor|aanspreekpunt|leidinggevende|peter|meter|coach|referentiepersoon|vaste begeleider|diensthoofd|chef)';
const SUP_EN =
  '(?:supervisor|contact person|point of contact|mentor|line manager|manager|reference person|tutor|buddy|contact)';
const SUP_VERB_FR =
  '(?:encadrera|suivra|accompagnera|supervisera|encadre|suit|accompagne|supervise|coachera|coache|formera|forme|guidera|epaulera|parrainera)';
const SUP_VERB_NL = '(?:volgt|begeleidt|coacht|ondersteunt|superviseert)';
const SUP_VERB_EN =
  '(?:supervise|supervises|mentor|mentors|look after|looks after|coach|coaches|oversee|oversees|support|supports|guide|guides)';

/** Left of a name or address: that person supervises the employee. */
export const SUPERVISOR_BEFORE = before(
  `(?:sa|son|leur) (?:futur(?:e)? )?${SUP_FR}(?: (?:sera|est|serait|reste|restera|devient|deviendra))?(?: (?:madame|monsieur|mme|m))?`,
  `(?:la |le |l'|l' )${SUP_FR} (?:sera|est|:)`,
  '(?:encadree?|suivie?|supervisee?|accompagnee?|coachee?|guidee?|formee?|parrainee?|epaulee?|soutenue?)(?: (?:au quotidien|sur place|principalement))? par',
  'sous la (?:responsabilite|supervision|direction|tutelle|houlette) de',
  `(?:haar|zijn|hun) ${SUP_NL}(?: (?:is|wordt|zal zijn|blijft))?`,
  `(?:de|het) ${SUP_NL} (?:is|wordt|zal zijn)`,
  '(?:begeleid|opgevolgd|gecoacht|ondersteund|gesuperviseerd|opgeleid)(?: (?:worden|wordt|zal worden))? door',
  'onder (?:de )?(?:begeleiding|leiding|verantwoordelijkheid|supervisie|hoede|vleugels) van',
  `(?:her|his|their) ${SUP_EN}(?: (?:is|will be|shall be|would be))?`,
  `the ${SUP_EN} (?:is|will be)`,
  '(?:supervised|mentored|managed|coached|overseen|looked after|trained|guided|supported)(?: (?:day to day|on site))? by',
  '(?:reports|will report|reporting|report) to',
  'under the (?:supervision|responsibility|guidance|care) of',
);

/** Right of a name or address: that person supervises the employee. */
export const SUPERVISOR_AFTER = after(
  `(?:qui )?(?:sera|est|serait|reste|restera|devient|deviendra) (?:sa |son |leur |la |le |l')${SUP_FR}`,
  `(?:qui )?(?:l'|le |la |les )${SUP_VERB_FR}`,
  `[,(] ?(?:sa |son |leur )${SUP_FR}`,
  "(?:qui )?(?:assurera|assure) (?:son |sa |le |l')(?:encadrement|suivi|tutorat|accompagnement)",
  "(?:qui )?s'occupera de (?:son |sa )(?:encadrement|suivi|accompagnement)",
  `(?:die )?${SUP_VERB_NL} (?:haar|hem|hen)`,
  `(?:die )?(?:is|wordt|zal|blijft) (?:haar |zijn |hun |de )${SUP_NL}`,
  '(?:die )?zal (?:haar|hem|hen) (?:begeleiden|opvolgen|coachen|ondersteunen|superviseren)',
  `[,(] ?(?:haar |zijn |hun )${SUP_NL}`,
  `(?:who )?(?:will |shall |is going to |is to |would )?${SUP_VERB_EN} (?:her|him|them)`,
  `(?:who )?(?:is|will be|shall be) (?:her |his |their |the )${SUP_EN}`,
  `[,(] ?(?:her |his |their )${SUP_EN}`,
);

/** After "the supervisor" without a possessive: nothing more, or "for her" ("I am the head of the library" is not it). */
const FOR_THEM =
  '(?=\\s*(?:[.,;:!?)]|$| (?:de|du|pour|van|voor|of|for) (?:son|sa|leur|lui|elle|haar|hem|hen|ze|her|him|them)(?![a-z])))';
/** Anywhere in a sentence: the sender says they supervise the employee ("Je serai sa personne de contact"). */
export const SENDER_SUPERVISES = anywhere(
  `je (?:serai|suis|reste|resterai|deviens|deviendrai)(?: moi-meme| personnellement)? (?:sa |son |leur )${SUP_FR}`,
  `je (?:serai|suis|reste|resterai|deviens|deviendrai)(?: moi-meme| personnellement)? (?:la |le |l')${SUP_FR}${FOR_THEM}`,
  "je (?:l'|le |la |les )(?:encadrerai|suivrai|accompagnerai|superviserai|coacherai|formerai|guiderai|epaulerai|parrainerai|encadre|suis|accompagne|supervise|coache|forme|guide)",
  "je vais (?:l'|le |la |les )(?:encadrer|suivre|accompagner|superviser|coacher|former|guider)",
  "c'est moi(?:-meme)? qui (?:l'|le |la |les )?(?:encadre|encadrerai|suis|suivrai|accompagne|accompagnerai|supervise|superviserai)",
  `c'est moi(?:-meme)? (?:sa |son |la |le |l')${SUP_FR}`,
  '(?:encadree?|suivie?|supervisee?|accompagnee?|coachee?|guidee?) par moi(?:-meme)?',
  'sous ma (?:responsabilite|supervision|direction|tutelle)',
  `(?:sa |son |la |le |l')${SUP_FR},? (?:ce sera|c'est) moi(?:-meme)?`,
  "je m'occupe(?:rai)?(?: moi-meme| personnellement)? de (?:son |sa |leur |l')(?:encadrement|suivi|accompagnement|tutorat)",
  "j'assure(?:rai)?(?: moi-meme| personnellement)? (?:son |sa |leur |le |l')(?:encadrement|suivi|tutorat|accompagnement)",
  "c'est moi(?:-meme)? qui (?:m'occupe(?:rai)? de|assure(?:rai)?) (?:son |sa |leur |l')(?:encadrement|suivi|accompagnement|tutorat)",
  `c'est moi(?:-meme)? qui (?:serai|suis) (?:sa |son |leur )${SUP_FR}`,
  `(?:${SUP_FR}|encadrement|suivi)\\s*: moi(?:-meme)?(?![a-z])`,
  'ik(?:zelf)? (?:volg|begeleid|coach|ondersteun|superviseer) (?:haar|hem|hen|ze|hen allebei|ze allebei)',
  `ik(?:zelf)? (?:ben|word|blijf)(?: zelf| persoonlijk)? (?:haar |zijn |hun )${SUP_NL}`,
  `ik(?:zelf)? (?:ben|word|blijf)(?: zelf| persoonlijk)? (?:de |het )${SUP_NL}${FOR_THEM}`,
  `ik(?:zelf)? (?:ben|word|blijf)(?: zelf| persoonlijk)? (?:de |het )?${SUP_NL} (?:van|voor) (?:haar|hem|hen|ze)`,
  'ik(?:zelf)? (?:zal|ga) (?:haar|hem|hen|ze)(?: zelf| persoonlijk)? (?:begeleiden|opvolgen|coachen|ondersteunen|superviseren)',
  'ik(?:zelf)? (?:neem|sta)(?: zelf| persoonlijk)? (?:in voor )?(?:de |haar |zijn |hun )?(?:begeleiding|opvolging)',
  `${SUP_NL}\\s*: (?:ik(?:zelf)?|mezelf)(?![a-z])`,
  `ik(?:zelf)? zal (?:haar |zijn |hun |de )${SUP_NL} zijn`,
  'onder mijn (?:begeleiding|leiding|verantwoordelijkheid|supervisie|hoede|vleugels)',
  '(?:begeleid|opgevolgd|gecoacht|ondersteund)(?: (?:worden|wordt|zal worden))? door mij(?:zelf)?',
  `(?:haar |zijn |hun |de )${SUP_NL},? (?:ben ik|dat ben ik|wordt ik|word ik)(?:zelf)?`,
  "i(?: will| shall|'ll| am going to|'m going to| am|'m)?(?: personally)?(?: be)? (?:supervise|supervising|mentor|mentoring|coach|coaching|look after|looking after|oversee|overseeing|support|supporting|guide|guiding) (?:her|him|them)",
  `i(?: will|'ll| shall) be (?:her |his |their )(?:direct |main |first )?${SUP_EN}`,
  `i(?: am|'m) (?:her |his |their )(?:direct |main |first )?${SUP_EN}`,
  `i(?: will|'ll| shall| am|'m)(?: be)? the ${SUP_EN}${FOR_THEM}`,
  "i(?: will|'ll) (?:be the one )?(?:supervising|mentoring|looking after|taking care of) (?:her|him|them)",
  "i(?: will|'ll| shall)? take care of (?:her|his|their) (?:supervision|onboarding|training)",
  "(?:she|he|they)(?: will|'ll)? (?:report|reports) (?:directly )?to me",
  `(?:${SUP_EN})\\s*: (?:me|myself)(?![a-z])`,
  'under my (?:supervision|responsibility|guidance|care)',
  '(?:supervised|mentored|overseen|managed|coached) by me',
  `(?:her |his |their |the )${SUP_EN} (?:is|will be) me(?:self)?`,
);

/** Right after a sender phrase: "… volg haar niet op", "I will supervise her — not". */
export const NEGATION_AFTER = /^.{0,3}(?:niet|not|pas|never|jamais|nooit|geen)(?![a-z])/;

/** Left of a name or address: a person the sender points to, not the employee. */
// biome-ignore format: word lists read better packed
export const THIRD_PARTY_BEFORE = before(
  `${alt(
    'contacter', 'contactez', 'contacte', 'joindre', 'joignez', 'adressez-vous', 'ecrire a', 'ecrivez a', 'copie', 'cc',
    'kopie', 'contacteer', 'contacteren', 'neem contact', 'contact opnemen', 'terecht bij', 'schrijf naar', 'mail naar',
    'write to', 'reach out to', 'get in touch with', 'contact', 'copying', 'copied', "cc'd", 'de la part de', 'namens',
    'on behalf of', 'transmis par', 'doorgestuurd door', 'forwarded by', 'demande de', 'gevraagd door', 'asked by',
    'convenu avec', 'en accord avec', 'afgesproken met', 'overlegd met', 'agreed with', 'discussed with', 'suite a',
    'signe', 'signed', 'getekend',
    // Where the answer goes: "merci de répondre à ma collègue : …", "send the confirmation to my assistant at …".
    'repondre a', 'repondez a', 'reponse a', 'reponses a', 'renvoyer a', 'envoyer (?:la |votre |les )?(?:confirmation|reponse)s? a',
    'confirmation a', 'en copie', 'antwoorden aan', 'antwoord (?:aan|naar)', 'reageren (?:aan|naar)',
    '(?:stuur|bezorg|zend|mail)(?: [^ ]+)? (?:de |het |uw )?(?:bevestiging|antwoord) (?:naar|aan)', 'bevestiging (?:naar|aan)',
    'reply to', 'respond to', 'answer to', '(?:send|forward|address|mail)(?: [^ ]+)? (?:the |your |any )?(?:confirmation|reply|answer|response)s? to',
    'confirmation to', 'questions? to',
  )}(?: [^ ]+){0,3}?`,
  // Someone of the sender's side who is not the employee: an assistant, a secretary, the IT staff.
  "(?:mon|ma|mijn|my) (?:assistante?|secretaire|assistente?|secretaresse|assistant|secretary|pa)(?: [^ ]+){0,2}?",
  `(?:mon|ma|notre|nos|mijn|onze|my|our|the|le|la|l'|de|het) (?:secretariat|informaticien(?:ne)?|service informatique|technicien(?:ne)?|secretariaat|informaticus|ict(?:-dienst| dienst)?|it(?:-dienst| dienst)?|it (?:department|desk|support|staff|team|officer)|helpdesk)(?: [^ ]+){0,2}?`,
);
export const THIRD_PARTY_AFTER = after(
  "(?:qui )?(?:est|sera|staat|is) (?:en copie|in kopie|in cc|copied|cc'd)",
  '(?:vous|u|you) (?:repondra|renseignera|antwoordt|helpt|will answer|can answer)',
  '(?:can|will|kan|peut) (?:answer|help you|u helpen|vous aider|vous renseigner)',
);

/**
 * A sentence about reaching someone (questions, answers, copies, an assistant, the IT staff): the
 * people and addresses it gives are not the employee's unless the sentence says so next to them.
 */
// biome-ignore format: word lists read better packed
export const SOMEONE_ELSE = anywhere(
  'questions?', 'contact(?:ez|er)', 'joindre', 'joignez', 'repondre', 'repondez', 'reponses?', 'confirmation', 'copie',
  'cc', 'informaticien(?:ne)?', 'service informatique', 'secretariat', 'secretaire',
  'vragen', 'contacteer', 'contacteren', 'contact (?:opnemen|op)', 'get in touch', 'reach out', 'antwoord(?:en)?', 'reageren', 'bevestiging', 'kopie', 'informaticus', 'ict',
  'secretariaat', 'secretaresse', 'reply', 'respond', 'answer', 'copy', 'it (?:department|desk|support|staff|team)',
  'secretary', 'helpdesk',
);

/** Left of a name or address: the person the request is about. */
export const EMPLOYEE_BEFORE = before(
  `${ROLE_LEAD}? ?(?:${ROLE_ADJECTIVE} )?${ROLE}(?: [a-z'-]+){0,3}?`,
  `${ACCOUNT}(?: alma)?(?: (?:personnel|persoonlijke?|personal|individuel|nominatif))?(?: alma)? (?:pour|voor|for|au nom de|op naam van|in the name of|a)(?: ${ROLE_LEAD} (?:${ROLE_ADJECTIVE} )?${ROLE})?`,
  "(?:compte|contrat|mission|stage|engagement|account|contract|opdracht|tewerkstelling|internship|appointment|employment|acces|toegang|access|aanstelling|placement)(?: alma)? (?:de|d'|van|of)",
  "(?:d'|d' )?accueillir(?: [^ ]+){0,6}?",
  `(?:arrivent|arriveront|commencent|commenceront|debutent|rejoignent|rejoindront|starten|beginnen|komen|join us|join|start|arrive|${ROLES})(?: [^ ]+){0,4}?`,
  "(?:aanwerving|indiensttreding|komst|arrivee|aankomst|arrival) (?:de|d'|van|of)",
  '(?:accueillons|accueillerons|accueille|accueillera|accueillir|avons engage|avons recrute|avons embauche|engageons|recrutons|welcome|welcoming|have hired|hired|have recruited|have taken on|are taking on|verwelkomen|verwelkomt|hebben aangeworven|heeft aangeworven|hebben aangenomen|ontvangen)(?: [^ ]+){0,6}?',
  '(?:begint|start|komt|vertrekt|verlaat|loopt|werkt|gaat|treedt|stopt)',
  "(?:s'appelle|se nomme|heet|is called|named|called|name is|nom est|naam is)",
  "(?:coordonnees|donnees|gegevens|contactgegevens|details|contact details) (?:de|d'|van|of|for)",
  "(?:prolonger|prolongez|prolongation|prolonge|verlengen|verlenging|verleng|extend|extending|extension|renew|renewal|desactiver|desactivez|cloturer|fermer|supprimer|bloquer|deactiveren|deactiveer|afsluiten|sluiten|verwijderen|deactivate|disable|close|remove|delete)(?: (?:le|du|het|de|the|la|l'|van|voor|of|for|de la))?(?: (?:compte|account|acces|access|toegang|contract|contrat|login))?(?: alma)?(?: (?:de|d'|van|of|voor|for))?",
);
/** A bare "pour"/"voor"/"for" before a name counts in a sentence that asks for an account. */
export const FOR_BEFORE = before('pour', 'voor', 'for');

/** Right of a name or address: that person arrives, works or leaves. */
// biome-ignore format: word lists read better packed
export const EMPLOYEE_AFTER = after(
  `(?:qui |die |who )?${alt(
    'commence', 'commencera', 'debute', 'debutera', 'rejoint', 'rejoindra', 'arrive', 'arrivera',
    'entre(?:ra)? en (?:service|fonction)', 'nous rejoint', 'nous rejoindra', 'va nous rejoindre', 'vient nous',
    'viendra', 'vient', 'est engagee?', 'a ete engagee?', 'sera engagee?', 'a ete recrutee?', 'est recrutee?',
    'sera parmi nous', 'fera', 'effectuera', 'travaillera', 'aidera', 'est (?:notre|un|une)', 'sera (?:notre|un|une)',
    'remplace(?:ra)?', 'va remplacer', 'vervangt', 'zal (?:[a-z]+ ){0,2}vervangen', 'replaces', 'will replace', 'is replacing',
    'quitte', 'quittera', 'nous quitte', 'a quitte', 'part', 'partira', "s'en va", 'prend sa retraite',
    'part a la retraite', 'partira a la retraite', 'ne travaille plus', "n'est plus",
    'begint', 'start', 'komt', 'zal', 'gaat', 'is aangeworven', 'werd aangeworven', 'wordt aangeworven',
    'is aangenomen', 'treedt', 'loopt', 'werkt', 'is (?:onze|een)', 'wordt (?:onze|een)', 'versterkt', 'helpt',
    'vertrekt', 'verlaat', 'stopt', 'is vertrokken', 'werkt niet meer', 'is niet langer',
    'verwelkomen', `(?:sera|est|devient|deviendra) (?:notre |un |une )?(?:nouvel(?:le)? )?${ROLE}`,
    `(?:wordt|is) (?:onze |een )?(?:nieuwe )?${ROLE}`,
    'starts', 'will', 'is starting', 'joins', 'has joined', 'is joining', 'joined', 'begins', 'has been hired',
    'was hired', 'is (?:our|a|an)', 'arrives', 'is leaving', 'leaves', 'has left', 'left', 'is retiring',
    'retires', 'no longer works', 'is no longer', 'departs', 'finishes', 'stops', 'is stopping',
  )}`,
);

/** Left of an address with no name: it is the employee's ("Son adresse est …", "Her address is …"). */
export const PRONOUN_ADDRESS_BEFORE = before(
  '(?:son|sa|ses|leur) (?:adresse(?: e-?mail| mail| electronique| courriel)?|e-?mail|courriel|mail)(?: (?:professionnelle?|pro|de travail|personnelle))?(?: (?:est|sera|:))?',
  "(?:il|elle) (?:est|sera) joignable (?:a|via|sur|par)(?: l'adresse)?",
  "(?:vous pouvez|on peut) (?:la|le|l') ?(?:joindre|contacter) (?:a|via|sur)(?: l'adresse)?",
  '(?:son|sa) compte(?: alma)?',
  '(?:zijn|haar|hun) (?:e-?mailadres|e-?mail|adres|mailadres|e-mail adres|emailadres)(?: (?:is|wordt|luidt))?',
  '(?:hij|zij|ze) is (?:bereikbaar|te bereiken) (?:op|via)',
  '(?:zijn|haar) account',
  '(?:his|her|their) (?:e-?mail(?: address)?|address|mail address|work e-?mail(?: address)?)(?: (?:is|will be))?',
  '(?:he|she|they) can be (?:reached|contacted) (?:at|via|on)',
  '(?:his|her|their) (?:alma )?account',
);
/** Left of an address: "l'adresse de Thomas est …", "het adres van Sara is …", "Emma's address is …". */
export const NAMED_ADDRESS_BEFORE = before(
  "l'adresse (?:e-?mail |mail |electronique )?(?:de |d'|d' )[^ ]+(?: [^ ]+){0,2} (?:est|sera)",
  'het (?:e-?mail)?adres van [^ ]+(?: [^ ]+){0,2} (?:is|luidt)',
  "[^ ]+'s (?:e-?mail(?: address)?|address) is",
);
/** Left of an address that follows a name: "Thomas Leroy (…)", "Thomas Leroy, …", "Thomas Leroy – e-mail : …". */
export const NAME_ADDRESS_GAP =
  /^ ?(?:[(<[]|, ?|- ?|: ?|; ?)? ?(?:(?:e-?mail|adresse(?: e-?mail)?|courriel|mail|adres|e-?mailadres|address)(?: ?:)? ?)?(?:mailto:)?$/;

// ---------------------------------------------------------------- sentences

/** Words for several newcomers at once ("Both will work at the loan desk"). */
// biome-ignore format: word list reads better packed
const BOTH = ['both(?: of them)?', 'each of them', 'the two of them', 'tous (?:les )?deux', 'toutes (?:les )?deux', 'les deux', 'ils', 'elles', 'beiden', 'allebei', 'ze (?:zullen|gaan) (?:allebei|beiden)'];

/** A how-to question is not a request, whatever it names. */
export const HOW_QUESTION =
  /^(?:et |and |en )?(?:comment|how (?:do|can|should|to|does)|hoe (?:kan|moet|kunnen|doe|maak|werkt))\b/;
/** "Bonjour Madame Martin," at the start of a sentence: the person greeted is not the employee. */
export const GREETING =
  /^(?:bonjour|bonsoir|chere?s?|beste|dag|hallo|hoi|goedemorgen|goedemiddag|geachte|dear|hello|hi|good morning|good afternoon)(?![a-z])[^,.!?]{0,40}[,!]\s*/;

/** Words that make a sentence about the employee (a pronoun, the contract, the account, a role). */
// biome-ignore format: word lists read better packed
export const ABOUT_SOMEONE = anywhere(
  'il', 'elle', 'iel', 'lui', 'son', 'sa', 'ses', 'hij', 'zij', 'ze', 'hem', 'haar', 'zijn', 'he', 'she',
  'him', 'her', 'his', 'they', 'them', 'their',
  'contrat', 'mission', 'stage', 'job', 'engagement', 'contract', 'opdracht', 'tewerkstelling',
  'internship', 'employment', 'appointment', 'placement', 'compte', 'account', 'acces', 'toegang', 'access',
  ROLE, ROLES, ...BOTH,
);
/** A role word in a sentence: "Nous accueillons une stagiaire …" announces someone even before the name is given. */
export const ROLE_WORD = anywhere(ROLE);

/** Subject pronouns: the last one before a date says who the date is about. */
export const SUBJECTS =
  /(?:^|[^a-z'])(je|j'|ik|i|il|elle|iel|on|hij|zij|ze|he|she|they|qui|die|who)(?=[^a-z]|$)/g;
export const FIRST_PERSON = new Set(['je', "j'", 'ik', 'i']);

// ---------------------------------------------------------------- dates

/** Left of a date: the end of the mission (or, in a renewal, the new end). */
export const END_BEFORE = before(
  `jusqu ?' ?(?:au|a|a la fin du|en)${DAY_PREFIX}`,
  `(?:se )?(?:termine(?:ra)?|achevera|s'achevera|finit|finira|prend fin|prendra fin|expire(?:ra)?|court)(?: jusqu ?' ?au)?${DAY_PREFIX}`,
  "fin (?:de (?:son |sa |la |du |l'|leur )?)?(?:contrat|mission|stage|engagement|job|emploi|collaboration|remplacement)(?: (?:est|sera|prevue?|est prevue?|:)){0,2}(?: (?:le|au|pour le))?",
  'date de fin(?: (?:de (?:son |sa |la |du )?)?(?:contrat|mission|stage))?(?: (?:est|sera|prevue?|:)){0,2}(?: le)?',
  `tot en met${DAY_PREFIX}`,
  `t\\.?e\\.?m\\.?${DAY_PREFIX}`,
  't/m',
  `tot${DAY_PREFIX}`,
  `(?:loopt|duurt|blijft) (?:tot|door tot|af op)${DAY_PREFIX}`,
  `eindigt(?: op)?${DAY_PREFIX}`,
  `(?:loopt af|afloopt) op${DAY_PREFIX}`,
  'einde (?:van )?(?:het |de |zijn |haar )?(?:contract|opdracht|stage|tewerkstelling|overeenkomst|job)(?: (?:is|valt|wordt|:)){0,2}(?: op)?',
  'einddatum(?: (?:is|wordt|:))?(?: op)?',
  `(?:until|till|til|through|up to|up until)${DAY_PREFIX}`,
  `(?:ends|will end|ending|finishes|will finish|expires|will expire|runs out|terminates|end)(?: on)?${DAY_PREFIX}`,
  'end (?:of (?:her |his |their |the )?)?(?:contract|internship|mission|placement|employment|assignment|job)(?: (?:is|will be|:)){0,2}(?: on)?',
  'end date(?: (?:is|will be|:))?',
  `(?:runs|run) (?:until|till|to)${DAY_PREFIX}`,
  // "du 3 mars au …", "from 3 March to …", "from March 3rd to …": the start of a range written without its year.
  `(?:du|from|van) (?:le |the )?(?:\\d{1,2}(?:er|e|st|nd|rd|th)?(?: [a-z]{3,9}\\.?)?|[a-z]{3,9}\\.? \\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}[/.-]\\d{1,2}) (?:au|to|until|till|tot)${DAY_PREFIX}`,
);
/** Left of a date: the last working day. */
export const LAST_DAY_BEFORE = before(
  '(?:dernier jour|derniere journee)(?: (?:de travail|de prestation|ouvrable|chez nous|de contrat|de stage))?(?: (?:est|sera|:|tombe)){0,2}(?: (?:le|fixe au|prevu le))?',
  'laatste (?:werk)?dag(?: (?:bij ons|op het werk))?(?: (?:is|wordt|valt|zal zijn|:)){0,2}(?: op)?',
  'last (?:working |work )?day(?: (?:at work|with us|here|in the office))?(?: (?:is|will be|was|:)){0,2}(?: on)?(?: the)?',
);
/** Left of a date: "désactivé à partir du", "gedeactiveerd vanaf", "switched off from". */
export const DEACTIVATION_BEFORE = before(
  `(?:desactive(?:e|r|z)?|deactive|cloture(?:r|z)?|ferme(?:r|z)?|supprime(?:r|z)?|bloque(?:r|z)?|coupe(?:r|z)?|arrete(?:r|z)?|gedeactiveerd|deactiveren|deactiveer|afgesloten|afsluiten|sluit|stopgezet|stopzetten|verwijderd|verwijderen|geblokkeerd|blokkeren|uitgeschakeld|uitschakelen|deactivated|deactivate|disabled|disable|closed|close|switched off|switch off|turned off|turn off|shut down|removed|remove|blocked|block|suspended|suspend)(?: [^ ]+){0,4}? (?:a partir du|a partir de|a partir d'|des le|des|le|au|a compter du|vanaf|op|per|met ingang van|from|as of|on|starting|after|effective)${DAY_PREFIX}`,
);
/** Left of a date, in a sentence that closes an account: "à partir du", "vanaf", "from". */
export const FROM_BEFORE = before(
  `(?:a partir du|a partir de|des le|a compter du|vanaf|met ingang van|per|from|as of|starting|effective)${DAY_PREFIX}`,
);
/** Right of a date: "… 1 maart 2027 mag zijn account gedeactiveerd worden". */
export const DEACTIVATION_WORDS = anywhere(
  'desactive(?:e|r|z)?',
  'cloture(?:r|z)?',
  'fermer',
  'supprimer',
  'bloquer',
  'gedeactiveerd',
  'deactiveren',
  'deactiveer',
  'afgesloten',
  'afsluiten',
  'stopgezet',
  'stopzetten',
  'geblokkeerd',
  'uitgeschakeld',
  'deactivated',
  'deactivate',
  'disabled',
  'disable',
  'closed',
  'switched off',
  'turned off',
  'removed',
  'blocked',
  'suspended',
);
/** Left of a date: the employee leaves ("quitte la bibliothèque le", "vertrekt op", "is leaving us on"). */
export const LEAVING_BEFORE = before(
  `(?:quitte|quittera|quittait|a quitte|part|partira|s'en va|s'en ira|depart|retraite|vertrekt|vertrek|verlaat|vertrokken|uit dienst|pensioen|leaves|leaving|will leave|left|retires|retiring|retirement|departs|departure)(?: [^ ]+){0,5}? (?:le|au|op|per|on|vanaf|from|is|est|sera|will be)${DAY_PREFIX}`,
  `(?:quitte|vertrekt|leaves|leaving)${DAY_PREFIX}`,
);
/** Left of a date, in a renewal: the new end ("prolongé jusqu'au", "verlengd tot", "extended until"). */
export const RENEWED_BEFORE = before(
  `(?:prolonge|prolongee|prolonger|prolongation|reconduit|reconduite|renouvele|renouvelee|verlengd|verlengen|verlenging|hernieuwd|extended|extend|extension|renewed|renew)(?: [^ ]+){0,6}? (?:jusqu ?' ?(?:au|a)|tot(?: en met)?|until|till|through|to|t/m|au)${DAY_PREFIX}`,
);
/** Between two dates of a range: "du … au …", "van … tot …", "from … to …". */
export const RANGE_GAP = /^ ?(?:au|tot|to|until|till|-|a|t\/m|et le|and) ?$/;
export const RANGE_START_BEFORE = before(
  `(?:du|van|from|vanaf|entre le|between|a partir du|de)${DAY_PREFIX}`,
);
/**
 * The clause before a date speaks of something else than the mission: a leave, a closing, a course,
 * a trial period ("sa période d'essai court jusqu'au …"), a part-time period ("à mi-temps jusqu'au …").
 */
export const NOT_MISSION = anywhere(
  "periode d'essai",
  "(?:en |a l')?essai",
  'probation(?:ary)?(?: period)?',
  'trial(?: period)?',
  'proef(?:periode|tijd|termijn)?',
  'mi-temps',
  'temps partiel',
  'deeltijd(?:s|se)?',
  'halftijd(?:s|se)?',
  'part[- ]?time',
  'reduced hours',
  // Another person's contract: "le contrat de son prédécesseur se termine le …".
  'predecesseu(?:r|se)s?',
  'voorgang(?:er|ster)s?',
  'predecessors?',
  "(?:la personne|celui|celle) qu'(?:il|elle) remplace",
  'die (?:hij|ze|zij) vervangt',
  '(?:the person|whom|who) (?:she|he|they) (?:replaces|is replacing|will replace)',
  'conges?',
  'vacances',
  'absente?',
  'malade',
  'maladie',
  'fermee?s?',
  'closed',
  'holidays?',
  'leave',
  'away',
  'out of (?:the )?office',
  'verlof',
  'vakantie',
  'afwezig',
  'ziek',
  'gesloten',
  'formation',
  'opleiding',
  'training',
  'cours',
  'course',
  'reunion',
  'meeting',
  'vergadering',
  'devait',
  'zou',
  'was due',
  'was to',
  'was supposed',
);

// ---------------------------------------------------------------- employee type

/** Type words of a sentence about the employee, singular; non-permanent types win, in this order. */
export const TYPE_WORDS: [EmployeeType, RegExp][] = [
  [
    'volunteer',
    anywhere(
      'benevole',
      'benevolement',
      'volontaire',
      'vrijwillig(?:er|ster)',
      'vrijwillig',
      'vrijwilligerswerk',
      'volunteer',
      'volunteering',
      'voluntary',
    ),
  ],
  [
    'intern',
    anywhere(
      'stagiaire',
      'stagiair',
      "(?:un|en|son|sa|de|du|le|mon|notre|haar|zijn|een|het|zijn|l') stage",
      "stage (?:lopen|loopt|doet|doen|bij|chez|de fin d'etudes|d'observation)",
      'stagestudent',
      'intern',
      'internship',
      'trainee',
      'work placement',
    ),
  ],
  [
    'student',
    anywhere(
      'jobiste',
      'job etudiant',
      'contrat etudiant',
      'jobstudente?',
      'studentenjob',
      'studentenarbeid',
      'student job',
      'student worker',
      'working student',
      'student assistant',
      'summer job',
      'etudiante?',
      'studente?',
    ),
  ],
  [
    'temporary',
    anywhere(
      'cdd',
      'contrat a duree determinee',
      'duree determinee',
      'contrat temporaire',
      'temporaire',
      'interimaire',
      'interim',
      'remplacante?',
      'en remplacement',
      'tijdelijke?',
      'bepaalde duur',
      'vervang(?:er|ster)',
      'ter vervanging',
      'interimaris',
      'temporary',
      'fixed[- ]term',
      'temp',
      'maternity cover',
    ),
  ],
  [
    'permanent',
    anywhere(
      'cdi',
      'contrat a duree indeterminee',
      'duree indeterminee',
      '(?:poste|emploi|contrat) (?:permanent|fixe)',
      '(?:est|sera) permanente?',
      'a titre permanent',
      'nommee? definitivement',
      'statutaire',
      'vast contract',
      'vaste benoeming',
      'vast ?benoemd',
      'vast aangesteld',
      'vaste aanstelling',
      'in vaste dienst',
      'in vast verband',
      'vast verband',
      'onbepaalde duur',
      'als vaste (?:medewerker|medewerkster|kracht)',
      'statutair',
      'permanent (?:contract|position|post|basis|appointment|role|job|member of staff|staff member|employee)',
      `permanent ${ROLE}`,
      'open-ended contract',
      'tenured',
      '(?:is|will be) permanent',
    ),
  ],
];
/** The type words in the plural, read only for several newcomers introduced together ("Deux jobistes arrivent"). */
export const TYPE_WORDS_PLURAL: [EmployeeType, RegExp][] = [
  ['volunteer', anywhere('benevoles', 'volontaires', 'vrijwilligers', 'volunteers')],
  ['intern', anywhere('stagiaires', 'stagiairs', 'interns', 'trainees')],
  [
    'student',
    anywhere(
      'jobistes',
      'etudiant(?:e)?s jobistes',
      'jobstudenten',
      'student workers',
      'student assistants',
      'working students',
    ),
  ],
];
/** Left of a type word: it is denied ("pas un stagiaire", "geen vrijwilliger", "non-permanent"). */
export const TYPE_NEGATED =
  /(?:^|[^a-z])(?:pas|plus|non|niet|geen|not|no longer|never)(?: (?:un|une|de|d'|een|a|an|als|as|en|comme))?[ -]?$/;

// ---------------------------------------------------------------- tasks

/** What the person will do: the words after these make the tasks. */
export const TASKS_AFTER: RegExp[] = [
  // French: third-person verbs (the employee is the subject) and "ses tâches seront …".
  /(?:^|[^a-z'])(?:(?:va |viendra |vient )?(?:nous )?(?:s'occupera|s'occupe|va s'occuper|occupera) (?:de |d'|du |des )?|(?:sera|est|serait) (?:chargee?|en charge|responsable|affectee?|occupee?) (?:de |d'|du |des |au |a la |a l'|aux )?|(?:fera|va faire|effectuera|assurera|gerera|prendra en charge|participera (?:a |au |aux )?|contribuera (?:a |au |aux )?|renforcera) )/,
  // Several newcomers at once: "Tous les deux feront du prêt", "Ils s'occuperont du rangement".
  /(?:^|[^a-z'])(?:s'occuperont (?:de |d'|du |des )?|(?:seront|sont) (?:charge(?:e)?s|affecte(?:e)?s|en charge) (?:de |d'|du |des |au |a la |a l'|aux )?|(?:feront|effectueront|assureront|gereront) )/,
  /(?:^|[^a-z'])(?:travailleront|vont travailler) (?=au |a la |a l'|aux |sur |en |dans (?:le|la) service)/,
  /(?:^|[^a-z'])(?:aideront|(?:viendront|vont) (?:nous )?aider) /,
  /(?:^|[^a-z'])(?:il|elle|qui) (?:fait|effectue|assure|gere) /,
  /(?:^|[^a-z'])(?:travaillera|travaille|va travailler) (?=au |a la |a l'|aux |sur |en |dans (?:le|la) service)/,
  /(?:^|[^a-z'])(?:(?:vient|viendra|va) (?:nous )?aider|aidera|(?:pour|afin d') (?:nous )?aider) /,
  /(?:^|[^a-z'])(?:ses|leurs) (?:taches|missions|activites|fonctions|attributions|occupations) (?:seront|sont|consisteront (?:a |en )?|consistent (?:a |en )?|comprendront|comprennent|incluront|:) ?/,
  /(?:^|[^a-z'])(?:pour|afin d') (?:faire|assurer|effectuer|s'occuper (?:de |du |des ))/,
  // Dutch: "ze zal (vooral) helpen aan de balie", "hij doet de uitleningen", "haar taken zijn …".
  // Dutch puts the verb last: any infinitive but those that say nothing of the work ("zal beginnen op …").
  // "#" stands for the name of a newcomer written as the subject ("Sofie zal de uitleningen doen").
  /(?:^|[^a-z'])(?:hij|zij|ze|die|en|#+|beiden|allebei) (?:zal|gaat|zou|komt|zullen|gaan|komen)(?: (?:allebei|beiden|samen))? (?:ons )?(?=(?:[^ ,.;]+ ){0,8}?(?!(?:beginnen|starten|komen|zijn|worden|blijven|vertrekken|stoppen|hebben|gaan|krijgen|ontvangen|inloggen|aanmelden|vervangen|versterken|begeleiden|opvolgen|staan)(?![a-z]))[a-z]{2,}(?:en|aan|oen|ien)(?![a-z]))/,
  // Inverted after a time or a place: "Vanaf 3 maart komt Jef Peeters als vrijwilliger meehelpen bij …", "Vanaf maandag zal ze …".
  /(?:^|[^a-z'])(?:zal|gaat|komt|zullen|gaan|komen) (?:hij|zij|ze|#+)(?: (?:allebei|beiden|samen))? (?:ons )?(?=(?:[^ ,.;]+ ){0,8}?(?!(?:beginnen|starten|komen|zijn|worden|blijven|vertrekken|stoppen|hebben|gaan|krijgen|ontvangen|inloggen|aanmelden|vervangen|versterken|begeleiden|opvolgen|staan)(?![a-z]))[a-z]{2,}(?:en|aan|oen|ien)(?![a-z]))/,
  /(?:^|[^a-z'])(?:hij|zij|ze|die|#+) (?:helpt|doet|verzorgt|ondersteunt|beheert|staat in voor|zorgt voor|catalogeert|houdt zich bezig met|neemt) /,
  /(?:^|[^a-z'])(?:hij|zij|ze|die|#+) werkt (?=aan |in |op |achter )/,
  /(?:^|[^a-z'])(?:zijn|haar|hun) (?:taken|opdrachten|werkzaamheden|takenpakket|taak) (?:zijn|zullen zijn|bestaan uit|zullen bestaan uit|omvatten|is|wordt|:) ?/,
  /(?:^|[^a-z'])wordt ingezet (?=voor |aan |bij |in |op )/,
  // English: "she will (mainly) do …", "who will help with …", "her tasks are …".
  /(?:^|[^a-z'])(?:he|she|they|who|and|both(?: of them)?|#+)(?: will|'ll| would|'d| is going to| are going to| is to| shall)?(?: mainly| mostly| primarily| chiefly| largely| also)?(?: be)? (?:do|does|doing|work on|works on|working on|work at|works at|working at|work in|works in|working in|help with|helps with|helping with|help out with|help at|helps at|help in|help|helps|helping|be responsible for|responsible for|take care of|takes care of|taking care of|handle|handles|handling|assist with|assists with|assisting with|assist|be in charge of|in charge of|focus on|focuses on|focusing on|deal with|deals with|dealing with|cover|covers|covering|staff|process|processes|processing|run|runs|running|support|supports|supporting|look after|looks after|manage|manages|managing)(?![a-z]) ?/,
  /(?:^|[^a-z'])(?:her|his|their) (?:tasks|duties|work|role|job|responsibilities|main tasks|activities) (?:will be|are|is|will include|include|includes|consist of|will consist of|would be|:) ?/,
  // "She will be cataloguing the map collection": the work as a verb in -ing, not the arrival or the stay.
  /(?:^|[^a-z'])(?:he|she|they|both(?: of them)?|#+)(?: will|'ll| is going to| are going to) be (?=(?!(?:starting|joining|staying|leaving|arriving|coming|volunteering|interning|replacing|covering|going|having|getting|returning|working|helping|being|doing)(?![a-z]))[a-z]{3,}ing(?![a-z]))/,
];
/** What an account will be used for (a shared account's tasks): read in any sentence. */
export const ACCOUNT_USE_AFTER: RegExp[] = [
  /(?:^|[^a-z'])(?:servira|sert|serviront|sera utilisee?|utilisee? par [^ ]+ (?:pour|au|a la)|utilisee?) (?:a |au |aux |a la |a l'|pour |dans |en )/,
  /(?:^|[^a-z'])(?:(?:wordt|zal worden|zal) gebruikt (?:voor|aan|bij|om)|(?:dient|zal dienen) (?:voor|om)) /,
  /(?:^|[^a-z'])(?:will be used|is used|to be used|used) (?:for|at|in) (?:the |our )?/,
];
/** Where the tasks stop: a date, a start or end, the sender's own clause, the supervisor. */
export const TASKS_END =
  /(?:^|[^a-z'])(?:jusqu'|(?:jusqu|until|till|tot|t\/m|a partir|vanaf|from|des le|starting|as of|depuis|since|sinds|pendant|during|tijdens|et (?:je|nous|sera|commence|commencera|aura|a|elle|il)|and (?:i|we|will start|starts|is|has|her|his)|en (?:ik|wij|we|begint|start|haar|zijn)|je|nous|ik|wij|i|we)(?![a-z'])|(?:le|on|op) \d|(?:sous|sa|son|sera|haar|zijn|her|his) (?:la )?(?:responsab|referent|tut|begeleid|supervis|mentor|contact)|encadre|supervised|begeleid door)/;
/** Words of no weight at the start of the tasks. */
export const TASKS_LEAD = new RegExp(
  `^(?:(?:surtout|principalement|essentiellement|notamment|aussi|egalement|avant tout|plutot|benevolement|volontairement|vooral|voornamelijk|hoofdzakelijk|onder meer|onder andere|ook|mainly|mostly|primarily|chiefly|largely|also|especially|us|ons|nous|out|een handje|bij ons|chez nous|with us|(?:elke|iedere|op|chaque|le|every|on) ${WEEKDAY_WORD}|als (?:${ROLE_LEAD} )?${ROLE}|comme (?:${ROLE_LEAD} )?${ROLE}|as (?:${ROLE_LEAD} )?${ROLE}) )+`,
);
/** Helping verbs take their tasks from the first preposition on: "aider le mercredi pour le prêt" → "pour le prêt". */
export const HELP_VERB = /(?:aider|aidera|aide|help|helps|helping|helpen|helpt)\s*$/;
export const HELP_PREPOSITION =
  /(?:^|[^a-z'])(?:pour|au|aux|a la|a l'|avec|dans|en|bij|met|aan|with|at|in|on)(?= )/;
/** Tasks that start with an object pronoun speak of the employee, not of work ("who will support her"). */
export const TASKS_NOT =
  /^(?:her|him|them|haar|hem|hen|la |le |l'|lui|(?:un|une|son|sa|leur|een|zijn|haar|a|an|her|his|their) (?:stage|job|contrat|internship|contract|placement|remplacement|student job)|(?:for |voor |pour )?(?:(?:her|his|a|the|een|haar|zijn|un|son|sa|le) )?(?:maternity|paternity|parental|sick|(?:zwangerschaps|ouderschaps)?verlof|conge)|for #|voor #|pour #)(?![a-z])/;

// ---------------------------------------------------------------- kinds

/** A person arrives or is asked an account for: a new account. */
// biome-ignore format: word lists read better packed
export const NEW_HINT = anywhere(
  'accueillons', 'accueillerons', 'accueille', 'accueillera', 'accueillir', 'avons engage', 'avons recrute',
  'avons embauche', 'a ete engagee?', 'a ete recrutee?', 'est engagee?', 'sera engagee?', 'est recrutee?',
  'rejoint', 'rejoindra', 'rejoignera', 'va (?:nous )?rejoindre', 'vient (?:nous )?rejoindre', 'commence', 'commencera',
  'debute', 'debutera', 'entre(?:ra)? en (?:fonction|service)', 'arrive', 'arrivera', 'nouvelle recrue',
  '(?:fera|effectuera|effectue|fait) (?:un|son) stage', '(?:vient|viendra|va) (?:nous )?aider', '(?:viendra|vient) renforcer',
  'renforcera', 'sera parmi nous', 'remplace(?:ra)?', 'va remplacer',
  "(?:voudrions|voudrais|souhaitons|souhaiterions|souhaiterais|souhaite|aimerions|aimerais|demandons|besoin d') (?:[a-z'-]+ ){0,3}(?:compte|acces)",
  'vervangt', 'zal (?:[a-z]+ ){0,2}vervangen', '(?:graag|willen|wil|zouden|vragen|wensen) (?:[a-z-]+ ){0,4}(?:alma-?)?(?:account|toegang)',
  "(?:creer|ouvrir) (?:un |le |l')?(?:[a-z'-]+ ){0,2}(?:compte|acces)",
  '(?:account|toegang) (?:[a-z-]+ ){0,2}(?:aanmaken|maken|openen|geven|aanvragen)',
  '(?:create|set up|open|make) (?:an? |the )?(?:[a-z-]+ ){0,2}(?:account|access)',
  'is covering', 'will cover', 'will be covering', 'covers for', 'assure(?:ra)? le remplacement',
  'replaces', 'will replace', 'is replacing', 'will cover for', '(?:would like|need|want|request|are requesting|ask for) (?:[a-z-]+ ){0,3}(?:account|access)',
  "(?:lui |leur )?(?:ouvrir|creer|donner|attribuer|accorder|faire) (?:un |son |le |l')?(?:compte|acces)",
  "d'accueillir", "(?:l'|l' )?engagement (?:de|d')", "(?:l'|l' )?arrivee (?:de|d')",
  `(?:sera|devient|deviendra) (?:notre |un |une )?(?:nouvel(?:le)? )?${ROLE}`, '(?:nous )?rejoint', '(?:nous |l\'equipe )?rejoindra',
  '(?:vient|viendra|va) (?:travailler|faire|effectuer)', '(?:fera|effectuera) (?:un |son )?(?:stage|job)',
  'komt (?:[a-z0-9/.-]+ ){0,6}(?:werken|helpen|versterken|meewerken|stage lopen)', 'komt (?:als|bij ons)',
  '(?:aanwerving|indiensttreding) (?:van)?', `wordt (?:onze |een )?(?:nieuwe )?${ROLE}`, 'mogen (?:[a-z]+ ){0,3}verwelkomen',
  'begint', 'zal beginnen', 'start', 'zal starten', 'komt (?:ons|bij ons|onze)', 'komt versterken', 'versterkt',
  'loopt (?:[a-z]+ ){0,4}stage', '(?:komt|gaat) stage lopen', 'stage lopen', 'treedt (?:[a-z]+ ){0,3}in dienst',
  'in dienst (?:getreden|treden|komen|komt)', '(?:werd|is|wordt) aangeworven', 'hebben (?:[a-z]+ ){0,4}aangeworven',
  'aangenomen', 'komt (?:bij ons )?werken', 'gaat (?:bij ons )?aan de slag', 'aan de slag', 'verwelkomen', 'verwelkomt',
  'komt (?:ons )?helpen', '(?:haar|hem) (?:een )?(?:account|toegang)', 'account voor (?:haar|hem)',
  'have hired', 'has been hired', 'was hired', 'hired', 'have recruited', 'has joined', 'joins', 'will join',
  'is joining', 'joining us', 'will be joining', 'starts', 'will start', 'is starting', 'will begin', 'begins',
  'new starter', 'welcome', 'welcoming', 'join us', 'joining the team', 'join the team', 'appointment of',
  'has been appointed', 'will be with us', 'coming on board', 'will be working (?:with|for) us',
  `will be (?:a |an |our )?(?:new )?${ROLE}`, 'will be interning', 'will intern', 'will volunteer', 'is volunteering',
  'will be volunteering', 'arrives', 'will arrive', 'is coming to (?:help|work)', 'taken on',
  '(?:give|create|set up|open) (?:her|him|them) (?:an? |access|account)', 'an? (?:alma )?account for (?:her|him)',
);
/** The account or contract goes on: a renewal. */
export const RENEWAL_HINT = anywhere(
  'prolonger',
  'prolongez',
  'prolongation',
  'prolongee?',
  'reconduite?',
  'reconduire',
  'reconduction',
  'renouveler',
  'renouvellement',
  'renouvelee?',
  'verlengen',
  'verlenging',
  'verlengd',
  'verleng',
  'hernieuwen',
  'hernieuwing',
  'hernieuwd',
  'extend',
  'extended',
  'extension',
  'renew',
  'renewed',
  'renewal',
);
/** The person leaves: a closure. */
// biome-ignore format: word lists read better packed
export const CLOSURE_HINT = anywhere(
  'quitte', 'quittera', 'nous quitte', 'a quitte', 'part a la retraite', 'prend sa retraite', 'partira a la retraite',
  'partira', "s'en va", 'ne travaille plus', "n'est plus", 'depart', 'vertrekt', 'vertrekken', 'verlaat',
  'met pensioen', 'op pensioen', 'werkt niet meer', 'uit dienst', 'is leaving', 'leaves', 'will leave', 'has left',
  'left (?:us|the)', 'is retiring', 'retires', 'will retire', 'retirement', 'no longer works', 'is no longer with us',
  'departure', 'last (?:working )?day', 'dernier jour', 'laatste (?:werk)?dag',
);
/**
 * A problem or a question about an existing account: the person named is no newcomer unless a
 * sentence says they arrive ("Notre jobiste n'arrive pas à se connecter" is for the helpdesk).
 */
// biome-ignore format: word list reads better packed
export const TROUBLE = anywhere(
  "n'arrive (?:pas|plus)", 'ne (?:peut|parvient|sait|voit) (?:pas|plus)', 'probleme', 'mot de passe', 'erreur', 'bug',
  'deja un compte', "toujours (?:pas )?acces", 'kan niet', 'lukt niet', 'probleem', 'wachtwoord', 'foutmelding',
  'al een account', 'werkt niet', 'cannot', "can't", 'unable', 'problem', 'password', 'error', "doesn't work",
  'not working', 'already ha(?:s|ve) an? (?:alma )?account', 'locked',
);
/** "n'arrive pas", "ne commence pas": a verb denied is no hint. */
export const HINT_NEGATED_BEFORE = /(?:^|[^a-z])(?:n'|ne |niet |not |don't |doesn't |won't )$/;
export const HINT_NEGATED_AFTER = /^ (?:pas|niet|not)(?![a-z])/;
