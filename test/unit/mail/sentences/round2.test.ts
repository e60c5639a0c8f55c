import { describe, expect, it } from 'vitest';
import { needsInfoAnswer } from '../../../../shared/domain/mail';
import { readSentenceMail, SENDERS, sentenceMail } from './mail';

/**
 * Sentences, round 2: what librarians actually write. Arrivals announced without a question, names
 * from every arrival wording, tasks from the arrival clause and from sentences shared by two
 * people, the sender as supervisor in other words; still never a wrong person, date or role.
 */

type Language = 'fr' | 'nl' | 'en';
interface Wording {
  language: Language;
  text: string;
  subject?: string;
  kind?: string;
  /** Fields that must be read exactly as given (tasks: exactly, too). */
  fields?: Record<string, string>;
  /** Fields that must not be read. */
  absent?: string[];
}

const SUBJECT = { fr: 'Compte', nl: 'Account', en: 'Account' } as const;
const read = (language: Language, text: string, subject: string = SUBJECT[language]) =>
  readSentenceMail(sentenceMail(language, subject, text));

function expectWording(w: Wording) {
  const reading = read(w.language, w.text, w.subject);
  expect(reading.kind).toBe(w.kind ?? 'new-personal');
  expect(reading.fields).toMatchObject(w.fields ?? {});
  for (const field of w.absent ?? []) expect(reading.fields).not.toHaveProperty(field);
}

// ---------------------------------------------------------------- 1: an arrival is a request

const ARRIVALS: (Wording & { name: string })[] = [
  {
    name: '"sera bénévole chez nous"',
    language: 'fr',
    text: 'Julie Renard (julie.renard@mail.example) sera bénévole chez nous à partir du 3 mars.',
    fields: { fullName: 'Julie Renard', email: 'julie.renard@mail.example', employeeType: 'volunteer' },
  },
  {
    name: '"le plaisir d\'accueillir … comme bénévole"',
    language: 'fr',
    text: "Nous avons le plaisir d'accueillir Jeanne De Wilde (jeanne.dewilde@mail.example) comme bénévole.",
    fields: { fullName: 'Jeanne De Wilde', email: 'jeanne.dewilde@mail.example', employeeType: 'volunteer' },
  },
  {
    name: '"l\'engagement de Mme …" in an HR note',
    language: 'fr',
    text: "Nous confirmons l'engagement de Mme Sophie Le Goff (sophie.legoff@lib-a.example) en CDD.",
    fields: { fullName: 'Sophie Le Goff', email: 'sophie.legoff@lib-a.example', employeeType: 'temporary' },
  },
  {
    name: 'name, address, role and end in one line, no verb',
    language: 'fr',
    text: "Voici les informations : Théo Vandenberghe, theo.vandenberghe@etu.lib-a.example, jobiste jusqu'au 31 août 2027.",
    fields: {
      fullName: 'Théo Vandenberghe',
      email: 'theo.vandenberghe@etu.lib-a.example',
      employeeType: 'student',
      missionEndDate: '2027-08-31',
    },
  },
  {
    name: 'a newcomer announced before any name is asked for',
    language: 'fr',
    text: 'Nous accueillons une stagiaire à partir de lundi prochain.',
    fields: { employeeType: 'intern' },
    absent: ['fullName', 'email'],
  },
  {
    name: '"komt … als jobstudent bij ons werken"',
    language: 'nl',
    text: 'Jana De Smet (jana.desmet@student.lib-b.example) komt vanaf 3 maart als jobstudent bij ons werken.',
    fields: { fullName: 'Jana De Smet', email: 'jana.desmet@student.lib-b.example', employeeType: 'student' },
  },
  {
    name: '"We mogen An … verwelkomen"',
    language: 'nl',
    text: 'We mogen An Verhoeven (an.verhoeven@mail.example) verwelkomen als vrijwilligster.',
    fields: { fullName: 'An Verhoeven', email: 'an.verhoeven@mail.example', employeeType: 'volunteer' },
  },
  {
    name: '"wordt onze nieuwe jobstudente"',
    language: 'nl',
    text: 'Lotte Peeters wordt onze nieuwe jobstudente. Haar adres is lotte.peeters@student.lib-b.example.',
    fields: {
      fullName: 'Lotte Peeters',
      email: 'lotte.peeters@student.lib-b.example',
      employeeType: 'student',
    },
  },
  {
    name: 'a newcomer announced before any name is asked for',
    language: 'nl',
    text: 'Volgende week start een nieuwe stagiair bij ons.',
    fields: { employeeType: 'intern' },
    absent: ['fullName', 'email'],
  },
  {
    name: '"will join the team"',
    language: 'en',
    text: 'Jonas Martin (jonas.martin@lib-b.example) will join the team as a student worker.',
    fields: { fullName: 'Jonas Martin', email: 'jonas.martin@lib-b.example', employeeType: 'student' },
  },
  {
    name: '"the appointment of Ms … as a permanent librarian"',
    language: 'en',
    text: 'We are pleased to confirm the appointment of Ms Rachel Green (rachel.green@lib-b.example) as a permanent librarian.',
    fields: { fullName: 'Rachel Green', email: 'rachel.green@lib-b.example', employeeType: 'permanent' },
  },
  {
    name: '"will be volunteering with us"',
    language: 'en',
    text: "David O'Connor (david.oconnor@mail.example) will be volunteering with us from March.",
    fields: { fullName: "David O'Connor", email: 'david.oconnor@mail.example', employeeType: 'volunteer' },
  },
];

/** Mail about a person that is no arrival: forwarded to the helpdesk as before. */
const NOT_ARRIVALS: (Wording & { name: string })[] = [
  {
    name: 'a student worker who cannot log in',
    language: 'fr',
    text: "Notre jobiste Thomas Leroy (thomas.leroy@etu.lib-a.example) n'arrive plus à se connecter depuis lundi.",
  },
  {
    name: 'a volunteer who forgot a password',
    language: 'nl',
    text: 'Onze vrijwilliger Pieter Claes (pieter.claes@lib-b.example) is zijn wachtwoord vergeten.',
  },
  {
    name: 'a student worker with a printer problem',
    language: 'en',
    text: 'Our student worker Jack Taylor (jack.taylor@lib-b.example) has a problem with the printer.',
  },
];

describe('cause 1: an arrival announced without a question is a new-account request', () => {
  it.each(ARRIVALS)('$language: $name', (w) => expectWording(w));
  it.each(NOT_ARRIVALS)('$language: $name stays other (helpdesk)', (w) =>
    expectWording({ ...w, kind: 'other' }),
  );
});

// ---------------------------------------------------------------- 2: names from the arrival sentence

const NAMES: (Wording & { name: string })[] = [
  ['fr', "À partir du 3 mars, Nathalie d'Anvers commence chez nous comme jobiste.", "Nathalie d'Anvers"],
  ['fr', "Claire Van den Bossche rejoint l'équipe le 3 mars comme jobiste.", 'Claire Van den Bossche'],
  ['fr', 'Nous accueillons Marie Le Gall comme stagiaire.', 'Marie Le Gall'],
  ['fr', 'Nous avons engagé M. Karim de Smedt comme magasinier en CDD.', 'Karim de Smedt'],
  ['fr', 'Lucas Renaud arrive le 3 mars en tant que jobiste.', 'Lucas Renaud'],
  ['nl', 'Vanaf 3 maart begint Lotte Peeters bij ons als jobstudente.', 'Lotte Peeters'],
  ['nl', 'We verwelkomen op 3 maart Emma De Vos als stagiaire.', 'Emma De Vos'],
  ['nl', 'Pieter Vande Velde werd aangeworven als tijdelijke medewerker.', 'Pieter Vande Velde'],
  ['nl', 'Sam Van Dyck komt ons team versterken als jobstudent.', 'Sam Van Dyck'],
  ['en', "We've hired Sarah Le Roux on a fixed-term contract.", 'Sarah Le Roux'],
  ['en', "Liam O'Brien arrives on 3 March as our new intern.", "Liam O'Brien"],
  ['en', 'We welcome Anna de Jong, who joins us as an intern.', 'Anna de Jong'],
].map(([language, text, fullName]) => ({
  name: `${fullName}: ${text}`,
  language: language as Language,
  text: text!,
  fields: { fullName: fullName! },
}));

describe('cause 2: the name is read from the sentence that introduces the person', () => {
  it.each(NAMES)('$language: $name', (w) => expectWording(w));

  it('"E-mail van Emma:" is no name, and the address it gives is Emma De Vos’s', () => {
    const reading = read(
      'nl',
      'We verwelkomen op 3 maart Emma De Vos als stagiaire. E-mail van Emma: emma.devos@student.lib-b.example.',
    );
    expect(reading.fields).toMatchObject({
      fullName: 'Emma De Vos',
      email: 'emma.devos@student.lib-b.example',
    });
  });

  it('"Sarah’s address is …" gives Sarah Le Roux’s address, not a name "Sarah’s"', () => {
    const reading = read(
      'en',
      "We've hired Sarah Le Roux on a fixed-term contract until 31 December 2027. Sarah's address is sarah.leroux@lib-b.example.",
    );
    expect(reading.fields).toMatchObject({
      fullName: 'Sarah Le Roux',
      email: 'sarah.leroux@lib-b.example',
      missionEndDate: '2027-12-31',
    });
  });
});

// ---------------------------------------------------------------- 3: tasks

const INTRO = {
  fr: 'Nous accueillons Camille Lambert (camille.lambert@etu.lib-a.example) comme jobiste.',
  nl: 'We verwelkomen Sofie Maes (sofie.maes@student.lib-b.example) als jobstudente.',
  en: 'We welcome Jonas Martin (jonas.martin@student.lib-b.example) as a student worker.',
};
const TWO = {
  fr: 'Deux jobistes arrivent : Hugo Martin (hugo.martin@etu.lib-a.example) et Inès Benali (ines.benali@etu.lib-a.example).',
  nl: 'Twee jobstudenten starten: Tim Janssens (tim.janssens@student.lib-b.example) en Nina Maes (nina.maes@student.lib-b.example).',
  en: 'Two student workers join us: Jack Hill (jack.hill@student.lib-b.example) and Amy Lee (amy.lee@student.lib-b.example).',
};

const TASKS: (Wording & { name: string })[] = [
  ['fr', `${INTRO.fr} Camille viendra aider au prêt.`, 'au prêt'],
  ['fr', `${INTRO.fr} Elle fera du rangement jusqu'au 30 juin 2027.`, 'du rangement'],
  ['fr', `${TWO.fr} Tous les deux feront du prêt au comptoir jusqu'au 31 août 2027.`, 'du prêt au comptoir'],
  ['fr', `${TWO.fr} Ils s'occuperont du rangement des livres.`, 'rangement des livres'],
  [
    'nl',
    'Marc Van den Bossche (marc.vandenbossche@mail.example) komt ons helpen bij het inpakken van boeken.',
    'helpen bij het inpakken van boeken',
  ],
  ['nl', `${INTRO.nl} Sofie zal de uitleningen doen.`, 'de uitleningen doen'],
  [
    'nl',
    `${INTRO.nl} Ze zal instaan voor de aankoop en catalogering.`,
    'instaan voor de aankoop en catalogering',
  ],
  ['nl', `${TWO.nl} Ze zullen allebei aan de uitleenbalie werken.`, 'aan de uitleenbalie werken'],
  ['nl', `${INTRO.nl} Vanaf maandag zal ze helpen aan de balie.`, 'helpen aan de balie'],
  ['nl', `${INTRO.nl} Zij neemt de uitleningen over.`, 'de uitleningen'],
  ['en', `${INTRO.en} He'll be doing circulation and shelving.`, 'circulation and shelving'],
  ['en', `${TWO.en} Both will work at the loan desk.`, 'the loan desk'],
  ['en', `${INTRO.en} He will be cataloguing the map collection.`, 'cataloguing the map collection'],
  ['en', `${INTRO.en} Jonas will help with the book sale.`, 'the book sale'],
].map(([language, text, tasks]) => ({
  name: `"${tasks}"`,
  language: language as Language,
  text: text!,
  fields: { tasks: tasks! },
}));

const NOT_TASKS: (Wording & { name: string })[] = [
  ['fr', 'Mme Alice Van den Broeck (alice.vandenbroeck@lib-a.example) effectuera un stage chez nous.'],
  ['nl', 'Sofie Maes (sofie.maes@lib-b.example) zal bij ons starten als jobstudente.'],
  [
    'en',
    'We have hired Grace Hall (grace.hall@lib-b.example) as an intern. She will be starting on 3 March.',
  ],
].map(([language, text]) => ({
  name: text!,
  language: language as Language,
  text: text!,
  absent: ['tasks'],
}));

describe('cause 3: tasks from any clause that says what the person will do', () => {
  it.each(TASKS)('$language: $name', (w) => expectWording(w));
  it.each(NOT_TASKS)('$language: no tasks in "$name"', (w) => expectWording(w));
});

// ---------------------------------------------------------------- 4: the sender as supervisor

/** The wordings by which the sender says they supervise the newcomer, per language. */
const SENDER_SUPERVISES: Record<Language, string[]> = {
  fr: [
    "Je m'occupe moi-même de son encadrement.",
    "C'est moi qui l'encadre.",
    'Je serai moi-même sa tutrice.',
    "J'assure moi-même son suivi.",
    "C'est moi qui m'occuperai de son accompagnement.",
    'Je suis sa référente.',
  ],
  nl: [
    'Ik ben zelf haar aanspreekpunt.',
    'Ik begeleid haar zelf.',
    'Ik ben zelf haar leidinggevende.',
    'Ik zal haar zelf begeleiden.',
    'Ik neem zelf de begeleiding op mij.',
    'Ik ben de contactpersoon voor haar.',
  ],
  en: [
    "I'll be his point of contact.",
    'I will supervise him myself.',
    "I'll personally supervise him.",
    'I am his direct supervisor.',
    "He'll report to me.",
    "I'll be the one supervising him.",
  ],
};
/** Look-alikes that do not make the sender the supervisor. */
const NOT_SENDER: Record<Language, string[]> = {
  fr: ['Je ne serai pas sa tutrice.', 'Je suis la responsable de la bibliothèque.'],
  nl: ['Ik ben niet haar begeleider.', 'Ik ben het diensthoofd van de bibliotheek.'],
  en: ["I won't be his supervisor.", 'I am the head of the library.'],
};
const INTRO_SUPERVISED = {
  fr: "Nous accueillons Léa Fèvre (lea.fevre@lib-a.example) comme stagiaire jusqu'au 30 juin 2027.",
  nl: 'We verwelkomen Sara Vermeulen (sara.vermeulen@lib-b.example) als stagiaire tot 30 juni 2027.',
  en: 'We welcome Oliver Smith (oliver.smith@lib-b.example) as an intern until 30 June 2027.',
};

describe('cause 4: the sender as supervisor, every wording of the list', () => {
  const cases = (Object.keys(SENDER_SUPERVISES) as Language[]).flatMap((language) =>
    SENDER_SUPERVISES[language].map((sentence) => ({ language, sentence })),
  );
  it.each(cases)('$language: "$sentence"', ({ language, sentence }) => {
    const reading = read(language, `${INTRO_SUPERVISED[language]} ${sentence}`);
    expect(reading.fields.supervisorEmail).toBe(SENDERS[language].address);
  });

  const negatives = (Object.keys(NOT_SENDER) as Language[]).flatMap((language) =>
    NOT_SENDER[language].map((sentence) => ({ language, sentence })),
  );
  it.each(negatives)('$language: "$sentence" is not the sender as supervisor', ({ language, sentence }) => {
    const reading = read(language, `${INTRO_SUPERVISED[language]} ${sentence}`);
    expect(reading.fields.supervisorEmail).toBeUndefined();
    expect(reading.missing).toContain('supervisorEmail');
  });

  it('someone else who takes on the supervision is that person, not the sender', () => {
    const reading = read(
      'fr',
      `${INTRO_SUPERVISED.fr} Marie Claes (marie.claes@lib-a.example) s'occupera de son encadrement.`,
    );
    expect(reading.fields.supervisorEmail).toBe('marie.claes@lib-a.example');
  });

  it.each([
    ['fr', 'Responsable : moi-même'],
    ['nl', 'Begeleider: ikzelf'],
    ['en', 'Supervisor: me'],
  ] as const)('%s: the label "%s" is the sender', (language, line) => {
    const reading = read(language, `${INTRO_SUPERVISED[language]}\n\n${line}\n`);
    expect(reading.fields.supervisorEmail).toBe(SENDERS[language].address);
    expect(reading.invalid).toEqual({});
  });
});

// ---------------------------------------------------------------- several newcomers

describe('several newcomers in one mail: no person is chosen, what is said of both is kept', () => {
  it.each([
    [
      'fr',
      `Bonjour,\n\n${TWO.fr} Tous les deux feront du prêt au comptoir jusqu'au 31 août 2027. Je les encadre moi-même.\n\nAnne`,
      'du prêt au comptoir',
    ],
    [
      'nl',
      `Beste,\n\n${TWO.nl} Beiden blijven tot 31 augustus 2027. Ze zullen allebei aan de uitleenbalie werken. Ik begeleid ze zelf.\n\nKoen`,
      'aan de uitleenbalie werken',
    ],
    [
      'en',
      `Hello,\n\n${TWO.en} Both stay until 31 August 2027. Both will work at the loan desk. I will supervise them myself.\n\nKoen`,
      'the loan desk',
    ],
  ] as const)('%s: name and address asked, tasks never asked', (language, text, tasks) => {
    const reading = read(language, text);
    expect(reading.kind).toBe('new-personal');
    expect(reading.fields).toEqual({
      employeeType: 'student',
      supervisorEmail: SENDERS[language].address,
      missionEndDate: '2027-08-31',
      tasks,
    });
    expect(reading.missing).toEqual(['fullName', 'email']);
    const answer = needsInfoAnswer({
      language,
      reference: 'REQ-2027-000042',
      horizonYears: 5,
      kind: reading.kind,
      missing: reading.missing,
      understood: reading.fields,
      ...(reading.addresses ? { addresses: reading.addresses } : {}),
    });
    const asked = answer.text.split('\n\n')[1] ?? '';
    expect(asked.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(answer.text).toContain(tasks);
    // Both addresses are told back as unclear, neither taken for the account.
    expect(reading.addresses?.map((a) => a.use)).toEqual(['unclear', 'unclear']);
  });
});
