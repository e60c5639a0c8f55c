import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRoles } from '../../../shared/domain/alma/provisioning';
import { readTaskAreas } from '../../../shared/domain/task-areas';

/** Hostile input, round 3: tasks that exclude an area never grant its role profiles. */

import type { Language } from '../../../shared/domain/language';

const settings = {
  defaultRoleProfile: 'loans',
  roleProfiles: {
    loans: {
      area: 'fulfillment' as const,
      roles: [{ role_type: '51', scope: 'LIB', parameters: [{ type: 'CirculationDesk', value: 'DESK' }] }],
    },
    cataloguer: { area: 'cataloguing' as const, roles: [{ role_type: '204', scope: 'LIB', parameters: [] }] },
    purchases: { area: 'acquisitions' as const, roles: [{ role_type: '54', scope: 'LIB', parameters: [] }] },
  },
};

const TASKS: { language: Language; tasks: string; profiles: string[]; unsure?: boolean }[] = [
  {
    language: 'nl',
    tasks: 'enkel uitleningen aan de balie; geen catalografie en geen bestellingen',
    profiles: ['loans'],
  },
  { language: 'nl', tasks: 'lezers helpen zoeken in de catalogus', profiles: ['loans'] },
  { language: 'nl', tasks: 'uitleningen, zonder catalografie of aankopen', profiles: ['loans'] },
  { language: 'nl', tasks: 'alles behalve catalografie', profiles: ['loans'], unsure: true },
  { language: 'fr', tasks: 'aider les lecteurs à chercher dans le catalogue', profiles: ['loans'] },
  {
    language: 'fr',
    tasks: 'uniquement le prêt au comptoir, pas de catalogage ni de commandes',
    profiles: ['loans'],
  },
  { language: 'fr', tasks: 'accueil et prêt, sans catalogage', profiles: ['loans'] },
  { language: 'fr', tasks: 'tout sauf les commandes', profiles: ['loans'], unsure: true },
  {
    language: 'en',
    tasks: 'only loans at the front desk; no cataloguing and no ordering',
    profiles: ['loans'],
  },
  { language: 'en', tasks: 'helping readers search the catalogue', profiles: ['loans'] },
  { language: 'en', tasks: 'circulation, not cataloguing or acquisitions', profiles: ['loans'] },
  { language: 'en', tasks: 'only loans. Some cataloguing of theses too', profiles: ['loans'], unsure: true },
  // What is said plainly keeps its profiles.
  { language: 'fr', tasks: 'catalogage des monographies', profiles: ['cataloguer'] },
  { language: 'nl', tasks: 'uitleningen en catalografie', profiles: ['loans', 'cataloguer'] },
  { language: 'en', tasks: 'not only loans but also cataloguing', profiles: ['loans', 'cataloguer'] },
];

describe('finding 4: tasks that exclude an area never grant it', () => {
  it.each(TASKS)('$language: "$tasks" → $profiles', (c) => {
    const choice = chooseRoles({ tasks: c.tasks, accountType: 'personal' }, settings);
    expect(choice).toMatchObject({ ok: true, profiles: c.profiles, unsure: c.unsure ?? false });
  });

  it.each(['aider à la bibliothèque', 'helpen waar nodig', 'general help'])(
    '"%s" maps to no area: the default profile, unsure (the helpdesk is told)',
    (tasks) => {
      expect(readTaskAreas(tasks)).toEqual({ areas: new Set(), unsure: true });
      expect(chooseRoles({ tasks, accountType: 'personal' }, settings)).toMatchObject({
        profiles: ['loans'],
        unsure: true,
      });
    },
  );
});

describe('an excluded area is never granted (property)', () => {
  const said = fc.constantFrom(
    'prêt au comptoir',
    'uitleningen aan de balie',
    'loans at the front desk',
    'catalogage des monographies',
    'aankopen van boeken',
    'inventaire des exemplaires',
    'aider à la bibliothèque',
  );
  const excluded = fc.constantFrom(
    ['catalogage', 'cataloguing'],
    ['catalografie', 'cataloguing'],
    ['cataloguing', 'cataloguing'],
    ['commandes', 'acquisitions'],
    ['bestellingen', 'acquisitions'],
    ['acquisitions', 'acquisitions'],
  ) as fc.Arbitrary<[string, 'cataloguing' | 'acquisitions']>;
  const negation = fc.constantFrom(
    'pas de',
    'sans',
    'sauf',
    'geen',
    'niet',
    'behalve',
    'zonder',
    'no',
    'not',
    'except',
    'without',
  );
  const joint = fc.constantFrom('; ', ', ', ' et ', ' en ', ' and ', '. ');

  it('"<tasks><joint><negation> <area>" never holds that area, and never more areas than the tasks alone', () => {
    fc.assert(
      fc.property(said, joint, negation, excluded, (tasks, j, no, [word, area]) => {
        const read = readTaskAreas(`${tasks}${j}${no} ${word}`);
        expect(read.areas.has(area)).toBe(false);
        for (const a of read.areas) expect(readTaskAreas(tasks).areas.has(a)).toBe(true);
      }),
      { numRuns: 500, seed: 20270110 },
    );
  });
});
