import { describe, expect, it } from 'vitest';
import { needsInfoAnswer } from '../../../../shared/domain/mail';
import { readSentenceMail, sentenceMail } from './mail';

/**
 * Hostile input, round 3: a sentence about someone else never gives the employee's address, and a
 * date that is not the mission's end never becomes the end.
 */

import type { Language } from '../../../../shared/domain/language';

interface Case {
  language: Language;
  name: string;
  text: string;
}

const read = (c: Case) => readSentenceMail(sentenceMail(c.language, 'Nouveau compte', c.text));

// ---------------------------------------------------------------- finding 2: someone else's address

/** Requests that give no address for the employee and one for somebody else. */
const CONTACT_ADDRESSES: (Case & { contact: string })[] = [
  {
    language: 'fr',
    name: 'the IT contact, his address in the next sentence',
    contact: 'paul.roche@lib-a.example',
    text: "Bonjour,\n\nNous accueillons Inès Martin comme jobiste jusqu'au 30 juin 2027. Elle fera du prêt au comptoir. Je serai sa responsable.\n\nPour toute question technique, contactez Paul Roche, notre informaticien. Son adresse est paul.roche@lib-a.example.\n\nAnne",
  },
  {
    language: 'fr',
    name: 'the IT contact introduced with "est notre informaticien"',
    contact: 'paul.roche@lib-a.example',
    text: "Bonjour,\n\nNous accueillons Inès Martin comme jobiste jusqu'au 30 juin 2027. Elle fera du prêt au comptoir. Je serai sa responsable.\n\nPour les questions techniques, Paul Roche est notre informaticien. Son adresse est paul.roche@lib-a.example.\n\nAnne",
  },
  {
    language: 'fr',
    name: '"merci de répondre à ma collègue"',
    contact: 'marie.claes@lib-a.example',
    text: "Bonjour,\n\nNous accueillons Inès Martin comme jobiste jusqu'au 30 juin 2027. Elle fera du prêt au comptoir. Je serai sa responsable. Merci de répondre à ma collègue : marie.claes@lib-a.example.\n\nAnne",
  },
  {
    language: 'fr',
    name: 'the confirmation to my assistant',
    contact: 'lucie.henry@lib-a.example',
    text: "Bonjour,\n\nInès Martin sera stagiaire chez nous jusqu'au 30 juin 2027. Elle s'occupera du prêt. Je serai sa tutrice. Envoyez la confirmation à mon assistante, lucie.henry@lib-a.example.\n\nAnne",
  },
  {
    language: 'fr',
    name: 'questions to the secretariat',
    contact: 'secretariat@lib-a.example',
    text: "Bonjour,\n\nNous accueillons Inès Martin comme jobiste jusqu'au 30 juin 2027. Elle fera du prêt au comptoir. Je serai sa responsable. Pour toute question, le secrétariat reste joignable à secretariat@lib-a.example.\n\nAnne",
  },
  {
    language: 'nl',
    name: 'the IT contact, his address in the next sentence',
    contact: 'jan.peeters@lib-b.example',
    text: 'Beste,\n\nWe verwelkomen Ines Martin als jobstudente tot 30 juni 2027. Ze zal helpen aan de uitleenbalie. Ik begeleid haar.\n\nVoor technische vragen kunt u contact opnemen met Jan Peeters, onze informaticus. Zijn e-mailadres is jan.peeters@lib-b.example.\n\nKoen',
  },
  {
    language: 'nl',
    name: '"gelieve te antwoorden aan mijn collega"',
    contact: 'els.wouters@lib-b.example',
    text: 'Beste,\n\nWe verwelkomen Ines Martin als jobstudente tot 30 juni 2027. Ze zal helpen aan de uitleenbalie. Ik begeleid haar. Gelieve te antwoorden aan mijn collega: els.wouters@lib-b.example.\n\nKoen',
  },
  {
    language: 'nl',
    name: 'the confirmation to my assistant',
    contact: 'els.wouters@lib-b.example',
    text: 'Beste,\n\nInes Martin komt bij ons stage lopen tot 30 juni 2027. Ze zal helpen aan de uitleenbalie. Ik begeleid haar. Stuur de bevestiging naar mijn assistente, els.wouters@lib-b.example.\n\nKoen',
  },
  {
    language: 'en',
    name: 'the IT contact, his address in the next sentence',
    contact: 'tom.baker@lib-b.example',
    text: 'Hello,\n\nWe welcome Ines Martin as a student worker until 30 June 2027. She will help at the loans desk. I will supervise her.\n\nFor any technical question, contact Tom Baker, our IT officer. His address is tom.baker@lib-b.example.\n\nKoen',
  },
  {
    language: 'en',
    name: 'the IT contact introduced with "is our IT officer"',
    contact: 'tom.baker@lib-b.example',
    text: 'Hello,\n\nWe welcome Ines Martin as a student worker until 30 June 2027. She will help at the loans desk. I will supervise her.\n\nFor technical questions, Tom Baker is our IT officer. His address is tom.baker@lib-b.example.\n\nKoen',
  },
  {
    language: 'en',
    name: 'the confirmation to my assistant',
    contact: 'els.wouters@lib-b.example',
    text: 'Hello,\n\nWe welcome Ines Martin as a student worker until 30 June 2027. She will help at the loans desk. I will supervise her. Please send the confirmation to my assistant at els.wouters@lib-b.example.\n\nKoen',
  },
  {
    language: 'en',
    name: '"please reply to my colleague"',
    contact: 'els.wouters@lib-b.example',
    text: 'Hello,\n\nWe welcome Ines Martin as a student worker until 30 June 2027. She will help at the loans desk. I will supervise her. Please reply to my colleague: els.wouters@lib-b.example.\n\nKoen',
  },
];

describe('finding 2: an address given for someone else is never the employee’s', () => {
  it.each(CONTACT_ADDRESSES)('$language: $name → needs-info, email asked', (c) => {
    const reading = read(c);
    expect(reading.kind).toBe('new-personal');
    expect(reading.fields.email).toBeUndefined();
    expect(reading.missing).toContain('email');
    expect(reading.addresses).toContainEqual({ email: c.contact, use: 'other' });
  });

  it.each([
    {
      language: 'fr' as const,
      text: "Bonjour,\n\nNous accueillons Inès Martin (ines.martin@lib-a.example) comme jobiste jusqu'au 30 juin 2027. Elle fera du prêt au comptoir. Je serai sa responsable. Merci de répondre à ma collègue : marie.claes@lib-a.example.",
      email: 'ines.martin@lib-a.example',
    },
    {
      language: 'nl' as const,
      text: 'Beste,\n\nWe verwelkomen Ines Martin (ines.martin@lib-b.example) als jobstudente tot 30 juni 2027. Ze zal helpen aan de uitleenbalie. Ik begeleid haar. Stuur de bevestiging naar mijn assistente, els.wouters@lib-b.example.',
      email: 'ines.martin@lib-b.example',
    },
    {
      language: 'en' as const,
      text: 'Hello,\n\nWe welcome Ines Martin (ines.martin@lib-b.example) as a student worker until 30 June 2027. She will help at the loans desk. I will supervise her. Please send the confirmation to my assistant at els.wouters@lib-b.example.',
      email: 'ines.martin@lib-b.example',
    },
  ])('$language: the employee’s own address next to her name is kept beside a contact’s', (c) => {
    const reading = read({ ...c, name: '' });
    expect(reading.fields.email).toBe(c.email);
    expect(reading.missing).toEqual([]);
  });

  it('an address under an explicit "E-mail:" label stays the employee’s', () => {
    const reading = read({
      language: 'fr',
      name: '',
      text: 'Bonjour,\n\nNom : Inès Martin\nE-mail : ines.martin@lib-a.example\nStatut : jobiste\nTâches : prêt\nDate de fin : 30/06/2027\nResponsable : anne.dubois@lib-a.example\n\nMerci de répondre à ma collègue : marie.claes@lib-a.example.',
    });
    expect(reading.fields.email).toBe('ines.martin@lib-a.example');
  });

  it('a renewal without reference never takes the contact’s address for the account', () => {
    const reading = readSentenceMail(
      sentenceMail(
        'fr',
        'Prolongation',
        "Bonjour,\n\nLe contrat d'Inès Martin est prolongé jusqu'au 31 décembre 2027. Merci de répondre à ma collègue : marie.claes@lib-a.example.",
      ),
    );
    expect(reading.kind).toBe('renewal');
    expect(reading.fields.email).toBeUndefined();
    expect(reading.missing).toContain('email');
  });

  it.each(['fr', 'nl', 'en'] as const)(
    '%s: the needs-info answer lists each address found and what it was taken for',
    (language) => {
      const c = CONTACT_ADDRESSES.find((x) => x.language === language)!;
      const reading = read(c);
      const answer = needsInfoAnswer({
        horizonYears: 5,
        language,
        reference: 'REQ-2027-000042',
        kind: reading.kind,
        missing: reading.missing,
        understood: reading.fields,
        ...(reading.addresses ? { addresses: reading.addresses } : {}),
      });
      const other = { fr: 'une autre personne', nl: 'iemand anders', en: 'someone else' }[language];
      expect(answer.text).toMatch(new RegExp(`- ${c.contact.replace('.', '\\.')}:? ?: ${other}`));
      const supervisor = reading.fields.supervisorEmail;
      if (supervisor) expect(answer.text).not.toContain(`- ${supervisor}`);
    },
  );
});

// ---------------------------------------------------------------- finding 3: dates that are not the end

/** A date that is not the mission's end: it is never taken for it (the right end, or the end asked). */
const NOT_THE_END: (Case & { wrong: string; end?: string })[] = [
  {
    language: 'fr',
    name: 'a trial period only',
    wrong: '2027-03-31',
    text: "Bonjour,\n\nNous accueillons Inès Martin (ines.martin@lib-a.example) en CDD. Sa période d'essai court jusqu'au 31 mars 2027. Elle fera du prêt au comptoir. Je serai sa responsable.",
  },
  {
    language: 'fr',
    name: 'a trial period beside the contract end',
    wrong: '2027-03-31',
    end: '2027-12-31',
    text: "Bonjour,\n\nNous accueillons Inès Martin (ines.martin@lib-a.example) en CDD jusqu'au 31 décembre 2027. Sa période d'essai court jusqu'au 31 mars 2027. Elle fera du prêt au comptoir. Je serai sa responsable.",
  },
  {
    language: 'fr',
    name: 'part-time until a date',
    wrong: '2027-03-31',
    text: "Bonjour,\n\nNous accueillons Inès Martin (ines.martin@lib-a.example) en CDD. Elle travaillera à mi-temps jusqu'au 31 mars 2027. Elle fera du prêt au comptoir. Je serai sa responsable.",
  },
  {
    language: 'fr',
    name: "the predecessor's contract",
    wrong: '2027-03-31',
    text: 'Bonjour,\n\nInès Martin (ines.martin@lib-a.example) remplace Marc Dupont en CDD. Le contrat de Marc se termine le 31 mars 2027. Elle fera du prêt au comptoir. Je serai sa responsable.',
  },
  {
    language: 'fr',
    name: "the predecessor's contract, unnamed",
    wrong: '2027-03-31',
    text: 'Bonjour,\n\nNous accueillons Inès Martin (ines.martin@lib-a.example) en CDD. Le contrat de son prédécesseur se termine le 31 mars 2027. Elle fera du prêt au comptoir. Je serai sa responsable.',
  },
  {
    language: 'nl',
    name: "the predecessor's contract, unnamed",
    wrong: '2027-03-31',
    text: 'Beste,\n\nInes Martin (ines.martin@lib-b.example) is aangeworven als tijdelijke medewerkster. Het contract van haar voorganger loopt af op 31 maart 2027. Ze zal helpen aan de balie. Ik begeleid haar.',
  },
  {
    language: 'en',
    name: "the predecessor's contract, unnamed",
    wrong: '2027-03-31',
    text: "Hello,\n\nWe have hired Ines Martin (ines.martin@lib-b.example) on a fixed-term contract. Her predecessor's contract ends on 31 March 2027. She will help with loans. I will supervise her.",
  },
  {
    language: 'nl',
    name: 'a trial period (proefperiode)',
    wrong: '2027-03-31',
    text: 'Beste,\n\nInes Martin (ines.martin@lib-b.example) is aangeworven als tijdelijke medewerkster. Haar proefperiode loopt tot 31 maart 2027. Ze zal helpen aan de balie. Ik begeleid haar.',
  },
  {
    language: 'nl',
    name: 'part-time (deeltijds) until a date',
    wrong: '2027-03-31',
    end: '2027-09-30',
    text: 'Beste,\n\nInes Martin (ines.martin@lib-b.example) is aangeworven als tijdelijke medewerkster tot 30 september 2027. Ze werkt deeltijds tot 31 maart 2027. Ze zal helpen aan de balie. Ik begeleid haar.',
  },
  {
    language: 'nl',
    name: "the predecessor's contract",
    wrong: '2027-03-31',
    text: 'Beste,\n\nInes Martin (ines.martin@lib-b.example) vervangt Marc Dupont als tijdelijke medewerkster. Het contract van Marc loopt af op 31 maart 2027. Ze zal helpen aan de balie. Ik begeleid haar.',
  },
  {
    language: 'en',
    name: 'on probation until a date',
    wrong: '2027-03-31',
    text: 'Hello,\n\nWe have hired Ines Martin (ines.martin@lib-b.example) on a fixed-term contract. She is on probation until 31 March 2027. She will help with loans. I will supervise her.',
  },
  {
    language: 'en',
    name: 'part-time until a date, beside the contract end',
    wrong: '2027-03-31',
    end: '2027-08-31',
    text: 'Hello,\n\nWe have hired Ines Martin (ines.martin@lib-b.example) on a fixed-term contract until 31 August 2027. She will work part-time until 31 March 2027. She will help with loans. I will supervise her.',
  },
  {
    language: 'en',
    name: "the predecessor's contract",
    wrong: '2027-03-31',
    text: "Hello,\n\nInes Martin (ines.martin@lib-b.example) replaces Mark Dupont on a fixed-term contract. Mark's contract ends on 31 March 2027. She will help with loans. I will supervise her.",
  },
  {
    language: 'en',
    name: 'a leave until a date',
    wrong: '2027-03-31',
    text: 'Hello,\n\nWe have hired Ines Martin (ines.martin@lib-b.example) on a fixed-term contract. She is on leave until 31 March 2027. She will help with loans. I will supervise her.',
  },
];

describe('finding 3: a date that is not the mission end is never the end', () => {
  it.each(NOT_THE_END)('$language: $name', (c) => {
    const reading = read(c);
    expect(reading.kind).toBe('new-personal');
    expect(reading.fields.missionEndDate).not.toBe(c.wrong);
    if (c.end) expect(reading.fields.missionEndDate).toBe(c.end);
    else expect(reading.missing).toContain('missionEndDate');
  });

  it('a renewal does not take a trial period for the new end, even as the only date', () => {
    const reading = readSentenceMail(
      sentenceMail(
        'fr',
        'Prolongation REQ-2027-000042',
        "Bonjour,\n\nMerci de prolonger le compte d'Inès Martin. Sa période d'essai court jusqu'au 31 mars 2027.",
      ),
    );
    expect(reading.kind).toBe('renewal');
    expect(reading.fields.newEndDate).toBeUndefined();
    expect(reading.missing).toContain('newEndDate');
  });
});
