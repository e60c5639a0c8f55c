import type { Language } from '../language';
import { labelled } from '../plain-text';
import { ALMA_TEXTS } from '../texts/alma-texts';
import { type LinkApprovalInput, linkApprovalLines, userRecordLines } from './helpdesk-mails';
import type { AlmaUser } from './user-record';

/**
 * The Alma sentences of the answers to an accepted request, saying what really happened:
 * the manager's confirmation and the helpdesk's copy (FR/NL/EN). The inbound flow picks one by
 * the provisioning outcome; `by-helpdesk` is today's wording, for institutions with provisioning off
 * or when Alma failed.
 */
export type ManagerAlmaStatus = 'created' | 'linked' | 'awaiting-approval' | 'awaiting-link' | 'by-helpdesk';

/** The manager's sentence about Alma (replaces request-answers.ts `willCreate` in the confirmation). */
export function managerAlmaSentence(language: Language, status: ManagerAlmaStatus): string {
  return ALMA_TEXTS[language].manager[status];
}

/** The manager's line listing the role profiles read from the tasks, so a misreading is corrected. */
export function managerProfilesLine(language: Language, profiles: readonly string[]): string {
  return ALMA_TEXTS[language].profiles.understood(profiles.join(', '));
}

/** The helpdesk copy's line when the tasks could not be mapped to role profiles with confidence. */
export function helpdeskProfilesUnsure(language: Language): string {
  return ALMA_TEXTS[language].profiles.unsure;
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

/** The action line of the helpdesk copy (replaces "To do in Alma: create a personal account"). */
export function helpdeskAlmaAction(language: Language, status: HelpdeskAlmaInput['status']): string {
  return ALMA_TEXTS[language].helpdesk.action[status];
}

/** Why a renewal or closure leaves Alma alone, when that is the right thing; undefined otherwise. */
export function helpdeskNothingInAlma(language: Language, reason: string | undefined): string | undefined {
  const texts = ALMA_TEXTS[language].nothingInAlma;
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
  if (input.done) return ALMA_TEXTS[language].expiryDone(input.expiry);
  return `${input.todo} (${labelled(language, ALMA_TEXTS[language].expiryNotDone, input.answer)})`;
}

/** The Alma block of the helpdesk copy: the approval link and the exact record, or what Alma answered. */
export function helpdeskAlmaBlock(language: Language, input: HelpdeskAlmaInput): string {
  const h = ALMA_TEXTS[language].helpdesk;
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
