import type { Language } from '../language';
import type { RatingChoice } from '../rating';

/** The requester's rating of a finished request (issue 29): the answer's lines, the page, the helpdesk's portal view. */
export interface RatingTexts {
  mail: {
    /** The question above the three links. */
    question: string;
    /** Each choice as a line of plain text: an icon, a word, the link. */
    choice: Record<RatingChoice, string>;
  };
  /** The word of each choice, on the page and in the portal. */
  choice: Record<RatingChoice, string>;
  icon: Record<RatingChoice, string>;
  page: {
    title: string;
    intro: (reference: string) => string;
    legend: string;
    comment: string;
    commentHint: (max: number) => string;
    send: string;
    changeable: string;
    thanks: string;
    tooLong: (max: number) => string;
  };
  portal: {
    nav: string;
    heading: (month: string) => string;
    previous: string;
    next: string;
    total: (n: number) => string;
    countsCaption: string;
    choiceColumn: string;
    institutionsCaption: string;
    institutionColumn: string;
    commentsHeading: string;
    noComments: string;
    reference: string;
    date: string;
    comment: string;
    countedBy: string;
  };
}

const ICONS: Record<RatingChoice, string> = { good: '🙂', neutral: '😐', bad: '🙁' };

export const RATING_TEXTS: Record<Language, RatingTexts> = {
  fr: {
    mail: {
      question: 'Cette réponse vous a-t-elle aidé ? Dites-le-nous (un commentaire est possible) :',
      choice: { good: '🙂 Bien', neutral: '😐 Moyen', bad: '🙁 Pas bien' },
    },
    choice: { good: 'Bien', neutral: 'Moyen', bad: 'Pas bien' },
    icon: ICONS,
    page: {
      title: 'Votre avis sur notre réponse',
      intro: (reference) => `Votre avis sur la réponse à la demande ${reference}.`,
      legend: 'Cette réponse vous a-t-elle aidé ?',
      comment: 'Commentaire (facultatif)',
      commentHint: (max) => `Texte libre, ${max} caractères au plus. Lu uniquement par le helpdesk.`,
      send: 'Envoyer',
      changeable: 'Vous pouvez changer votre avis plus tard avec le même lien : le dernier envoyé compte.',
      thanks: 'Merci, votre avis est enregistré.',
      tooLong: (max) => `Le commentaire dépasse ${max} caractères : raccourcissez-le.`,
    },
    portal: {
      nav: 'Avis',
      heading: (month) => `Avis des demandeurs — ${month}`,
      previous: 'Mois précédent',
      next: 'Mois suivant',
      total: (n) => `${n} avis sur les demandes répondues ce mois-ci.`,
      countsCaption: 'Avis par choix',
      choiceColumn: 'Choix',
      institutionsCaption: 'Avis par institution',
      institutionColumn: 'Institution',
      commentsHeading: 'Commentaires',
      noComments: 'Aucun commentaire ce mois-ci.',
      reference: 'Référence',
      date: 'Date',
      comment: 'Commentaire',
      countedBy:
        "Un avis compte dans le mois où sa demande a reçu sa réponse ; s'il est changé, seul le dernier compte.",
    },
  },
  nl: {
    mail: {
      question: 'Heeft dit antwoord u geholpen? Laat het ons weten (een opmerking kan ook):',
      choice: { good: '🙂 Goed', neutral: '😐 Neutraal', bad: '🙁 Slecht' },
    },
    choice: { good: 'Goed', neutral: 'Neutraal', bad: 'Slecht' },
    icon: ICONS,
    page: {
      title: 'Uw mening over ons antwoord',
      intro: (reference) => `Uw mening over het antwoord op aanvraag ${reference}.`,
      legend: 'Heeft dit antwoord u geholpen?',
      comment: 'Opmerking (optioneel)',
      commentHint: (max) => `Vrije tekst, hoogstens ${max} tekens. Alleen de helpdesk leest ze.`,
      send: 'Versturen',
      changeable: 'U kunt uw mening later met dezelfde link wijzigen: de laatst verstuurde telt.',
      thanks: 'Bedankt, uw mening is opgeslagen.',
      tooLong: (max) => `De opmerking is langer dan ${max} tekens: maak ze korter.`,
    },
    portal: {
      nav: 'Beoordelingen',
      heading: (month) => `Beoordelingen van aanvragers — ${month}`,
      previous: 'Vorige maand',
      next: 'Volgende maand',
      total: (n) =>
        `${n} ${n === 1 ? 'beoordeling' : 'beoordelingen'} van aanvragen die deze maand beantwoord zijn.`,
      countsCaption: 'Beoordelingen per keuze',
      choiceColumn: 'Keuze',
      institutionsCaption: 'Beoordelingen per instelling',
      institutionColumn: 'Instelling',
      commentsHeading: 'Opmerkingen',
      noComments: 'Geen opmerkingen deze maand.',
      reference: 'Referentie',
      date: 'Datum',
      comment: 'Opmerking',
      countedBy:
        'Een beoordeling telt in de maand waarin haar aanvraag beantwoord werd; wordt ze gewijzigd, dan telt alleen de laatste.',
    },
  },
  en: {
    mail: {
      question: 'Was this answer helpful? Let us know (a comment is welcome too):',
      choice: { good: '🙂 Good', neutral: '😐 Neutral', bad: '🙁 Bad' },
    },
    choice: { good: 'Good', neutral: 'Neutral', bad: 'Bad' },
    icon: ICONS,
    page: {
      title: 'Your opinion of our answer',
      intro: (reference) => `Your opinion of the answer to request ${reference}.`,
      legend: 'Was this answer helpful?',
      comment: 'Comment (optional)',
      commentHint: (max) => `Plain text, at most ${max} characters. Read by the helpdesk only.`,
      send: 'Send',
      changeable: 'You can change it later with the same link: the last one sent counts.',
      thanks: 'Thank you, your rating is recorded.',
      tooLong: (max) => `The comment is longer than ${max} characters: please shorten it.`,
    },
    portal: {
      nav: 'Ratings',
      heading: (month) => `Requesters' ratings — ${month}`,
      previous: 'Previous month',
      next: 'Next month',
      total: (n) => `${n} ${n === 1 ? 'rating' : 'ratings'} of requests answered this month.`,
      countsCaption: 'Ratings per choice',
      choiceColumn: 'Choice',
      institutionsCaption: 'Ratings per institution',
      institutionColumn: 'Institution',
      commentsHeading: 'Comments',
      noComments: 'No comments this month.',
      reference: 'Reference',
      date: 'Date',
      comment: 'Comment',
      countedBy:
        'A rating counts in the month its request was answered; when it is changed, only the last one counts.',
    },
  },
};
