import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmployeeType } from '../../../../shared/domain/account';
import { readSentenceMail, SENDERS, sentenceMail } from './mail';

/**
 * Generated wordings: an introduction, the type, the end, the supervisor and the tasks, each said in
 * one of several ways and in any order after the introduction, for people whose names carry accents,
 * particles, hyphens and apostrophes. Every combination must read the same facts.
 */

interface Person {
  name: string;
  /** he/she, his/her, him/her in the grid's language. */
  p: string;
  poss: string;
  obj: string;
  /** French agreement: '' or 'e'. */
  e: string;
  title: string;
}
type Say = (who: Person, email: string) => string;

interface Grid {
  language: 'fr' | 'nl' | 'en';
  people: Person[];
  intros: Say[];
  types: [EmployeeType, Say][];
  ends: Say[];
  supervisors: [string, Say][];
  tasks: [string, Say[]];
  greeting: [string, string];
}

const email = (name: string) =>
  `${name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/ +/g, '.')}@staff.example`;
const cap = (text: string) => text[0]!.toUpperCase() + text.slice(1);

const marie = 'marie.claes@lib-a.example';
const els = 'els.janssens@lib-b.example';

const FR: Grid = {
  language: 'fr',
  people: [
    { name: 'Thomas Leroy', p: 'il', poss: 'son', obj: 'le', e: '', title: 'Monsieur' },
    { name: 'Léa Fèvre', p: 'elle', poss: 'sa', obj: 'la', e: 'e', title: 'Madame' },
    { name: 'Jean-Pierre Dubois', p: 'il', poss: 'son', obj: 'le', e: '', title: 'Monsieur' },
    { name: 'Zoé Van Damme', p: 'elle', poss: 'sa', obj: 'la', e: 'e', title: 'Madame' },
    { name: 'Eline D’hondt', p: 'elle', poss: 'sa', obj: 'la', e: 'e', title: 'Madame' },
  ],
  intros: [
    (w, m) => `Pourriez-vous créer un compte pour ${w.name} (${m}) ?`,
    (w, m) => `Nous accueillons ${w.name} (${m}).`,
    (w, m) => `${w.name} (${m}) rejoint notre équipe.`,
    (w, m) => `Merci d'ouvrir un accès Alma à ${w.name}, ${m}.`,
    (w, m) => `Voici les coordonnées de ${w.name} : ${m}.`,
    (w, m) => `${w.title} ${w.name} (${m}) commencera chez nous le 1er février.`,
  ],
  types: [
    ['student', (w) => `${cap(w.p)} est jobiste.`],
    ['student', (w) => `${cap(w.p)} travaillera comme étudiant${w.e} jobiste.`],
    ['intern', (w) => `${cap(w.p)} fait un stage chez nous.`],
    ['volunteer', (w) => `${cap(w.p)} vient à titre bénévole.`],
    ['temporary', (w) => `${cap(w.p)} est engagé${w.e} en CDD.`],
    ['permanent', (w) => `${cap(w.p)} a un contrat à durée indéterminée.`],
  ],
  ends: [
    (w) => `${cap(w.p)} sera avec nous jusqu'au 30 juin 2027.`,
    (w) => `${cap(w.poss)} contrat se termine le 30/06/2027.`,
    (w) => `${cap(w.p)} travaillera chez nous du 1er février 2027 au 30 juin 2027.`,
    (w) => `La fin de ${w.poss} mission est prévue le 30.06.2027.`,
    (w) => `${cap(w.poss)} contrat court jusqu'au mercredi 30 juin 2027.`,
  ],
  supervisors: [
    [SENDERS.fr.address, () => 'Je serai sa personne de contact.'],
    [marie, () => `Sa responsable est Marie Claes (${marie}).`],
    [marie, (w) => `${cap(w.p)} sera encadré${w.e} par Marie Claes (${marie}).`],
    [marie, () => `Marie Claes (${marie}) sera sa tutrice.`],
    [SENDERS.fr.address, () => "C'est moi qui l'encadre."],
    [SENDERS.fr.address, (w) => `Je ${w.obj === 'le' ? 'le' : 'la'} suivrai.`],
  ],
  tasks: [
    'prêt au comptoir',
    [
      (w) => `${cap(w.p)} fera du prêt au comptoir.`,
      (w) => `${cap(w.p)} s'occupera du prêt au comptoir.`,
      () => 'Ses tâches seront le prêt au comptoir.',
      (w) => `${cap(w.p)} sera chargé${w.e} du prêt au comptoir.`,
      (w) => `${cap(w.p)} aidera au prêt au comptoir.`,
    ],
  ],
  greeting: ['Bonjour,', 'Merci d’avance,\nAnne Dubois'],
};

const NL: Grid = {
  language: 'nl',
  people: [
    { name: 'Ruben De Smet', p: 'hij', poss: 'zijn', obj: 'hem', e: '', title: 'Meneer' },
    { name: 'Sara Vermeulen', p: 'zij', poss: 'haar', obj: 'haar', e: '', title: 'Mevrouw' },
    { name: 'Jan van der Berg', p: 'hij', poss: 'zijn', obj: 'hem', e: '', title: 'Meneer' },
    { name: 'Eline D’hondt', p: 'ze', poss: 'haar', obj: 'haar', e: '', title: 'Mevrouw' },
    { name: 'Anne-Sophie Claes', p: 'ze', poss: 'haar', obj: 'haar', e: '', title: 'Mevrouw' },
  ],
  intros: [
    (w, m) => `Kunnen jullie een account aanmaken voor ${w.name} (${m})?`,
    (w, m) => `Graag een Alma-account voor ${w.name}, ${m}.`,
    (w, m) => `We verwelkomen ${w.name} (${m}).`,
    (w, m) => `${w.name} (${m}) komt ons team versterken.`,
    (w, m) => `${w.title} ${w.name} (${m}) begint op 1 februari bij ons.`,
    (w, m) => `Hieronder de gegevens van ${w.name}: ${m}.`,
  ],
  types: [
    ['student', (w) => `${cap(w.p)} is jobstudent.`],
    ['intern', (w) => `${cap(w.p)} loopt stage bij ons.`],
    ['volunteer', (w) => `${cap(w.p)} komt als vrijwilliger.`],
    ['temporary', (w) => `${cap(w.p)} heeft een tijdelijk contract.`],
    ['permanent', (w) => `${cap(w.p)} krijgt een vast contract.`],
  ],
  ends: [
    (w) => `${cap(w.p)} blijft tot 30 juni 2027.`,
    () => 'Het contract loopt tot en met 30 juni 2027.',
    (w) => `${cap(w.p)} werkt bij ons van 1 februari 2027 tot 30 juni 2027.`,
    () => 'Het einde van de opdracht is 30/06/2027.',
    (w) => `${cap(w.poss)} contract eindigt op 30-06-2027.`,
  ],
  supervisors: [
    [SENDERS.nl.address, (w) => `Ik volg ${w.obj} op.`],
    [els, (w) => `${cap(w.poss)} begeleider is Els Janssens (${els}).`],
    [els, (w) => `${cap(w.p)} wordt begeleid door Els Janssens (${els}).`],
    [els, (w) => `Els Janssens (${els}) volgt ${w.obj} op.`],
    [SENDERS.nl.address, (w) => `Ik ben ${w.poss} begeleider.`],
    [SENDERS.nl.address, (w) => `Ik zal ${w.obj} begeleiden.`],
  ],
  tasks: [
    'uitleningen aan de balie',
    [
      (w) => `${cap(w.p)} zal helpen met de uitleningen aan de balie.`,
      (w) => `${cap(w.p)} doet de uitleningen aan de balie.`,
      (w) => `${cap(w.poss)} taken zijn de uitleningen aan de balie.`,
      (w) => `${cap(w.p)} zal de uitleningen aan de balie verzorgen.`,
      (w) => `${cap(w.p)} wordt ingezet voor de uitleningen aan de balie.`,
    ],
  ],
  greeting: ['Beste,', 'Met vriendelijke groeten,\nKoen Maes'],
};

const EN: Grid = {
  language: 'en',
  people: [
    { name: 'Oliver Smith', p: 'he', poss: 'his', obj: 'him', e: '', title: 'Mr' },
    { name: 'Grace Hall', p: 'she', poss: 'her', obj: 'her', e: '', title: 'Mrs' },
    { name: 'Mary-Jane Watson', p: 'she', poss: 'her', obj: 'her', e: '', title: 'Ms' },
    { name: "Liam O'Brien", p: 'he', poss: 'his', obj: 'him', e: '', title: 'Mr' },
    { name: 'Chloé Dupont', p: 'she', poss: 'her', obj: 'her', e: '', title: 'Ms' },
  ],
  intros: [
    (w, m) => `Could you create an account for ${w.name} (${m})?`,
    (w, m) => `Please set up Alma access for ${w.name}, ${m}.`,
    (w, m) => `We have hired ${w.name} (${m}).`,
    (w, m) => `${w.name} (${m}) joins our team next month.`,
    (w, m) => `${w.title} ${w.name} (${m}) starts with us on 1 February.`,
    (w, m) => `Here are the details of ${w.name}: ${m}.`,
  ],
  types: [
    ['student', (w) => `${cap(w.p)} has a student job with us.`],
    ['intern', (w) => `${cap(w.p)} is an intern.`],
    ['volunteer', (w) => `${cap(w.p)} will volunteer with us.`],
    ['temporary', (w) => `${cap(w.p)} is on a fixed-term contract.`],
    ['permanent', (w) => `${cap(w.p)} is on a permanent contract.`],
  ],
  ends: [
    (w) => `${cap(w.p)} will stay until 30 June 2027.`,
    (w) => `${cap(w.poss)} contract ends on 30 June 2027.`,
    (w) => `${cap(w.p)} works with us from 1 February 2027 to 30 June 2027.`,
    (w) => `${cap(w.poss)} last working day is 30/06/2027.`,
    () => 'The contract end date is June 30, 2027.',
  ],
  supervisors: [
    [SENDERS.en.address, (w) => `I will supervise ${w.obj}.`],
    [els, (w) => `${cap(w.poss)} supervisor is Els Janssens (${els}).`],
    [els, (w) => `${cap(w.p)} will be supervised by Els Janssens (${els}).`],
    [els, (w) => `Els Janssens (${els}) will supervise ${w.obj}.`],
    [SENDERS.en.address, (w) => `I am ${w.poss} contact person.`],
    [SENDERS.en.address, (w) => `${cap(w.p)} will report to me.`],
  ],
  tasks: [
    'loans at the front desk',
    [
      (w) => `${cap(w.p)} will mainly do loans at the front desk.`,
      (w) => `${cap(w.p)} will help with loans at the front desk.`,
      (w) => `${cap(w.poss)} tasks are loans at the front desk.`,
      (w) => `${cap(w.p)} will take care of loans at the front desk.`,
      (w) => `${cap(w.p)} will handle loans at the front desk.`,
    ],
  ],
  greeting: ['Hello,', 'Kind regards,\nKoen Maes'],
};

const SUBJECTS = { fr: 'Nouveau compte', nl: 'Nieuwe account', en: 'New account' };

describe.each([FR, NL, EN])('$language: every combination of wordings reads the same facts', (grid) => {
  const pick = <T>(list: readonly T[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i]!);
  const mails = fc.record({
    who: pick(grid.people),
    intro: pick(grid.intros),
    type: pick(grid.types),
    end: pick(grid.ends),
    supervisor: pick(grid.supervisors),
    tasks: pick(grid.tasks[1]),
    order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
  });

  it('name, address, type, end, supervisor and tasks', () => {
    fc.assert(
      fc.property(mails, ({ who, intro, type, end, supervisor, tasks, order }) => {
        const address = email(who.name);
        const rest = [type[1], end, supervisor[1], tasks].map((say) => say(who, address));
        const text = [
          grid.greeting[0],
          [intro(who, address), ...order.map((i) => rest[i])].join(' '),
          grid.greeting[1],
        ];
        const reading = readSentenceMail(
          sentenceMail(grid.language, SUBJECTS[grid.language], text.join('\n\n')),
        );
        expect(reading.kind).toBe('new-personal');
        expect(reading.fields).toEqual({
          fullName: who.name,
          email: address,
          employeeType: type[0],
          supervisorEmail: supervisor[0],
          missionEndDate: '2027-06-30',
          tasks: expect.stringContaining(grid.tasks[0]),
        });
        expect(reading.missing).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
