import type { Config, Language } from '../../config/schema';
import type { Account } from '../../domain/account';
import {
  acceptedAnswer,
  forwardedMail,
  helpdeskCopy,
  type ParsedMail,
  type RejectionReason,
  type RequestFields,
  type RequestKind,
  type RequestReading,
  rejectedAnswer,
  trainingNotice,
} from '../../domain/mail';
import type { OutgoingMail } from '../../domain/ports';
import type { InboundDecision } from './ingest-result';

/** Headers that keep our answer in the sender's thread (and mark it as an automatic reply). */
export function threadHeaders(parsed: ParsedMail): Record<string, string> {
  const id = `<${parsed.messageId}>`;
  return {
    'Auto-Submitted': 'auto-replied',
    'In-Reply-To': id,
    References: [...parsed.references.map((r) => `<${r.replace(/^<|>$/g, '')}>`), id].join(' '),
  };
}

export function withReference(headers: Record<string, string>, reference: string | null) {
  return { ...headers, 'X-Alma-Accounts-Reference': reference ?? 'none' };
}

/** Why a request is refused, told to its sender in the thread. */
export function rejection(
  parsed: ParsedMail,
  reading: RequestReading,
  language: Language,
  reason: RejectionReason,
  reference: string | null,
): InboundDecision {
  const text = rejectedAnswer({ language, reason, kind: reading.kind, ...(reference ? { reference } : {}) });
  return {
    result: { outcome: 'rejected', kind: reading.kind, reference, missing: [], reason, account: null },
    answers: [
      {
        to: [parsed.from!.address],
        subject: text.subject,
        text: text.text,
        headers: withReference(threadHeaders(parsed), reference),
      },
    ],
  };
}

/** Mail that is not an account request goes to the human helpdesk, the original attached unchanged. */
export function forwardToHelpdesk(
  config: Config,
  parsed: ParsedMail,
  raw: Uint8Array,
  why: string,
  reference: string | null,
  kind: RequestKind,
): InboundDecision {
  const text = forwardedMail({
    from: parsed.from?.address ?? '',
    subject: parsed.subject,
    date: parsed.date,
    text: parsed.text,
    reason: why,
  });
  return {
    result: { outcome: 'forwarded', kind, reference, missing: [], reason: why, account: null },
    answers: [
      {
        to: [config.helpdesk],
        subject: text.subject,
        text: text.text,
        ...(parsed.from ? { replyTo: [parsed.from.address] } : {}),
        headers: {
          'Auto-Submitted': 'auto-forwarded',
          'X-Alma-Accounts-Reference': reference ?? 'forwarded',
        },
        // The original, unchanged, so the helpdesk can answer it as it was written.
        attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: raw }],
      },
    ],
  };
}

/** The answers to an accepted request: the requester's confirmation, the helpdesk's copy, the training notice. */
export function acceptanceAnswers(input: {
  config: Config;
  kind: RequestKind;
  reference: string;
  institution: string;
  requester: string;
  language: Language;
  account: Account;
  /** The request's fields as read, listed back so a misreading is seen at once. */
  understood: RequestFields;
  headers: Record<string, string>;
}): OutgoingMail[] {
  const { config, kind, reference, account, requester } = input;
  const summary = {
    fullName: account.fullName,
    email: account.email,
    accountType: account.accountType,
    employeeType: account.employeeType,
    supervisorEmail: account.supervisorEmail,
  };
  const accepted = acceptedAnswer({
    language: input.language,
    reference,
    kind,
    account: summary,
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: account.trainingRecommended && kind === 'new-personal',
    understood: input.understood,
  });
  const copy = helpdeskCopy({
    reference,
    kind,
    institution: input.institution,
    requester,
    account: { ...summary, tasks: account.tasks },
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: account.trainingRecommended,
    language: config.alerts.language,
  });
  const generated = { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': reference };
  const answers: OutgoingMail[] = [
    { to: [requester], subject: accepted.subject, text: accepted.text, headers: input.headers },
    {
      to: [config.helpdesk],
      subject: copy.subject,
      text: copy.text,
      replyTo: [requester],
      headers: generated,
    },
  ];
  if (kind === 'new-personal' && account.trainingRecommended && config.trainingCoordinators.length) {
    const notice = trainingNotice({
      reference,
      institution: input.institution,
      fullName: account.fullName,
      email: account.email,
      tasks: account.tasks,
      supervisorEmail: account.supervisorEmail,
      language: config.alerts.language,
    });
    answers.push({
      to: config.trainingCoordinators,
      cc: [requester],
      subject: notice.subject,
      text: notice.text,
      headers: generated,
    });
  }
  return answers;
}
