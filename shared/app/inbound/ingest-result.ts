import type { HeaderVerdicts } from '../../domain/mail';

export type { AccountView, IngestOutcome, IngestResult } from '../../domain/requests';
export { accountView } from '../../domain/requests';
export { MessageInFlightError } from '../../errors';

/** What SES's receipt says of a mail it received (AWS); the mail's own headers are never trusted for this. */
export interface ReceiptFacts {
  verdicts: HeaderVerdicts;
  /** The envelope sender (`mail.source`): the domain SPF was checked for. */
  envelopeSender: string | null;
}

export interface InboundMail {
  /** SES messageId (the S3 object key); for files, a hash of the bytes (two mails never share one). */
  messageId: string;
  raw: Uint8Array;
  /** From the SES event in AWS; null → read SES's own Authentication-Results in the stored mail (files). */
  receipt: ReceiptFacts | null;
  now: Date;
  /**
   * Another delivery of this message is still being processed: `duplicate` answers so (CLI, SMTP);
   * `retry` throws MessageInFlightError so Lambda retries the event later (the Lambda's choice).
   */
  whenInFlight?: 'duplicate' | 'retry';
}
