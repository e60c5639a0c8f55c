import type { Account } from '../account';
import { normaliseWords } from '../mail/fields';
import { type ProvisioningInstitution, primaryIdFor } from './provisioning';
import { type AlmaUser, type AlmaUserView, almaUserView } from './user-record';

/**
 * Linking accounts that came in by import (or before provisioning was switched on) to the Alma
 * users the institution already has. Pure: from an account and what Alma holds under its primary
 * id to one verdict. Only the same person is ever linked: the user's e-mails include the
 * account's address and the names are the same words (order, case and accents aside).
 */
export type ImportLinkVerdict =
  /** Alma holds this account's person: linking records it (nothing is changed in Alma). */
  | { kind: 'found'; accountId: string; primaryId: string; held: AlmaUserView }
  /** Alma has no user under the primary id. */
  | { kind: 'missing'; accountId: string; primaryId: string }
  /** Alma's user under the primary id is someone else (or may be): listed for the helpdesk, never linked. */
  | {
      kind: 'different-person';
      accountId: string;
      primaryId: string;
      held: AlmaUserView;
      why: ('email' | 'name')[];
    };

/** The accounts to look up: open, of this institution, not linked and not waiting for the helpdesk. */
export function needsImportLink(account: Account, institution: ProvisioningInstitution): boolean {
  const state = account.alma?.state;
  return (
    account.institution === institution.code &&
    account.status !== 'closed' &&
    account.accountType === 'personal' &&
    !account.alma?.linkedAt &&
    state !== 'awaiting-approval' &&
    state !== 'awaiting-link' &&
    state !== 'creating'
  );
}

export function importLinkPrimaryId(account: Account, institution: ProvisioningInstitution): string {
  return account.alma?.primaryId ?? primaryIdFor(account, institution.almaUser);
}

const nameWords = (name: string) => normaliseWords(name).split(' ').filter(Boolean).sort().join(' ');

/** The verdict for one account, from what Alma holds under its primary id (null: no such user). */
export function decideImportLink(
  account: Account,
  institution: ProvisioningInstitution,
  existing: AlmaUser | null,
): ImportLinkVerdict {
  const primaryId = importLinkPrimaryId(account, institution);
  if (!existing) return { kind: 'missing', accountId: account.id, primaryId };
  const held = almaUserView(existing);
  const why: ('email' | 'name')[] = [];
  if (!held.emails.includes(account.email.trim().toLowerCase())) why.push('email');
  if (!held.name || nameWords(held.name) !== nameWords(account.fullName)) why.push('name');
  return why.length
    ? { kind: 'different-person', accountId: account.id, primaryId, held, why }
    : { kind: 'found', accountId: account.id, primaryId, held };
}
