import type { Account } from '../../domain/account';
import type { HeaderVerdicts, MissingItem, RequestKind } from '../../domain/mail';
import type { OutgoingMail } from '../../domain/ports';
import { AlmaAccountsError } from '../../errors';

export type IngestOutcome = 'accepted' | 'needs-info' | 'rejected' | 'forwarded' | 'duplicate';

/** The result contract of DESIGN.md (`alma-accounts ingest --json`). */
export interface IngestResult {
  messageId: string;
  outcome: IngestOutcome;
  kind: RequestKind;
  reference: string | null;
  missing: MissingItem[];
  reason: string | null;
  account: AccountView | null;
}

export interface AccountView {
  fullName: string;
  email: string;
  accountType: Account['accountType'];
  employeeType: Account['employeeType'];
  supervisorEmail: string | null;
  endDate: string | null;
  institution: string;
  trainingRecommended: boolean;
}

export function accountView(a: Account): AccountView {
  return {
    fullName: a.fullName,
    email: a.email,
    accountType: a.accountType,
    employeeType: a.employeeType,
    supervisorEmail: a.supervisorEmail,
    endDate: a.endDate,
    institution: a.institution,
    trainingRecommended: a.trainingRecommended,
  };
}

export interface InboundMail {
  /** SES messageId (the S3 object key); for files, the mail's own Message-ID. */
  messageId: string;
  raw: Uint8Array;
  /** From the SES event's receipt in AWS; null → read from the stored mail's headers (ingest of files). */
  verdicts: HeaderVerdicts | null;
  now: Date;
  /**
   * Another delivery of this message is still being processed (its lease is live): `duplicate`
   * answers so (CLI, SMTP); `retry` throws MessageInFlightError so Lambda retries the event later,
   * in case that other attempt dies before finishing (its lease then runs out).
   */
  whenInFlight?: 'duplicate' | 'retry';
}

export class MessageInFlightError extends AlmaAccountsError {}

/** What was decided about one mail: its result, the answers to send, the store writes that go with them. */
export interface InboundDecision {
  result: Omit<IngestResult, 'messageId'>;
  answers: OutgoingMail[];
  /** Store writes that may run alongside the answers (all must succeed before the message is done). */
  writes?: Promise<void>[];
}
