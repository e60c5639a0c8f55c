import { describe, expect, it } from 'vitest';
import { readSentenceMail, SENDERS, sentenceMail } from './mail';

/**
 * Sentences, round 2: complete mails as busy librarians write them (plain sentences, half-labelled,
 * a forwarded HR note, a quoted earlier thread, dates in several notations) are accepted with the
 * right values; incomplete ones are asked; traps never give another person's address or date.
 */

type Language = 'fr' | 'nl' | 'en';
interface RealMail {
  name: string;
  language: Language;
  subject: string;
  text: string;
  fields: Record<string, string>;
  missing: string[];
}

const anne = SENDERS.fr.address;
const koen = SENDERS.nl.address;
const marie = 'marie.claes@lib-a.example';
const els = 'els.janssens@lib-b.example';

const COMPLETE: RealMail[] = [
  {
    name: 'plain sentences, 3/3/2027 notation, "je m\'occupe moi-même de son encadrement"',
    language: 'fr',
    subject: 'Nouvelle jobiste',
    text: "Bonjour,\n\nNous accueillons Camille Lambert comme jobiste du 3/3/2027 au 31/8/2027. Son adresse : camille.lambert@etu.lib-a.example. Elle viendra aider au prêt et au rangement des livres. Je m'occupe moi-même de son encadrement.\n\nBonne journée,\nAnne",
    fields: {
      fullName: 'Camille Lambert',
      email: 'camille.lambert@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-08-31',
      tasks: 'au prêt et au rangement des livres',
    },
    missing: [],
  },
  {
    name: '"nous accueillons une stagiaire à partir du 3 mars : …", "c\'est moi qui l\'encadre"',
    language: 'fr',
    subject: 'Stagiaire',
    text: "Bonjour,\n\nNous accueillons une stagiaire à partir du 3 mars : Manon Dupuis (manon.dupuis@student.lib-a.example). Son stage se termine le 30 juin 2027. Elle travaillera au service de catalogage. C'est moi qui l'encadre.\n\nMerci d'avance,\nAnne Dubois",
    fields: {
      fullName: 'Manon Dupuis',
      email: 'manon.dupuis@student.lib-a.example',
      employeeType: 'intern',
      supervisorEmail: anne,
      missionEndDate: '2027-06-30',
      tasks: 'au service de catalogage',
    },
    missing: [],
  },
  {
    name: 'a forwarded HR note, "l\'engagement de Mme …", 03.03.2027 notation',
    language: 'fr',
    subject: 'TR: Engagement',
    text: "Bonjour,\n\nJe vous transmets la note des RH.\n\n---------- Message transféré ----------\nDe : Service RH <rh@lib-a.example>\nDate : lun. 4 janv. 2027\nObjet : Engagement\n\nNous avons le plaisir de vous informer de l'engagement de Mme Sophie Le Goff en qualité d'agente contractuelle (CDD) du 03.03.2027 au 02.03.2028. Adresse professionnelle : sophie.legoff@lib-a.example.\n\nElle s'occupera des acquisitions. Je serai sa responsable.\n\nAnne",
    fields: {
      fullName: 'Sophie Le Goff',
      email: 'sophie.legoff@lib-a.example',
      employeeType: 'temporary',
      supervisorEmail: anne,
      missionEndDate: '2028-03-02',
      tasks: 'acquisitions',
    },
    missing: [],
  },
  {
    name: '"sera bénévole chez nous", address as "vous pouvez le joindre à …"',
    language: 'fr',
    subject: 'Bénévole',
    text: "Bonjour,\n\nMonsieur Pierre Lemaire sera bénévole chez nous à partir du 3 mars 2027. Il nous aidera pour l'équipement des livres. Vous pouvez le joindre à pierre.lemaire@mail.example. Sa personne de contact sera Marie Claes (marie.claes@lib-a.example).\n\nCordialement,\nAnne",
    fields: {
      fullName: 'Pierre Lemaire',
      email: 'pierre.lemaire@mail.example',
      employeeType: 'volunteer',
      supervisorEmail: marie,
      tasks: "pour l'équipement des livres",
    },
    missing: [],
  },
  {
    name: 'a reply giving the details, the quoted thread naming someone else',
    language: 'fr',
    subject: 'Re: jobiste',
    text: "Bonjour,\n\nVoici les informations demandées : Théo Vandenberghe, theo.vandenberghe@etu.lib-a.example, jobiste jusqu'au 31 août 2027. Il fera du rangement. Je serai sa responsable.\n\nAnne\n\nLe 5 janv. 2027 à 10:00, Helpdesk <accounts@helpdesk.example.org> a écrit :\n> Pour Marc Durand (marc.durand@lib-a.example), merci de préciser la date de fin.",
    fields: {
      fullName: 'Théo Vandenberghe',
      email: 'theo.vandenberghe@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-08-31',
      tasks: 'du rangement',
    },
    missing: [],
  },
  {
    name: 'half-labelled: name and address labelled, the rest in sentences',
    language: 'fr',
    subject: 'Stage',
    text: 'Bonjour,\n\nNom : Manon Dupuis\nE-mail : manon.dupuis@student.lib-a.example\n\nElle effectuera un stage chez nous du 3 mars au 30 juin 2027 et travaillera au service de catalogage. Sa tutrice sera Marie Claes (marie.claes@lib-a.example).\n\nAnne',
    fields: {
      fullName: 'Manon Dupuis',
      email: 'manon.dupuis@student.lib-a.example',
      employeeType: 'intern',
      supervisorEmail: marie,
      missionEndDate: '2027-06-30',
      tasks: 'au service de catalogage',
    },
    missing: [],
  },
  {
    name: '"vanaf 3 maart begint …", "ik ben zelf haar aanspreekpunt"',
    language: 'nl',
    subject: 'Jobstudent',
    text: 'Dag,\n\nVanaf 3 maart begint Lotte Peeters bij ons als jobstudente. Haar contract loopt tot 31 augustus 2027. Ze zal de rekken aanvullen en helpen aan de balie. Ik ben zelf haar aanspreekpunt. Haar mailadres is lotte.peeters@student.lib-b.example.\n\nGroetjes,\nKoen',
    fields: {
      fullName: 'Lotte Peeters',
      email: 'lotte.peeters@student.lib-b.example',
      employeeType: 'student',
      supervisorEmail: koen,
      missionEndDate: '2027-08-31',
      tasks: 'de rekken aanvullen en helpen aan de balie',
    },
    missing: [],
  },
  {
    name: '"komt ons vanaf maandag helpen als vrijwilliger", "ik begeleid hem zelf"',
    language: 'nl',
    subject: 'Vrijwilliger',
    text: 'Beste,\n\nMarc Van den Bossche komt ons vanaf maandag helpen als vrijwilliger. Hij komt helpen bij het inpakken van boeken. Ik begeleid hem zelf. Zijn e-mail: marc.vandenbossche@mail.example\n\nKoen',
    fields: {
      fullName: 'Marc Van den Bossche',
      email: 'marc.vandenbossche@mail.example',
      employeeType: 'volunteer',
      supervisorEmail: koen,
      tasks: 'helpen bij het inpakken van boeken',
    },
    missing: [],
  },
  {
    name: '"we verwelkomen op 3 maart 2027 …", address under "E-mail van Emma"',
    language: 'nl',
    subject: 'Stagiair',
    text: 'Hallo,\n\nWe verwelkomen op 3 maart 2027 Emma De Vos als stagiaire (tot 30 mei 2027). Ze gaat vooral catalogeren. Haar stagebegeleider is Els Janssens (els.janssens@lib-b.example). E-mail van Emma: emma.devos@student.lib-b.example.\n\nMvg,\nKoen',
    fields: {
      fullName: 'Emma De Vos',
      email: 'emma.devos@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: els,
      missionEndDate: '2027-05-30',
      tasks: 'catalogeren',
    },
    missing: [],
  },
  {
    name: '"hebben … aangeworven", 03.03.2027 notation, "zal instaan voor"',
    language: 'nl',
    subject: 'Nieuwe medewerker',
    text: "Beste collega's,\n\nWij hebben Pieter Vande Velde aangeworven als tijdelijke medewerker van 03.03.2027 tot 02.03.2028. Hij zal instaan voor de aankoop en catalogering. Ik ben zelf zijn leidinggevende. Zijn adres: pieter.vandevelde@lib-b.example\n\nKoen",
    fields: {
      fullName: 'Pieter Vande Velde',
      email: 'pieter.vandevelde@lib-b.example',
      employeeType: 'temporary',
      supervisorEmail: koen,
      missionEndDate: '2028-03-02',
      tasks: 'instaan voor de aankoop en catalogering',
    },
    missing: [],
  },
  {
    name: 'a reply under a quoted question',
    language: 'nl',
    subject: 'Re: stagiair',
    text: 'Beste,\n\nDe stagiair heet Wout Peeters, wout.peeters@student.lib-b.example. Hij loopt stage tot 30 mei 2027 en zal helpen bij de inventaris. Ik begeleid hem zelf.\n\nKoen\n\nOp 5 jan. 2027 om 10:00 schreef Helpdesk <accounts@helpdesk.example.org>:\n> Kunt u de naam van de stagiair geven?',
    fields: {
      fullName: 'Wout Peeters',
      email: 'wout.peeters@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: koen,
      missionEndDate: '2027-05-30',
      tasks: 'helpen bij de inventaris',
    },
    missing: [],
  },
  {
    name: '"will join the team on March 3rd", "He\'ll be doing …", "I\'ll be his point of contact"',
    language: 'en',
    subject: 'New starter',
    text: "Hi,\n\nJonas Martin will join the team on March 3rd as a student worker until 30 June 2027. He'll be doing circulation and shelving. I'll be his point of contact. His email is jonas.martin@student.lib-b.example.\n\nThanks,\nKoen",
    fields: {
      fullName: 'Jonas Martin',
      email: 'jonas.martin@student.lib-b.example',
      employeeType: 'student',
      supervisorEmail: koen,
      missionEndDate: '2027-06-30',
      tasks: 'circulation and shelving',
    },
    missing: [],
  },
  {
    name: '"from 3 March to 30 May 2027", "She will be cataloguing …"',
    language: 'en',
    subject: 'Intern',
    text: "Hello,\n\nWe're welcoming an intern, Chloe Evans (chloe.evans@student.lib-b.example), from 3 March to 30 May 2027. She will be cataloguing the map collection. I will supervise her myself.\n\nKoen",
    fields: {
      fullName: 'Chloe Evans',
      email: 'chloe.evans@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: koen,
      missionEndDate: '2027-05-30',
      tasks: 'cataloguing the map collection',
    },
    missing: [],
  },
  {
    name: '"We\'ve hired …", "Sarah\'s address is …"',
    language: 'en',
    subject: 'New hire',
    text: "Hi team,\n\nWe've hired Sarah Le Roux on a fixed-term contract until 31 December 2027. She starts on March 3rd and will be working on interlibrary loans. Her manager will be Els Janssens (els.janssens@lib-b.example). Sarah's address is sarah.leroux@lib-b.example.\n\nKoen",
    fields: {
      fullName: 'Sarah Le Roux',
      email: 'sarah.leroux@lib-b.example',
      employeeType: 'temporary',
      supervisorEmail: els,
      missionEndDate: '2027-12-31',
      tasks: 'interlibrary loans',
    },
    missing: [],
  },
  {
    name: 'half-labelled, "until August 31st, 2027"',
    language: 'en',
    subject: 'New intern',
    text: "Hello,\n\nName: Chloe Evans\nEmail: chloe.evans@student.lib-b.example\n\nChloe starts with us as an intern until August 31st, 2027. She'll be cataloguing maps. I will supervise her myself.\n\nKoen",
    fields: {
      fullName: 'Chloe Evans',
      email: 'chloe.evans@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: koen,
      missionEndDate: '2027-08-31',
      tasks: 'cataloguing maps',
    },
    missing: [],
  },
  {
    name: '"Petite info : …", 30/06/2027 notation, "je l\'encadrerai moi-même"',
    language: 'fr',
    subject: "Arrivée d'une jobiste",
    text: "Bonjour,\n\nPetite info : Sarah Lambert (sarah.lambert@etu.lib-a.example) viendra travailler chez nous comme jobiste les samedis jusqu'au 30/06/2027. Elle s'occupera de l'accueil. Je l'encadrerai moi-même.\n\nAnne",
    fields: {
      fullName: 'Sarah Lambert',
      email: 'sarah.lambert@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-06-30',
      tasks: "l'accueil",
    },
    missing: [],
  },
  {
    name: '"in vervanging van Els komt Tine …": the replaced colleague is not the newcomer',
    language: 'nl',
    subject: 'Tijdelijke collega',
    text: 'Beste,\n\nIn vervanging van Els komt Tine De Backer (tine.debacker@lib-b.example) tijdelijk bij ons werken tot en met 31.07.2027. Zij neemt de aankopen over. Ik ben haar leidinggevende.\n\nKoen',
    fields: {
      fullName: 'Tine De Backer',
      email: 'tine.debacker@lib-b.example',
      employeeType: 'temporary',
      supervisorEmail: koen,
      missionEndDate: '2027-07-31',
      tasks: 'de aankopen',
    },
    missing: [],
  },
  {
    name: '"Vanaf 3 maart komt Jef Peeters als vrijwilliger meehelpen bij …"',
    language: 'nl',
    subject: 'Nieuwe vrijwilliger',
    text: 'Hallo,\n\nVanaf 3 maart komt Jef Peeters als vrijwilliger meehelpen bij het herstellen van boeken. Ik ben zijn aanspreekpunt. Zijn e-mail is jef.peeters@mail.example.\n\nKoen',
    fields: {
      fullName: 'Jef Peeters',
      email: 'jef.peeters@mail.example',
      employeeType: 'volunteer',
      supervisorEmail: koen,
      tasks: 'meehelpen bij het herstellen van boeken',
    },
    missing: [],
  },
  {
    name: 'the subject "Stage" is no name; the address under "Mailadres:"',
    language: 'nl',
    subject: 'Stage',
    text: 'Goedemorgen,\n\nThomas Vermeersch, student bibliotheekkunde, loopt van 3 maart tot 30 april 2027 stage bij ons. Hij zal meewerken aan de retrocatalogisering. Zijn begeleider is Els Janssens (els.janssens@lib-b.example). Mailadres: thomas.vermeersch@student.lib-b.example\n\nKoen',
    fields: {
      fullName: 'Thomas Vermeersch',
      email: 'thomas.vermeersch@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: els,
      missionEndDate: '2027-04-30',
      tasks: 'meewerken aan de retrocatalogisering',
    },
    missing: [],
  },
  {
    name: '"Please welcome …, who starts as a temporary library assistant", "I\'m her line manager"',
    language: 'en',
    subject: 'Welcome',
    text: "Hello,\n\nPlease welcome Priya Patel, who starts as a temporary library assistant on 3 March 2027 (contract until 31 August 2027). Priya will be working at the enquiry desk. I'm her line manager. Her email: priya.patel@lib-b.example\n\nBest wishes,\nKoen",
    fields: {
      fullName: 'Priya Patel',
      email: 'priya.patel@lib-b.example',
      employeeType: 'temporary',
      supervisorEmail: koen,
      missionEndDate: '2027-08-31',
      tasks: 'the enquiry desk',
    },
    missing: [],
  },
  {
    name: '"Voici Zoé Martin, notre nouvelle stagiaire (…)", "du 3 mars au 30 mai 2027"',
    language: 'fr',
    subject: 'Nouvelle stagiaire',
    text: "Bonjour,\n\nVoici Zoé Martin, notre nouvelle stagiaire (zoe.martin@student.lib-a.example). Elle sera avec nous du 3 mars au 30 mai 2027 et s'occupera de l'inventaire. Je serai sa tutrice.\n\nAnne",
    fields: {
      fullName: 'Zoé Martin',
      email: 'zoe.martin@student.lib-a.example',
      employeeType: 'intern',
      supervisorEmail: anne,
      missionEndDate: '2027-05-30',
      tasks: "l'inventaire",
    },
    missing: [],
  },
  {
    name: '"Daan Jacobs is vanaf 3 maart onze stagiair", then "Daan zal …"',
    language: 'nl',
    subject: 'Nieuwe stagiair',
    text: 'Hoi,\n\nDaan Jacobs is vanaf 3 maart onze stagiair, tot 30 mei 2027. Daan zal de website updaten. Zijn begeleidster is Els Janssens (els.janssens@lib-b.example). Adres: daan.jacobs@student.lib-b.example\n\nKoen',
    fields: {
      fullName: 'Daan Jacobs',
      email: 'daan.jacobs@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: els,
      missionEndDate: '2027-05-30',
      tasks: 'de website updaten',
    },
    missing: [],
  },
  {
    name: '"Meet Noah Wilson, our new intern" — the name is Noah Wilson',
    language: 'en',
    subject: 'New intern',
    text: "Hi,\n\nMeet Noah Wilson, our new intern (noah.wilson@student.lib-b.example)! He is with us until 30 May 2027 and will work on the newsletter. I'll be supervising him.\n\nKoen",
    fields: {
      fullName: 'Noah Wilson',
      email: 'noah.wilson@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: koen,
      missionEndDate: '2027-05-30',
      tasks: 'the newsletter',
    },
    missing: [],
  },
  {
    name: '"nous aidera bénévolement chaque jeudi à …", the address alone after the sentence',
    language: 'fr',
    subject: 'Bénévole',
    text: "Bonjour,\n\nMadame Hélène Roux nous aidera bénévolement chaque jeudi à l'atelier de réparation de livres. helene.roux@mail.example. Je suis sa personne de contact.\n\nAnne",
    fields: {
      fullName: 'Hélène Roux',
      email: 'helene.roux@mail.example',
      employeeType: 'volunteer',
      supervisorEmail: anne,
      tasks: "à l'atelier de réparation de livres",
    },
    missing: [],
  },
];

const INCOMPLETE: RealMail[] = [
  {
    name: 'no address given: the address is asked',
    language: 'fr',
    subject: 'Arrivée',
    text: "Bonjour,\n\nÉmilie Durant arrive le 3 mars comme étudiante jobiste, jusqu'au 30 juin 2027. Elle sera affectée au prêt. Je serai sa personne de contact.\n\nAnne",
    fields: {
      fullName: 'Émilie Durant',
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-06-30',
      tasks: 'prêt',
    },
    missing: ['email'],
  },
  {
    name: '"effectuera un stage" is no task: supervisor and tasks asked',
    language: 'fr',
    subject: 'Stage',
    text: 'Bonjour,\n\nMme Alice Van den Broeck effectuera un stage chez nous du 3 mars 2027 au 30 mai 2027. Son adresse : alice.vandenbroeck@student.lib-a.example.\n\nAnne',
    fields: {
      fullName: 'Alice Van den Broeck',
      email: 'alice.vandenbroeck@student.lib-a.example',
      employeeType: 'intern',
      missionEndDate: '2027-05-30',
    },
    missing: ['supervisorEmail', 'tasks'],
  },
  {
    name: 'an end without a year is asked, not guessed',
    language: 'fr',
    subject: 'Jobiste',
    text: "Bonjour,\n\nCamille Lambert (camille.lambert@etu.lib-a.example) nous rejoint comme jobiste jusqu'au 31 août. Elle fera du prêt. Je serai sa responsable.\n\nAnne",
    fields: {
      fullName: 'Camille Lambert',
      email: 'camille.lambert@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: anne,
      tasks: 'du prêt',
    },
    missing: ['missionEndDate'],
  },
  {
    name: 'a newcomer announced without a name: asked, not forwarded',
    language: 'nl',
    subject: 'Stagiair',
    text: 'Beste,\n\nVolgende week start een nieuwe stagiair bij ons. Kunnen jullie een account voorzien?\n\nKoen',
    fields: { employeeType: 'intern' },
    missing: ['fullName', 'email', 'supervisorEmail', 'missionEndDate', 'tasks'],
  },
  {
    name: 'the intern writes in the first person in the forwarded mail: address and end asked',
    language: 'nl',
    subject: 'Fwd: stagiair',
    text: 'Hoi,\n\nVoor Ruben hieronder, graag een account.\n\n-----Oorspronkelijk bericht-----\nVan: Ruben Claes <ruben.claes@student.lib-b.example>\nVerzonden: maandag 4 januari 2027\nOnderwerp: stage\n\nBeste,\nIk ben Ruben Claes en ik loop stage bij jullie van 3 maart tot 30 mei 2027.\nGroeten, Ruben\n\nIk begeleid hem zelf. Hij zal de inventaris doen.\nKoen',
    // "Voor Ruben …" and "Ik ben Ruben Claes": the full name of the Ruben the account is for.
    fields: {
      fullName: 'Ruben Claes',
      employeeType: 'intern',
      supervisorEmail: koen,
      tasks: 'de inventaris doen',
    },
    missing: ['email', 'missionEndDate'],
  },
  {
    name: 'two student workers: which person is asked, nothing else',
    language: 'en',
    subject: 'Two students',
    text: 'Hello,\n\nTwo student workers join us on 3 March: Jack Hill (jack.hill@student.lib-b.example) and Amy Lee (amy.lee@student.lib-b.example), both until 31 August 2027. Both will work at the loan desk. I will supervise them myself.\n\nKoen',
    fields: {
      employeeType: 'student',
      supervisorEmail: koen,
      missionEndDate: '2027-08-31',
      tasks: 'the loan desk',
    },
    missing: ['fullName', 'email'],
  },
  {
    name: 'no address, no supervisor, no year for the end: all three asked',
    language: 'fr',
    subject: 'Jobiste',
    text: 'Bonjour,\n\nNous accueillons Nina Rossi comme jobiste à partir du 3 mars. Elle fera du rangement.\n\nAnne',
    fields: { fullName: 'Nina Rossi', employeeType: 'student', tasks: 'du rangement' },
    missing: ['email', 'supervisorEmail', 'missionEndDate'],
  },
  {
    name: 'only the arrival said: supervisor, end and tasks asked',
    language: 'nl',
    subject: 'Onvolledig',
    text: 'Beste,\n\nKobe Wouters (kobe.wouters@student.lib-b.example) begint volgende week als jobstudent.\n\nKoen',
    fields: {
      fullName: 'Kobe Wouters',
      email: 'kobe.wouters@student.lib-b.example',
      employeeType: 'student',
    },
    missing: ['supervisorEmail', 'missionEndDate', 'tasks'],
  },
  {
    name: 'a volunteer without tasks: the tasks asked',
    language: 'en',
    subject: 'Volunteer',
    text: 'Hello,\n\nWe welcome Ella Green (ella.green@lib-b.example) as a volunteer. I will supervise her.\n\nKoen',
    fields: {
      fullName: 'Ella Green',
      email: 'ella.green@lib-b.example',
      employeeType: 'volunteer',
      supervisorEmail: koen,
    },
    missing: ['tasks'],
  },
  {
    name: '"will cover maternity leave": the leave is no task, and the end in its clause is asked',
    language: 'en',
    subject: 'Cover',
    text: "Hello,\n\nAnna Schmidt will cover maternity leave on a fixed-term contract ending 30 November 2027. She'll run the children's section. Her supervisor is Els Janssens (els.janssens@lib-b.example). Anna's email address is anna.schmidt@lib-b.example.\n\nKoen",
    fields: {
      fullName: 'Anna Schmidt',
      email: 'anna.schmidt@lib-b.example',
      employeeType: 'temporary',
      supervisorEmail: els,
      tasks: "the children's section",
    },
    missing: ['missionEndDate'],
  },
];

/** Another person's address or date in the same mail: asked, never taken. */
const TRAPS: (RealMail & { never: Record<string, string> })[] = [
  {
    name: 'a quoted earlier thread names someone else with an address and an end',
    language: 'fr',
    subject: 'Re: jobiste',
    text: "Bonjour,\n\nC'est pour Théo Vandenberghe, jobiste. Il fera du rangement. Je serai sa responsable.\n\nAnne\n\nLe 5 janv. 2027 à 10:00, Helpdesk <accounts@helpdesk.example.org> a écrit :\n> Nouveau compte pour Marc Durand (marc.durand@lib-a.example), jobiste jusqu'au 30 juin 2027.",
    fields: {
      fullName: 'Théo Vandenberghe',
      employeeType: 'student',
      supervisorEmail: anne,
      tasks: 'du rangement',
    },
    missing: ['email', 'missionEndDate'],
    never: { email: 'marc.durand@lib-a.example', missionEndDate: '2027-06-30' },
  },
  {
    name: "a colleague's address in the same mail",
    language: 'fr',
    subject: 'Nouveau jobiste',
    text: "Bonjour,\n\nNous accueillons Hugo Martin comme jobiste jusqu'au 30 juin 2027. Il fera du prêt. Je serai sa responsable. Sa collègue Inès Benali (ines.benali@lib-a.example) lui montrera le comptoir.\n\nAnne",
    fields: {
      fullName: 'Hugo Martin',
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-06-30',
      tasks: 'du prêt',
    },
    missing: ['email'],
    never: { email: 'ines.benali@lib-a.example' },
  },
  {
    name: "another person's contract end in the same mail",
    language: 'fr',
    subject: 'Nouveau jobiste',
    text: "Bonjour,\n\nNous accueillons Hugo Martin (hugo.martin@etu.lib-a.example) comme jobiste. Il fera du prêt. Je serai sa responsable. Le contrat d'Inès Benali se termine le 30 juin 2027.\n\nAnne",
    fields: {
      fullName: 'Hugo Martin',
      email: 'hugo.martin@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: anne,
      tasks: 'du prêt',
    },
    missing: ['missionEndDate'],
    never: { missionEndDate: '2027-06-30' },
  },
  {
    name: "a colleague's end date in the same mail",
    language: 'nl',
    subject: 'Jobstudente',
    text: 'Beste,\n\nLotte Peeters (lotte.peeters@student.lib-b.example) begint bij ons als jobstudente. Ze zal helpen aan de balie. Ik begeleid haar zelf. Haar collega Tim Janssens blijft tot 31 augustus 2027.\n\nKoen',
    fields: {
      fullName: 'Lotte Peeters',
      email: 'lotte.peeters@student.lib-b.example',
      employeeType: 'student',
      supervisorEmail: koen,
      tasks: 'helpen aan de balie',
    },
    missing: ['missionEndDate'],
    never: { missionEndDate: '2027-08-31' },
  },
  {
    name: "another person's contract end and address for the confirmation",
    language: 'en',
    subject: 'Student worker',
    text: "Hello,\n\nJack Hill joins us as a student worker. He'll be shelving. I'll be his point of contact. Amy Lee's contract ends on 30 June 2027. Please send the confirmation to amy.lee@lib-b.example.\n\nKoen",
    fields: {
      fullName: 'Jack Hill',
      employeeType: 'student',
      supervisorEmail: koen,
      tasks: 'shelving',
    },
    missing: ['email', 'missionEndDate'],
    never: { email: 'amy.lee@lib-b.example', missionEndDate: '2027-06-30' },
  },
  {
    name: 'two people introduced together: neither is chosen',
    language: 'fr',
    subject: 'Jobistes',
    text: "Bonjour,\n\nDeux jobistes arrivent le 3 mars : Hugo Martin (hugo.martin@etu.lib-a.example) et Inès Benali (ines.benali@etu.lib-a.example). Tous les deux feront du prêt au comptoir jusqu'au 31 août 2027. Je les encadre moi-même.\n\nAnne",
    fields: {
      employeeType: 'student',
      supervisorEmail: anne,
      missionEndDate: '2027-08-31',
      tasks: 'du prêt au comptoir',
    },
    missing: ['fullName', 'email'],
    never: { fullName: 'Hugo Martin', email: 'hugo.martin@etu.lib-a.example' },
  },
];

const readMail = (m: RealMail) => readSentenceMail(sentenceMail(m.language, m.subject, m.text));

describe('realistic complete mails are accepted with the right values', () => {
  it.each(COMPLETE)('$language: $name', (m) => {
    const reading = readMail(m);
    expect(reading.kind).toBe('new-personal');
    expect(reading.language).toBe(m.language);
    expect(reading.fields).toEqual(m.fields);
    expect(reading.missing).toEqual(m.missing);
  });
});

describe('realistic incomplete mails are asked, not forwarded', () => {
  it.each(INCOMPLETE)('$language: $name', (m) => {
    const reading = readMail(m);
    expect(reading.kind).toBe('new-personal');
    expect(reading.fields).toEqual(m.fields);
    expect(reading.missing).toEqual(m.missing);
  });
});

describe('traps: another person’s address or date is never taken', () => {
  it.each(TRAPS)('$language: $name', (m) => {
    const reading = readMail(m);
    expect(reading.kind).toBe('new-personal');
    for (const [field, wrong] of Object.entries(m.never))
      expect(reading.fields[field as keyof typeof reading.fields]).not.toBe(wrong);
    expect(reading.fields).toEqual(m.fields);
    expect(reading.missing).toEqual(m.missing);
  });
});
