import type { RequestFields, RequestKind } from './mail';

/**
 * The request mailbox's records: one per request reference (found again by the reference a
 * reply carries) and one per inbound message (the ledger that makes a delivery count once).
 */
export type RequestStatus = 'pending' | 'accepted' | 'rejected';

export interface AccountRequest {
  reference: string;
  status: RequestStatus;
  kind: RequestKind;
  institution: string;
  /** Who sent the request (the original requester; replies may come from another manager). */
  sender: string;
  language: string;
  fields: RequestFields;
  accountId?: string;
  messageIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type MessageState = 'processing' | 'done';

export interface MessageRecord {
  messageId: string;
  state: MessageState;
  leaseUntil: number;
  reference?: string;
  result?: Record<string, unknown>;
  /** Answers already sent (index in the planned list), so a retry sends only the rest. */
  sentAnswers?: number[];
}

export type MessageBegin = { status: 'started' | 'busy' | 'done'; record?: MessageRecord };
