import type { Account } from '../../domain/account';
import type { AccountRequest, ForwardedMail, InboundPlan } from '../../domain/requests';

/*
 * The portal's list keys (README "Portal"). Every sort key ends in `!<id>`: '!' sorts before
 * every character a key part holds, so "Ann" lists before "Ann Marie" and equal values stay in
 * id order. Written with every account and request (account-store.ts, request-store.ts).
 */

/** A name as it sorts and is searched: no accents, lower case, runs of other characters one '-'. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** An address as it sorts and is searched (lower case; '!' never occurs in one we accept). */
export function emailKey(email: string): string {
  return email.toLowerCase().trim();
}

/** The partition of an institution's accounts in the portal's indexes: open and closed apart. */
export function accountListPartition(institution: string, closed: boolean): string {
  return `INST#${institution}#${closed ? 'closed' : 'open'}`;
}

/** No end date sorts after every date. */
export const NO_END = '9999-12-31';

export function accountListKeys(account: Account): Record<string, string> {
  const pk = accountListPartition(account.institution, account.status === 'closed');
  const name = nameKey(account.fullName);
  const almaStep = account.alma?.state ?? 'none';
  return {
    GSI5PK: pk,
    GSI5SK: `${name}!${account.id}`,
    GSI6PK: pk,
    GSI6SK: `${emailKey(account.email)}!${account.id}`,
    GSI7PK: pk,
    GSI7SK: `${account.endDate ?? NO_END}!${account.id}`,
    GSI8PK: pk,
    GSI8SK: `${account.employeeType}!${account.accountType}!${name}!${account.id}`,
    ...(account.status !== 'closed' && (ALMA_WAITING_STATES as readonly string[]).includes(almaStep)
      ? {
          GSI9PK: almaWaitingPartition(account.institution, almaStep as AlmaWaitingState),
          GSI9SK: `${account.updatedAt}!${account.id}`,
        }
      : {}),
  };
}

/**
 * Alma steps that wait for the helpdesk (GSI9, sparse: open accounts in one of them): `none`, no
 * Alma step yet (in an institution that provisions on approval, the user waits for its click),
 * waiting for the approval or the link decision, or failed.
 */
export const ALMA_WAITING_STATES = ['none', 'awaiting-approval', 'awaiting-link', 'failed'] as const;
export type AlmaWaitingState = (typeof ALMA_WAITING_STATES)[number];
export const almaWaitingPartition = (institution: string, state: AlmaWaitingState) =>
  `ALMA#${institution}#${state}`;

export const requestsOfInstitution = (institution: string) => `REQ#${institution}`;
export const requestsOfSender = (sender: string) => `REQBY#${emailKey(sender)}`;

export function requestListKeys(request: AccountRequest): Record<string, string> {
  return {
    GSI5PK: requestsOfInstitution(request.institution),
    GSI5SK: `${request.createdAt}!${request.reference}`,
    GSI6PK: requestsOfSender(request.sender),
    GSI6SK: `${request.createdAt}!${request.reference}`,
    GSI7PK: requestsOfInstitution(request.institution),
    GSI7SK: `${request.updatedAt}!${request.reference}`,
  };
}

/**
 * Mail forwarded to the human helpdesk waits for a person (GSI9, sparse, newest last): the plan
 * item of a forwarded mail carries the key; a plan dropped (re-decided) takes it along.
 */
export const FORWARDED_PARTITION = 'PERSON#forwarded';

/** What a forwarded plan shows in the portal; plans recorded before it was kept are read from their forward. */
export function forwardedMailOf(plan: InboundPlan): ForwardedMail | undefined {
  if (plan.result.outcome !== 'forwarded') return undefined;
  if (plan.forwarded) return plan.forwarded;
  const forward = plan.answers.find((a) => a.id === 'forward')?.mail;
  return {
    messageId: plan.messageId,
    sender: forward?.replyTo?.[0] ?? null,
    institution: null,
    subject: forward?.subject ?? '',
    receivedAt: plan.decidedAt,
    reason: plan.result.reason ?? '',
    reference: plan.result.reference,
  };
}

export function forwardedListKeys(forwarded: ForwardedMail): Record<string, string> {
  return { GSI9PK: FORWARDED_PARTITION, GSI9SK: `${forwarded.receivedAt}!${forwarded.messageId}` };
}
