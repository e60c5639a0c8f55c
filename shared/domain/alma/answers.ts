import type { Language } from '../../config/schema';
import { labelled } from '../text';
import { type LinkApprovalInput, linkApprovalLines, userRecordLines } from './messages';
import type { AlmaUser } from './user-record';

/**
 * The Alma sentences of the answers to an accepted request, saying what really happened:
 * the manager's confirmation and the helpdesk's copy (FR/NL/EN). The inbound flow picks one by
 * the provisioning outcome; `by-helpdesk` is today's wording, for institutions with provisioning off
 * or when Alma failed.
 */
export type ManagerAlmaStatus = 'created' | 'linked' | 'awaiting-approval' | 'awaiting-link' | 'by-helpdesk';

const MANAGER: Record<Language, Record<ManagerAlmaStatus, string>> = {
  fr: {
    created: 'Le compte a été créé dans Alma.',
    linked: 'Le compte est lié à son utilisateur existant dans Alma.',
    'awaiting-link':
      "Alma a déjà un utilisateur pour cette adresse ; rien n'y a été modifié. Le compte attend le helpdesk, qui vérifiera cet utilisateur avant de le lier.",
    'awaiting-approval': 'Le compte sera créé dans Alma après l’approbation du helpdesk.',
    'by-helpdesk': 'Le helpdesk va créer le compte dans Alma.',
  },
  nl: {
    created: 'De account is aangemaakt in Alma.',
    linked: 'De account is gekoppeld aan de bestaande gebruiker in Alma.',
    'awaiting-link':
      'Alma heeft al een gebruiker voor dit adres; daaraan werd niets gewijzigd. De account wacht op de helpdesk, die deze gebruiker controleert voordat hij hem koppelt.',
    'awaiting-approval': 'De account wordt in Alma aangemaakt na goedkeuring door de helpdesk.',
    'by-helpdesk': 'De helpdesk maakt de account aan in Alma.',
  },
  en: {
    created: 'The account has been created in Alma.',
    linked: 'The account is linked to its existing user in Alma.',
    'awaiting-link':
      'Alma already has a user for this address; nothing was changed in it. The account is waiting for the helpdesk, who will check that user before linking it.',
    'awaiting-approval': 'The account will be created in Alma after the helpdesk’s approval.',
    'by-helpdesk': 'The helpdesk will create the account in Alma.',
  },
};

/** The manager's sentence about Alma (replaces answers.ts `willCreate` in the confirmation). */
export function managerAlmaSentence(language: Language, status: ManagerAlmaStatus): string {
  return MANAGER[language][status];
}

const PROFILES: Record<Language, { understood: (profiles: string) => string; unsure: string }> = {
  fr: {
    understood: (p) =>
      `Profils de rôles Alma compris d’après les tâches : ${p}. S’ils ne conviennent pas, corrigez les tâches en répondant à ce message.`,
    unsure:
      'Tâches non comprises avec certitude : profil de rôles par défaut attribué ; vérifiez les rôles avec le demandeur.',
  },
  nl: {
    understood: (p) =>
      `Alma-rolprofielen begrepen uit de taken: ${p}. Kloppen ze niet? Verbeter de taken in een antwoord op dit bericht.`,
    unsure:
      'Taken niet met zekerheid begrepen: standaard rolprofiel toegekend; controleer de rollen met de aanvrager.',
  },
  en: {
    understood: (p) =>
      `Alma role profiles understood from the tasks: ${p}. If they are not right, correct the tasks in a reply to this message.`,
    unsure:
      'Tasks not understood with confidence: the default role profile was given; check the roles with the requester.',
  },
};

/** The manager's line listing the role profiles read from the tasks, so a misreading is corrected. */
export function managerProfilesLine(language: Language, profiles: readonly string[]): string {
  return PROFILES[language].understood(profiles.join(', '));
}

/** The helpdesk copy's line when the tasks could not be mapped to role profiles with confidence. */
export function helpdeskProfilesUnsure(language: Language): string {
  return PROFILES[language].unsure;
}

/** What the helpdesk copy says about Alma, by provisioning outcome. */
export type HelpdeskAlmaInput =
  | {
      status: 'awaiting-approval';
      approvalUrl: string;
      user: AlmaUser;
      profiles: string[];
      /** The tasks could not be mapped with confidence (the default profile). */
      profilesUnsure?: boolean;
    }
  | ({ status: 'awaiting-link' } & LinkApprovalInput)
  | { status: 'created' | 'linked'; primaryId: string; answer: string }
  | { status: 'failed'; accountId: string; answer: string };

const HELPDESK = {
  fr: {
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
  nl: {
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
  en: {
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
} as const;

/** The action line of the helpdesk copy (replaces "To do in Alma: create a personal account"). */
export function helpdeskAlmaAction(language: Language, status: HelpdeskAlmaInput['status']): string {
  return HELPDESK[language].action[status];
}

const EXPIRY_DONE: Record<Language, (date: string) => string> = {
  fr: (date) => `Fait dans Alma : date d’expiration ${date}`,
  nl: (date) => `Gedaan in Alma: vervaldatum ${date}`,
  en: (date) => `Done in Alma: expiry date ${date}`,
};
const EXPIRY_NOT_DONE: Record<Language, string> = {
  fr: 'Alma n’a pas été modifié',
  nl: 'Alma werd niet gewijzigd',
  en: 'Alma was not changed',
};

const NOTHING_IN_ALMA: Record<Language, Record<'closing' | 'cancelled' | 'awaiting-approval', string>> = {
  fr: {
    closing: 'Rien à faire dans Alma : Alma n’a pas d’utilisateur pour ce compte',
    cancelled:
      'Rien à faire dans Alma : l’utilisateur attendait encore l’approbation, elle est annulée (rien n’a été créé)',
    'awaiting-approval':
      'Rien à faire dans Alma pour l’instant : l’utilisateur attend l’approbation, il sera créé avec ces dates',
  },
  nl: {
    closing: 'Niets te doen in Alma: Alma heeft geen gebruiker voor deze account',
    cancelled:
      'Niets te doen in Alma: de gebruiker wachtte nog op goedkeuring, die vervalt (er werd niets aangemaakt)',
    'awaiting-approval':
      'Nu niets te doen in Alma: de gebruiker wacht op goedkeuring en wordt met deze data aangemaakt',
  },
  en: {
    closing: 'Nothing to do in Alma: Alma has no user for this account',
    cancelled:
      'Nothing to do in Alma: the user was still awaiting approval, which is cancelled (nothing was created)',
    'awaiting-approval':
      'Nothing to do in Alma yet: the user awaits approval and will be created with these dates',
  },
};

/** Why a renewal or closure leaves Alma alone, when that is the right thing; undefined otherwise. */
export function helpdeskNothingInAlma(language: Language, reason: string | undefined): string | undefined {
  const texts = NOTHING_IN_ALMA[language];
  return reason && reason in texts ? texts[reason as keyof typeof texts] : undefined;
}

/**
 * The action line of the helpdesk copy of a renewal or closure whose Alma dates the suite moves:
 * done (with the date now in Alma), or the helpdesk's to do, saying why and what Alma answered.
 */
export function helpdeskExpiryAction(
  language: Language,
  input: { done: true; expiry: string } | { done: false; todo: string; answer: string },
): string {
  if (input.done) return EXPIRY_DONE[language](input.expiry);
  return `${input.todo} (${labelled(language, EXPIRY_NOT_DONE[language], input.answer)})`;
}

/** The Alma block of the helpdesk copy: the approval link and the exact record, or what Alma answered. */
export function helpdeskAlmaBlock(language: Language, input: HelpdeskAlmaInput): string {
  const h = HELPDESK[language];
  if (input.status === 'awaiting-approval') {
    return [
      h.approve,
      input.approvalUrl,
      '',
      ...userRecordLines(input.user).map(([field, value]) => `  ${field}: ${value}`),
      `  (${labelled(language, h.profiles, input.profiles.join(', '))})`,
      ...(input.profilesUnsure ? [helpdeskProfilesUnsure(language)] : []),
    ].join('\n');
  }
  if (input.status === 'awaiting-link') return linkApprovalLines(language, input).join('\n');
  if (input.status === 'failed')
    return `${labelled(language, h.answer, input.answer)}\n${labelled(language, h.retry, `alma-accounts alma push ${input.accountId}`)}`;
  return `primary_id: ${input.primaryId}\n${labelled(language, h.answer, input.answer)}`;
}
